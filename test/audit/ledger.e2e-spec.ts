import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Response } from 'supertest';
import { canonicalJson, eventHash, ledgerRoot, type StoredEvent } from '@followup/event-store';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient, richInitiative } from '../support/initiatives-client';

jest.setTimeout(30_000);

const ROUTES = ['/audit/digest', '/audit/verify', '/audit/export'];
const DIGEST = /^v1:(\d+):([0-9a-f]{64})$/;

/** Reads any response body as text (supertest only buffers types it knows). */
const asText = (
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (e: Error | null, body: string) => void,
) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
};

interface Trailer {
  type: 'ledgerDigest';
  digest: string;
  coveredPosition: number;
  root: string;
  heads: Array<{ streamId: string; version: number; hash: string }>;
  exportedEvents: number;
  lastPosition: number | null;
  from: string | null;
  to: string | null;
}

/** The code blocks of docs/verifying-an-export.md, so the tests run the documented recipes verbatim. */
function docBlock(language: 'python' | 'sh', index = 0): string {
  const doc = readFileSync(join(__dirname, '../../docs/verifying-an-export.md'), 'utf8');
  const blocks = [...doc.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
  if (!blocks[index]) throw new Error(`docs/verifying-an-export.md has no ${language} block #${index}`);
  return blocks[index]!;
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasJq = spawnSync('jq', ['--version']).status === 0;

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    else field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  return rows;
}

async function buildRecord(api: ApiHarness) {
  const cw = await InitiativesClient.as(api, ['caseworker'], 'kari', 'Kari Nordmann');
  api.clock.set('2025-03-01T12:00:00.000Z');
  const fixture = await richInitiative(cw);
  api.clock.set('2025-03-05T10:00:00.000Z');
  const project = await cw.register({ kind: 'project', title: 'Tablets, "pilot" 1', parentId: fixture.id });
  await cw.recordMeasurement(fixture.id, fixture.indicatorId, {
    value: 0.00001,
    at: '2025-03-04T00:00:00Z',
    note: 'Målt av "Kari",\nny linje',
  });
  await cw.recordMeasurement(fixture.id, fixture.indicatorId, { value: 12.75, at: '2025-03-05T00:00:00Z' });
  api.clock.set('2025-03-10T08:00:00.000Z');
  await cw.decide(fixture.id, { caseRef: '2025/0042' });
  await cw.activate(project);
  return { cw, fixture, project };
}

describe('tamper evidence over HTTP: GET /audit/digest, /audit/verify, /audit/export', () => {
  let api: ApiHarness;
  let auditor: InitiativesClient;
  let work: string;

  const exportText = async (query = ''): Promise<Response> =>
    expectStatus(
      auditor
        .get(`/audit/export${query}`)
        .buffer(true)
        .parse(asText as never),
      200,
    );

  const ndjson = async (query = '') => {
    const res = await exportText(query);
    const lines = (res.body as string).split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((line) => JSON.parse(line));
    const trailer = records.pop() as Trailer;
    return { res, lines, events: records as StoredEvent[], trailer };
  };

  beforeAll(async () => {
    api = await startApi();
    auditor = await InitiativesClient.as(api, ['auditor'], 'revisor', 'Rita Revisor');
    await buildRecord(api);
    work = mkdtempSync(join(tmpdir(), 'ledger-export-'));
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await api.dispose();
  });

  it('lets auditors and admins in, nobody else', async () => {
    const caseworker = await api.token(['caseworker']);
    const leader = await api.token(['leader']);
    const admin = await api.token(['admin']);
    for (const route of ROUTES) {
      await expectStatus(api.http.get(route), 401);
      await expectStatus(api.http.get(route).set('Authorization', `Bearer ${caseworker}`), 403);
      await expectStatus(api.http.get(route).set('Authorization', `Bearer ${leader}`), 403);
      await expectStatus(
        api.http
          .get(route)
          .set('Authorization', `Bearer ${admin}`)
          .buffer(true)
          .parse(asText as never),
        200,
      );
    }
  });

  it('serves the ledger digest with the position it covers', async () => {
    const { events } = await ndjson();
    const res = await expectStatus(auditor.get('/audit/digest'), 200);
    expect(res.body).toEqual({
      digest: expect.stringMatching(DIGEST),
      position: events[events.length - 1]!.position,
      root: expect.stringMatching(/^[0-9a-f]{64}$/),
      streams: 2,
      algorithm: expect.stringContaining('sha256'),
      at: api.clock.now().toISOString(),
    });
    expect(res.body.digest).toBe(`v1:${res.body.position}:${res.body.root}`);
    // The root is the Merkle root of the stream heads, as anyone can recompute from the events.
    const heads = new Map<string, { streamId: string; version: number; hash: string }>();
    for (const e of events) heads.set(e.streamId, { streamId: e.streamId, version: e.streamVersion, hash: e.hash! });
    expect(res.body.root).toBe(ledgerRoot(heads.values()));
    expect((await expectStatus(auditor.get('/audit/digest'), 200)).body.digest).toBe(res.body.digest);
  });

  it('verifies every chain and answers the head', async () => {
    const { events } = await ndjson();
    const digest = (await expectStatus(auditor.get('/audit/digest'), 200)).body.digest;
    const res = await expectStatus(auditor.get('/audit/verify'), 200);
    expect(res.body).toEqual({
      ok: true,
      checkedEvents: events.length,
      brokenEvents: 0,
      head: { position: events[events.length - 1]!.position, digest, streams: 2 },
      verifiedAt: expect.any(String),
    });
    const proved = await expectStatus(auditor.get('/audit/verify').query({ digest }), 200);
    expect(proved.body).toMatchObject({
      ok: true,
      digest,
      recomputed: digest,
      digestMatches: true,
      coveredPosition: Number(DIGEST.exec(digest)![1]),
    });
  });

  it('streams an NDJSON export: canonical envelopes whose hashes and links recompute, then the digest', async () => {
    const { res, lines, events, trailer } = await ndjson();
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ledger-export-.*\.ndjson"$/);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(events.length).toBeGreaterThan(10);
    lines.slice(0, -1).forEach((line) => expect(canonicalJson(JSON.parse(line))).toBe(line));
    const last = new Map<string, StoredEvent>();
    for (const event of events) {
      expect(eventHash(event)).toBe(event.hash);
      expect(event.prevHash).toBe(last.get(event.streamId)?.hash ?? null);
      last.set(event.streamId, event);
    }
    const digest = (await expectStatus(auditor.get('/audit/digest'), 200)).body.digest;
    expect(trailer).toMatchObject({
      type: 'ledgerDigest',
      digest,
      coveredPosition: events[events.length - 1]!.position,
      exportedEvents: events.length,
      from: null,
      to: null,
    });
    expect(trailer.digest).toBe(`v1:${trailer.coveredPosition}:${ledgerRoot(trailer.heads)}`);
    expect(events.map((e) => e.data)).toContainEqual(expect.objectContaining({ value: 0.00001 }));
  });

  it('exports a period by recordedAt, with the digest as of its last event, which the service then proves', async () => {
    const all = await ndjson();
    const { events, trailer } = await ndjson('?from=2025-03-05T00:00:00Z&to=2025-03-10T08:00:00.000Z');
    const expected = all.events.filter(
      (e) => e.recordedAt >= '2025-03-05' && e.recordedAt < '2025-03-10T08:00:00.000Z',
    );
    expect(events.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
    expect(events.length).toBe(3);
    expect(trailer).toMatchObject({
      coveredPosition: events[events.length - 1]!.position,
      exportedEvents: 3,
      from: '2025-03-05T00:00:00Z',
      to: '2025-03-10T08:00:00.000Z',
    });
    const proved = await expectStatus(auditor.get('/audit/verify').query({ digest: trailer.digest }), 200);
    expect(proved.body).toMatchObject({ ok: true, digestMatches: true, coveredPosition: trailer.coveredPosition });
    // Nothing in the period: an empty export still ends with its (empty) digest record.
    const empty = await ndjson('?from=2030-01-01T00:00:00Z');
    expect(empty.events).toEqual([]);
    expect(empty.trailer).toMatchObject({ exportedEvents: 0, coveredPosition: 0, heads: [] });
  });

  it('streams a CSV export whose rows rebuild the hashed envelopes, with the digest in a last row', async () => {
    const res = await exportText('?format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/\.csv"$/);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const rows = parseCsv(res.body as string);
    const [header, ...body] = rows;
    expect(header).toEqual([
      'position',
      'eventId',
      'streamId',
      'streamVersion',
      'commitId',
      'type',
      'schemaVersion',
      'occurredAt',
      'recordedAt',
      'actor',
      'correlationId',
      'causationId',
      'decisionId',
      'caseRef',
      'reason',
      'data',
      'prevHash',
      'hash',
    ]);
    const trailerRow = body.pop()!;
    const { events } = await ndjson();
    expect(body).toHaveLength(events.length);
    body.forEach((row, i) => {
      const cell = Object.fromEntries(header!.map((name, j) => [name, row[j] === '' ? null : row[j]!]));
      const envelope = {
        ...cell,
        position: Number(cell['position']),
        streamVersion: Number(cell['streamVersion']),
        schemaVersion: Number(cell['schemaVersion']),
        actor: JSON.parse(cell['actor']!),
        data: JSON.parse(cell['data']!),
      } as unknown as StoredEvent;
      expect(envelope).toEqual(events[i]);
      expect(eventHash(envelope)).toBe(envelope.hash);
    });
    const trailerCell = Object.fromEntries(header!.map((name, j) => [name, trailerRow[j]]));
    expect(trailerCell['type']).toBe('ledgerDigest');
    const trailer = JSON.parse(trailerCell['data']!) as Trailer;
    expect(trailer.digest).toBe((await expectStatus(auditor.get('/audit/digest'), 200)).body.digest);
    expect(res.body as string).toMatch(/,"\{""[a-zA-Z]+"":/); // JSON in quoted cells, its quotes doubled
  });

  (hasPython ? it : it.skip)(
    'documented Python recipe verifies NDJSON and CSV exports of the running service',
    async () => {
      writeFileSync(join(work, 'verify_export.py'), docBlock('python'));
      for (const [query, file] of [
        ['', 'export.ndjson'],
        ['?format=csv', 'export.csv'],
        ['?from=2025-03-05T00:00:00Z&to=2025-03-10T00:00:00Z', 'period.ndjson'],
        ['?from=2025-03-05T00:00:00Z&format=csv', 'period.csv'],
      ] as const) {
        const text = (await exportText(query)).body as string;
        writeFileSync(join(work, file), text);
        const trailer = file.endsWith('.csv') ? null : (JSON.parse(text.trimEnd().split('\n').pop()!) as Trailer);
        const out = execFileSync('python3', [join(work, 'verify_export.py'), join(work, file)], { encoding: 'utf8' });
        expect(out).toMatch(/^OK \d+ events, digest v1:\d+:[0-9a-f]{64}\n$/);
        if (trailer) expect(out).toBe(`OK ${trailer.exportedEvents} events, digest ${trailer.digest}\n`);
      }
    },
  );

  (hasJq ? it : it.skip)(
    'documented jq recipe recomputes the event hashes and links (numbers caveat as documented)',
    async () => {
      writeFileSync(join(work, 'export.ndjson'), (await exportText()).body as string);
      const script = docBlock('sh');
      const run = spawnSync('bash', ['-c', script], { cwd: work, encoding: 'utf8' });
      expect(run.stdout).not.toContain('broken link');
      const stored = readFileSync(join(work, 'stored-hashes.txt'), 'utf8').trim().split('\n');
      const recomputed = readFileSync(join(work, 'recomputed-hashes.txt'), 'utf8').trim().split('\n');
      const { events } = await ndjson();
      expect(stored).toEqual(events.map((e) => e.hash));
      const differing = events.filter((_, i) => stored[i] !== recomputed[i]);
      // Only an event holding a number jq 1.6 writes in its own exponent form (0.00001 -> 1e-05) may differ.
      differing.forEach((event) => expect(JSON.stringify(event.data)).toContain('0.00001'));
      expect(events.length - differing.length).toBeGreaterThanOrEqual(events.length - 1);
      if (differing.length === 0) expect(run.stdout).toContain('every event hash recomputes');
    },
  );

  it('exports exactly the history a saved digest covers with upToPosition', async () => {
    const saved = (await expectStatus(auditor.get('/audit/digest'), 200)).body;
    const cw = await InitiativesClient.as(api, ['caseworker']);
    api.clock.set('2025-03-11T08:00:00.000Z');
    await cw.register({ title: 'Later focus area' });
    const grown = (await expectStatus(auditor.get('/audit/digest'), 200)).body;
    expect(grown.position).toBeGreaterThan(saved.position);
    const { events, trailer } = await ndjson(`?upToPosition=${saved.position}`);
    expect(trailer.digest).toBe(saved.digest);
    expect(events[events.length - 1]!.position).toBe(saved.position);
    expect((await expectStatus(auditor.get('/audit/verify').query({ digest: saved.digest }), 200)).body).toMatchObject({
      ok: true,
      digestMatches: true,
      head: { position: grown.position, digest: grown.digest },
    });
  });

  it('refuses bad parameters with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['/audit/export?from=yesterday', 'from'],
      ['/audit/export?to=2025-13-01T00:00:00Z', 'to'],
      ['/audit/export?format=xml', 'format'],
      ['/audit/export?from=2025-03-10T00:00:00Z&to=2025-03-01T00:00:00Z', 'to'],
      ['/audit/export?from=2025-03-10T00:00:00Z&to=2025-03-10T00:00:00Z', 'to'],
      ['/audit/export?upToPosition=-1', 'upToPosition'],
      ['/audit/export?upToPosition=abc', 'upToPosition'],
      ['/audit/export?limit=5', 'limit'],
      ['/audit/verify?digest=abc', 'digest'],
      [`/audit/verify?digest=v1:12:${'A'.repeat(64)}`, 'digest'],
      ['/audit/verify?verbose=true', 'verbose'],
    ];
    for (const [path, field] of cases) {
      const res = await expectStatus(auditor.get(path), 400);
      expect({ path, fields: fieldsOf(res) }).toEqual({ path, fields: [field] });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });
});

describe('tamper evidence over HTTP: the SQLite file edited behind the service', () => {
  let api: ApiHarness;
  let auditor: InitiativesClient;
  let file: Database.Database;
  let events: StoredEvent[];

  const verify = async (query: Record<string, string> = {}) =>
    (await expectStatus(auditor.get('/audit/verify').query(query), 200)).body;

  beforeAll(async () => {
    api = await startApi();
    auditor = await InitiativesClient.as(api, ['auditor']);
    await buildRecord(api);
    const text = (
      await expectStatus(
        auditor
          .get('/audit/export')
          .buffer(true)
          .parse(asText as never),
        200,
      )
    ).body as string;
    events = text
      .trimEnd()
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line));
    // A second connection to the same file, as anyone with access to DATA_DIR could open.
    file = new Database(join(api.dataDir, 'events.db'));
    file.pragma('busy_timeout = 5000');
  });
  afterAll(async () => {
    file?.close();
    await api.dispose();
  });

  const measurement = () =>
    events.find((e) => e.type === 'MeasurementRecorded' && (e.data as { value: number }).value === 12.75)!;

  it('names an event whose data was changed in the file, and a restored record verifies again', async () => {
    const target = measurement();
    expect((await verify()).ok).toBe(true);
    const original = file.prepare('SELECT data FROM events WHERE event_id = ?').get(target.eventId) as { data: string };
    file.prepare("UPDATE events SET data = json_set(data, '$.value', 99) WHERE event_id = ?").run(target.eventId);
    const broken = await verify();
    expect(broken).toMatchObject({
      ok: false,
      checkedEvents: events.length,
      brokenEvents: 1,
      firstBroken: {
        eventId: target.eventId,
        streamId: target.streamId,
        streamVersion: target.streamVersion,
        position: target.position,
        reason: 'hashMismatch',
      },
    });
    file.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(original.data, target.eventId);
    expect((await verify()).ok).toBe(true);
  });

  (hasPython ? it : it.skip)(
    'an export of a tampered record fails the documented Python recipe, naming the event',
    async () => {
      const target = measurement();
      const original = file.prepare('SELECT data FROM events WHERE event_id = ?').get(target.eventId) as {
        data: string;
      };
      file
        .prepare("UPDATE events SET data = json_set(data, '$.note', 'rewritten') WHERE event_id = ?")
        .run(target.eventId);
      try {
        const dir = mkdtempSync(join(tmpdir(), 'ledger-tampered-'));
        writeFileSync(join(dir, 'verify_export.py'), docBlock('python'));
        writeFileSync(
          join(dir, 'export.ndjson'),
          (
            await expectStatus(
              auditor
                .get('/audit/export')
                .buffer(true)
                .parse(asText as never),
              200,
            )
          ).body,
        );
        const run = spawnSync('python3', [join(dir, 'verify_export.py'), join(dir, 'export.ndjson')], {
          encoding: 'utf8',
        });
        rmSync(dir, { recursive: true, force: true });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain(`BROKEN event ${target.eventId}`);
      } finally {
        file.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(original.data, target.eventId);
      }
      expect((await verify()).ok).toBe(true);
    },
  );

  it('names the event after a deleted one', async () => {
    const stream = events.filter((e) => e.streamId === measurement().streamId);
    const [victim, next] = [stream[2]!, stream[3]!];
    const saved = (await expectStatus(auditor.get('/audit/digest'), 200)).body.digest;
    file.prepare('DELETE FROM events WHERE event_id = ?').run(victim.eventId);
    const result = await verify({ digest: saved });
    expect(result).toMatchObject({
      ok: false,
      checkedEvents: events.length - 1,
      firstBroken: { eventId: next.eventId, streamVersion: next.streamVersion, reason: 'versionGap' },
      // The stream heads are untouched: the broken chain is what shows a deletion in the middle.
      digestMatches: true,
    });
    expect(result.firstBroken.detail).toContain(`version ${victim.streamVersion} missing`);
    // Put it back (same position, same values) for the next tests.
    insertRow(file, victim);
    expect((await verify({ digest: saved })).ok).toBe(true);
  });

  it('names the moved event when two events of a stream trade places', async () => {
    const stream = events.filter((e) => e.streamId === measurement().streamId);
    const [a, b] = [stream[3]!, stream[4]!];
    const move = file.prepare('UPDATE events SET position = ?, stream_version = ? WHERE event_id = ?');
    file.transaction(() => {
      move.run(-1, -1, a.eventId);
      move.run(a.position, a.streamVersion, b.eventId);
      move.run(b.position, b.streamVersion, a.eventId);
    })();
    expect((await verify()).firstBroken).toMatchObject({
      eventId: b.eventId,
      streamId: b.streamId,
      streamVersion: a.streamVersion,
      position: a.position,
      reason: 'prevHashMismatch',
    });
    file.transaction(() => {
      move.run(-1, -1, a.eventId);
      move.run(b.position, b.streamVersion, b.eventId);
      move.run(a.position, a.streamVersion, a.eventId);
    })();
    expect((await verify()).ok).toBe(true);
  });

  it('catches a deleted last event of a stream only through a digest saved before', async () => {
    const saved = (await expectStatus(auditor.get('/audit/digest'), 200)).body.digest;
    const lastOfProject = events.filter((e) => e.type === 'InitiativeActivated').pop()!;
    file.prepare('DELETE FROM events WHERE event_id = ?').run(lastOfProject.eventId);
    const plain = await verify();
    expect(plain).toMatchObject({ ok: true, checkedEvents: events.length - 1 });
    expect(plain.head.digest).not.toBe(saved);
    const proved = await verify({ digest: saved });
    expect(proved).toMatchObject({
      ok: false,
      digest: saved,
      digestMatches: false,
      coveredPosition: Number(DIGEST.exec(saved)![1]),
    });
    expect(proved.recomputed).not.toBe(saved);
    expect(proved.firstBroken).toBeUndefined();
    expect(proved.detail).toContain('differ from the saved digest');
  });
});

function insertRow(db: Database.Database, e: StoredEvent): void {
  db.prepare(
    `INSERT INTO events (position, event_id, stream_id, stream_version, commit_id, type, schema_version, data, occurred_at,
       recorded_at, actor, correlation_id, causation_id, decision_id, case_ref, reason, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.position,
    e.eventId,
    e.streamId,
    e.streamVersion,
    e.commitId,
    e.type,
    e.schemaVersion,
    JSON.stringify(e.data),
    e.occurredAt,
    e.recordedAt,
    JSON.stringify(e.actor),
    e.correlationId,
    e.causationId,
    e.decisionId,
    e.caseRef,
    e.reason,
    e.prevHash,
    e.hash,
  );
}
