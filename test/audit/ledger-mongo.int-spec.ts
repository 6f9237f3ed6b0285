import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { COMMITS_COLLECTION, type MongoCommitDocument, type StoredEvent } from '@followup/event-store';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient, richInitiative } from '../support/initiatives-client';

// The API on the MongoDB-compatible server (FerretDB where no Docker engine runs), in-process bus.
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

jest.setTimeout(60_000);

describe('tamper evidence over HTTP with the MongoDB event store: commit documents edited behind the service', () => {
  const dbName = `audit_e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let api: ApiHarness;
  let auditor: InitiativesClient;
  let client: MongoClient;
  let events: StoredEvent[];
  const commits = () => client.db(dbName).collection<MongoCommitDocument>(COMMITS_COLLECTION);
  const verify = async (query: Record<string, string> = {}) =>
    (await expectStatus(auditor.get('/audit/verify').query(query), 200)).body;

  beforeAll(async () => {
    client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    api = await startApi({ env: { MONGO_URL, MONGO_DB: dbName } });
    auditor = await InitiativesClient.as(api, ['auditor']);
    const cw = await InitiativesClient.as(api, ['caseworker']);
    const fixture = await richInitiative(cw);
    await cw.recordMeasurement(fixture.id, fixture.indicatorId, { value: 12.75, at: '2025-03-01T00:00:00Z' });
    await cw.register({ title: 'Another focus area' });
    const text = (
      await expectStatus(
        auditor
          .get('/audit/export')
          .buffer(true)
          .parse((res, done) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => done(null, body));
          }),
        200,
      )
    ).body as string;
    events = text
      .trimEnd()
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line));
  });
  afterAll(async () => {
    await api?.dispose();
    await client?.db(dbName).dropDatabase();
    await client?.close();
  });

  const holding = async (eventId: string) => {
    const doc = (await commits().findOne({ 'events.eventId': eventId }))!;
    return { doc, index: doc.events.findIndex((e) => e.eventId === eventId) };
  };

  it('verifies the untouched record, with Mongo positions (seq * 1000 + index)', async () => {
    expect(events.length).toBeGreaterThan(5);
    expect(events.slice(0, 2).map((e) => e.position)).toEqual([1000, 2000]);
    expect(await verify()).toMatchObject({
      ok: true,
      checkedEvents: events.length,
      head: { position: events[events.length - 1]!.position },
    });
  });

  it('names an event whose data was changed in its commit document', async () => {
    const target = events.find(
      (e) => e.type === 'MeasurementRecorded' && (e.data as { value: number }).value === 12.75,
    )!;
    const { doc, index } = await holding(target.eventId);
    const original = doc.events[index]!.data;
    doc.events[index]!.data = { ...(original as object), value: 99 };
    await commits().replaceOne({ _id: doc._id }, doc);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: {
        eventId: target.eventId,
        streamId: target.streamId,
        position: target.position,
        reason: 'hashMismatch',
      },
    });
    doc.events[index]!.data = original;
    await commits().replaceOne({ _id: doc._id }, doc);
    expect((await verify()).ok).toBe(true);
  });

  it('names the event after a deleted commit, and a deleted last commit of a stream through the saved digest', async () => {
    const saved = (await expectStatus(auditor.get('/audit/digest'), 200)).body.digest as string;
    const stream = events.filter((e) => e.streamId === events[0]!.streamId);
    const middle = await holding(stream[2]!.eventId);
    await commits().deleteOne({ _id: middle.doc._id });
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { eventId: stream[3]!.eventId, reason: 'versionGap' },
    });
    await commits().insertOne(middle.doc);
    expect((await verify({ digest: saved })).ok).toBe(true);

    const other = events[events.length - 1]!;
    const last = await holding(other.eventId);
    await commits().deleteOne({ _id: last.doc._id });
    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify({ digest: saved })).toMatchObject({ ok: false, digestMatches: false });
    await commits().insertOne(last.doc);
  });

  it('names the moved event when two events trade places', async () => {
    const stream = events.filter((e) => e.streamId === events[0]!.streamId);
    const [a, b] = [stream[1]!, stream[2]!];
    const first = await holding(a.eventId);
    const second = await holding(b.eventId);
    const [ea, eb] = [first.doc.events[first.index]!, second.doc.events[second.index]!];
    first.doc.events[first.index] = { ...eb, position: ea.position, streamVersion: ea.streamVersion };
    second.doc.events[second.index] = { ...ea, position: eb.position, streamVersion: eb.streamVersion };
    await commits().replaceOne({ _id: first.doc._id }, first.doc);
    await commits().replaceOne({ _id: second.doc._id }, second.doc);
    expect((await verify()).firstBroken).toMatchObject({
      eventId: b.eventId,
      position: a.position,
      streamVersion: a.streamVersion,
      reason: 'prevHashMismatch',
    });
  });
});
