import { randomUUID } from 'node:crypto';
import { CommandStartedEvent, MongoClient } from 'mongodb';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { WrongExpectedVersionError } from '../event-store.port';
import {
  COMMITS_COLLECTION,
  DEFAULT_WRITE_CONCERN,
  MongoCommitDocument,
  MongoEventStore,
  StreamIntegrityError,
} from './mongo-event-store';

// Real MongoDB-compatible server (MongoDB 7+, or FerretDB 1.24 where no Docker engine runs).
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

jest.setTimeout(60_000);

let client: MongoClient;
const commands: CommandStartedEvent[] = [];
const databases: string[] = [];

beforeAll(async () => {
  client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 10_000, monitorCommands: true });
  client.on('commandStarted', (event) => commands.push(event));
  await client.connect();
});

afterEach(async () => {
  // Runs after the contract's own afterEach (store.close), which leaves this shared client open.
  for (const name of databases.splice(0)) await client.db(name).dropDatabase();
  commands.length = 0;
});

afterAll(async () => {
  await client?.close();
});

/** A fresh, empty store in its own database (dropped after the test). */
async function freshStore(options: { gapRetries?: number; gapRetryDelayMs?: number } = {}): Promise<MongoEventStore> {
  const dbName = `es_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  databases.push(dbName);
  return MongoEventStore.create({ client, dbName, ...options });
}

eventStoreContract('MongoDB', () => freshStore());

describe('MongoEventStore starting', () => {
  it('starts in several processes at once on one fresh database', async () => {
    const dbName = `es_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    databases.push(dbName);
    // One client each, as separate processes have: their first upserts reach the server together.
    const clients = await Promise.all(
      Array.from({ length: 6 }, () => new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 10_000 }).connect()),
    );
    try {
      const stores = await Promise.all(clients.map((c) => MongoEventStore.create({ client: c, dbName })));
      const stream = `s-${randomUUID()}`;
      await stores[0]!.append(stream, [newEvent('A')], { expectedVersion: 0, commitId: randomUUID() });
      expect((await stores[5]!.readStream(stream)).map((e) => e.type)).toEqual(['A']);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});

describe('MongoEventStore (adapter specifics)', () => {
  let store: MongoEventStore;
  beforeEach(async () => {
    store = await freshStore({ gapRetries: 3, gapRetryDelayMs: 5 });
  });
  afterEach(async () => {
    await store.close();
  });

  const commits = () => store.db.collection<MongoCommitDocument>(COMMITS_COLLECTION);

  it('stores one document per commit whose events have contiguous positions', async () => {
    const stream = `s-${randomUUID()}`;
    const other = `o-${randomUUID()}`;
    const first = await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], {
      expectedVersion: 0,
      commitId: randomUUID(),
    });
    await store.append(other, [newEvent('X')], { expectedVersion: 0, commitId: randomUUID() });
    const second = await store.append(stream, [newEvent('D'), newEvent('E')], {
      expectedVersion: 3,
      commitId: randomUUID(),
    });

    for (const result of [first, second]) {
      const positions = result.events.map((e) => e.position);
      expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
      const doc = await commits().findOne({ _id: result.commitId });
      expect(doc).toMatchObject({
        streamId: stream,
        firstVersion: result.events[0]!.streamVersion,
        lastVersion: result.version,
        firstPosition: positions[0],
        lastPosition: positions[positions.length - 1],
        published: false,
        idempotencyKey: result.commitId,
        idempotencyFingerprint: null,
      });
      expect(doc!.events.map((e) => e.position)).toEqual(positions);
    }
    const read = await store.readStream(stream);
    expect(read.map((e) => [e.type, e.streamVersion])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
      ['D', 4],
      ['E', 5],
    ]);
    expect(read.map((e) => e.position)).toEqual([...first.events, ...second.events].map((e) => e.position));
    expect(await commits().countDocuments({})).toBe(3);
  });

  it('refuses to read a stream with a missing commit, naming the stream and the missing version', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, [newEvent('V1')], { expectedVersion: 0, commitId: randomUUID() });
    const middle = await store.append(stream, [newEvent('V2'), newEvent('V3')], {
      expectedVersion: 1,
      commitId: randomUUID(),
    });
    await store.append(stream, [newEvent('V4')], { expectedVersion: 3, commitId: randomUUID() });
    await commits().deleteOne({ _id: middle.commitId });

    const started = Date.now();
    const failure = store.readStream(stream);
    await expect(failure).rejects.toBeInstanceOf(StreamIntegrityError);
    await expect(failure).rejects.toThrow(`stream ${stream} is not contiguous: version 2 is missing`);
    await expect(failure).rejects.toMatchObject({ streamId: stream, missingVersion: 2 });
    // Bounded retries with tiny waits: it gives up quickly.
    expect(Date.now() - started).toBeLessThan(2_000);

    await expect(store.streamVersion(stream)).rejects.toThrow(
      `stream ${stream} is not contiguous: version 2 is missing`,
    );
    await expect(store.readStream(stream, 2)).rejects.toMatchObject({ streamId: stream, missingVersion: 2 });
    // Reads entirely past the gap see a contiguous range.
    expect((await store.readStream(stream, 4)).map((e) => e.type)).toEqual(['V4']);
  });

  it('reports a missing first commit as version 1', async () => {
    const stream = `s-${randomUUID()}`;
    const first = await store.append(stream, [newEvent('V1')], { expectedVersion: 0, commitId: randomUUID() });
    await store.append(stream, [newEvent('V2')], { expectedVersion: 1, commitId: randomUUID() });
    await commits().deleteOne({ _id: first.commitId });
    await expect(store.readStream(stream)).rejects.toMatchObject({ streamId: stream, missingVersion: 1 });
  });

  it('writes every commit and outbox mark with the journaled majority write concern', async () => {
    expect(store.writeConcern).toEqual(DEFAULT_WRITE_CONCERN);
    commands.length = 0;
    const stream = `s-${randomUUID()}`;
    const result = await store.append(stream, [newEvent()], { expectedVersion: 0, commitId: randomUUID() });
    await store.markPublished([result.commitId]);

    const writes = commands.filter(
      (c) => c.databaseName === store.db.databaseName && ['insert', 'findAndModify', 'update'].includes(c.commandName),
    );
    expect(writes.map((c) => c.commandName).sort()).toEqual(['insert', 'update']);
    for (const write of writes) expect(write.command.writeConcern).toEqual({ w: 'majority', j: true });
  });

  it('reads all events in small pages across multi-event commits without skipping or repeating', async () => {
    const before = await store.headPosition();
    const stream = `s-${randomUUID()}`;
    const sizes = [3, 1, 4, 2, 5];
    let version = 0;
    for (const [c, size] of sizes.entries()) {
      await store.append(
        stream,
        Array.from({ length: size }, (_, i) => newEvent(`C${c}E${i}`)),
        { expectedVersion: version, commitId: randomUUID() },
      );
      version += size;
    }
    const expected = (await store.readStream(stream)).map((e) => e.type);
    for (const limit of [1, 2, 3, 4, 7]) {
      const seen: string[] = [];
      let after = before;
      for (;;) {
        const page = await store.readAll({ after, limit });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(limit);
        seen.push(...page.map((e) => e.type));
        after = page[page.length - 1]!.position;
      }
      expect(seen).toEqual(expected);
    }
    const all = await store.readStream(stream);
    expect(await store.headPosition()).toBe(all[all.length - 1]!.position);
  });

  it('reads all events across many sequence buckets, and finds the head in a store it did not write', async () => {
    const streams = [`s-${randomUUID()}`, `t-${randomUUID()}`];
    for (let i = 0; i < 230; i++) {
      await store.append(streams[i % 2]!, [newEvent(`E${i}`)], { expectedVersion: i >> 1, commitId: randomUUID() });
    }
    const seen: string[] = [];
    for (let after = 0; ;) {
      const page = await store.readAll({ after, limit: 70 });
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.type));
      after = page[page.length - 1]!.position;
    }
    expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => `E${i}`));
    const reader = await MongoEventStore.create({ client, dbName: store.db.databaseName });
    const last = await store.readStream(streams[1]!);
    expect(await reader.headPosition()).toBe(last[last.length - 1]!.position);
    await reader.close();
  });

  it('gives commits stored before sequence buckets their bucket when it starts', async () => {
    const stream = `s-${randomUUID()}`;
    for (let i = 0; i < 3; i++) {
      await store.append(stream, [newEvent(`E${i}`)], { expectedVersion: i, commitId: randomUUID() });
    }
    // As an earlier version left them: no buckets, no outbox watermark, the first commit published.
    await commits().updateMany({}, { $unset: { seqBucket: '' } });
    await commits().updateOne({ seq: 1 }, { $set: { published: true } });
    await store.db.collection('store_meta').updateOne({ _id: 'event-store' as never }, { $set: { schema: 1 } });
    await store.db.collection('store_meta').deleteOne({ _id: 'outbox' as never });
    const restarted = await MongoEventStore.create({ client, dbName: store.db.databaseName });
    expect((await restarted.readAll({ after: 0, limit: 10 })).map((e) => e.type)).toEqual(['E0', 'E1', 'E2']);
    const pending = await restarted.readUnpublished(10);
    expect(pending.map((c) => c.events[0]!.type)).toEqual(['E1', 'E2']);
    await restarted.close();
  });

  it('publishes commits marked out of order once each, oldest first', async () => {
    const stream = `s-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        (await store.append(stream, [newEvent(`E${i}`)], { expectedVersion: i, commitId: randomUUID() })).commitId,
      );
    }
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual(ids);
    await store.markPublished([ids[1]!, ids[3]!]);
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([ids[0], ids[2]]);
    await store.markPublished([ids[0]!]);
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([ids[2]]);
    await store.markPublished([ids[2]!]);
    expect(await store.readUnpublished(10)).toEqual([]);
    // A store started later (another process) sees the same.
    const other = await MongoEventStore.create({ client, dbName: store.db.databaseName });
    expect(await other.readUnpublished(10)).toEqual([]);
    await other.close();
  });

  it('lists and marks its own commits without a query once it has looked at the server', async () => {
    const stream = `s-${randomUUID()}`;
    const first = await store.append(stream, [newEvent('E0')], { expectedVersion: 0, commitId: randomUUID() });
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([first.commitId]);
    await store.markPublished([first.commitId]);

    commands.length = 0;
    const second = await store.append(stream, [newEvent('E1')], { expectedVersion: 1, commitId: randomUUID() });
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([second.commitId]);
    await store.markPublished([second.commitId]);
    const asked = commands.filter((c) => c.databaseName === store.db.databaseName).map((c) => c.commandName);
    expect(asked).toEqual(['insert', 'update']); // the commit, then the watermark
    expect(await store.readUnpublished(10)).toEqual([]);
  });

  it("publishes another process's commit before this store's own that follow it, at once", async () => {
    const stream = `s-${randomUUID()}`;
    const mine = await store.append(stream, [newEvent('E0')], { expectedVersion: 0, commitId: randomUUID() });
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([mine.commitId]);
    await store.markPublished([mine.commitId]);
    // Another process appends next; this store's following append learns of it by the clash of numbers.
    const other = await MongoEventStore.create({ client, dbName: store.db.databaseName });
    const theirs = await other.append(stream, [newEvent('E1')], { expectedVersion: 1, commitId: randomUUID() });
    const after = await store.append(stream, [newEvent('E2')], { expectedVersion: 2, commitId: randomUUID() });
    expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([theirs.commitId, after.commitId]);
    await other.close();
  });

  it("keeps a refused writer from leaving anything behind, and reports the winner's version", async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, [newEvent(), newEvent()], { expectedVersion: 0, commitId: randomUUID() });
    const losing = randomUUID();
    await expect(store.append(stream, [newEvent()], { expectedVersion: 1, commitId: losing })).rejects.toEqual(
      new WrongExpectedVersionError(stream, 1, 2),
    );
    expect(await commits().findOne({ _id: losing })).toBeNull();
  });

  it('treats two concurrent appends of the very same commit as one commit', async () => {
    const stream = `s-${randomUUID()}`;
    const commitId = randomUUID();
    const events = [newEvent('Once'), newEvent('Twice')];
    const results = await Promise.all([
      store.append(stream, events, { expectedVersion: 0, commitId }),
      store.append(stream, events, { expectedVersion: 0, commitId }),
    ]);
    expect(results[0]).toEqual(results[1]);
    expect(results[0].version).toBe(2);
    expect(await commits().countDocuments({ streamId: stream })).toBe(1);
    // Sent again later (the stream has moved on), it is refused like any stale writer.
    await expect(store.append(stream, events, { expectedVersion: 0, commitId })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
  });

  it('refuses a commit id already used by another commit', async () => {
    const commitId = randomUUID();
    await store.append(`a-${randomUUID()}`, [newEvent()], { expectedVersion: 0, commitId });
    await expect(store.append(`b-${randomUUID()}`, [newEvent()], { expectedVersion: 0, commitId })).rejects.toThrow(
      `commit id ${commitId} is already used by another commit`,
    );
  });

  it('answers ping, and close leaves a client it did not create open', async () => {
    await store.ping();
    await store.close();
    await client.db('admin').command({ ping: 1 });
  });

  it('closes the client it created itself', async () => {
    const dbName = `es_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    databases.push(dbName);
    const own = await MongoEventStore.create({
      url: MONGO_URL,
      dbName,
      clientOptions: { serverSelectionTimeoutMS: 10_000 },
    });
    await own.ping();
    await own.close();
    await expect(own.ping()).rejects.toThrow();
  });
});
