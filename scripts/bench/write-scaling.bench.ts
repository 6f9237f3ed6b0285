/**
 * Does the cost of a write grow with what is stored? Write latency at 1,000 and at 100,000 stored
 * commits, for the MongoDB store (MONGO_URL, in a scratch database dropped afterwards) and the
 * SQLite store (a temporary file):
 *   eval "$(bash scripts/services/up.sh)"; npm run bench:storage
 * Target: each figure at 100,000 commits at most 1.5 times the same figure at 1,000.
 *
 * Measured, one at a time: `append` of one event onto an existing stream (head check, sequence,
 * insert), and the outbox step the relay takes after it (`readUnpublished` + `markPublished`).
 * The store is filled between the two measurements with valid, published commits: MongoDB by
 * bulk inserts of commit documents (hash-chained per stream), SQLite by concurrent appends.
 * Knobs: BENCH_SMALL (1000), BENCH_LARGE (100000), BENCH_SAMPLES (300), BENCH_ONLY (mongo|sqlite).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  chainEvents,
  COMMITS_COLLECTION,
  MongoEventStore,
  POSITION_STRIDE,
  seqBucketOf,
  SqliteEventStore,
  type EventStore,
  type MongoCommitDocument,
  type NewEvent,
} from '@followup/event-store';

const SMALL = Number(process.env.BENCH_SMALL ?? 1_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const FILL_STREAMS = 1_000;
const WARM_UP = 20;
const recordedAt = '2025-01-01T00:00:00.000Z';

const newEvent = (type: string, i: number): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { i, note: 'Oppfølging av tiltak i fylkeskommunen, stikkprøve for ytelsesmåling.'.repeat(3) },
  occurredAt: recordedAt,
  actor: { sub: 'bench', roles: ['caseworker'] },
  correlationId: randomUUID(),
  causationId: null,
  decisionId: null,
  caseRef: null,
  reason: null,
});

interface Figures {
  append: number[];
  outbox: number[];
}

/** Fill commit n (1-based) is version ceil(n / FILL_STREAMS) of stream n % FILL_STREAMS. */
const fillStream = (n: number) => `fill-${n % FILL_STREAMS}`;
const fillVersion = (n: number) => Math.ceil(n / FILL_STREAMS);

/** Appends and relays `SAMPLES` commits one at a time onto a few streams, after a short warm-up. */
async function measure(store: EventStore, label: string): Promise<Figures> {
  const streams = Array.from({ length: 20 }, (_, i) => `measure-${label}-${i}`);
  const versions = new Map<string, number>();
  const figures: Figures = { append: [], outbox: [] };
  for (let i = 0; i < SAMPLES + WARM_UP; i++) {
    const streamId = streams[i % streams.length]!;
    const expectedVersion = versions.get(streamId) ?? 0;
    let started = performance.now();
    await store.append(streamId, [newEvent('Measured', i)], { expectedVersion, commitId: randomUUID() });
    const appendMs = performance.now() - started;
    versions.set(streamId, expectedVersion + 1);
    started = performance.now();
    const pending = await store.readUnpublished(100);
    await store.markPublished(pending.map((commit) => commit.commitId));
    const outboxMs = performance.now() - started;
    if (i < WARM_UP) continue; // warm-up: connections, statement caches, the sequence lookup after a fill
    figures.append.push(appendMs);
    figures.outbox.push(outboxMs);
  }
  return figures;
}

/**
 * Commit documents as the store writes them, hash-chained per stream, already published; sequence
 * numbers continue after the `stored` commits already there.
 */
function commitDocuments(
  from: number,
  to: number,
  stored: number,
  heads: Map<string, string | null>,
): MongoCommitDocument[] {
  const documents: MongoCommitDocument[] = [];
  for (let n = from; n <= to; n++) {
    const streamId = fillStream(n);
    const commitId = randomUUID();
    const version = fillVersion(n);
    const seq = stored + n - from + 1;
    const firstPosition = seq * POSITION_STRIDE;
    const [event] = chainEvents(
      [{ ...newEvent('Filled', n), streamId, streamVersion: version, position: firstPosition, commitId, recordedAt }],
      heads.get(streamId) ?? null,
    );
    heads.set(streamId, event!.hash);
    documents.push({
      _id: commitId,
      streamId,
      firstVersion: version,
      lastVersion: version,
      seq,
      seqBucket: seqBucketOf(seq),
      firstPosition,
      lastPosition: firstPosition,
      events: [event!],
      published: true,
      idempotencyKey: commitId,
      idempotencyFingerprint: null,
      idempotencyResponse: null,
      recordedAt,
    });
  }
  return documents;
}

async function mongo(): Promise<void> {
  const url = process.env.MONGO_URL;
  if (!url) {
    console.log('MongoDB store: skipped (MONGO_URL is not set; start the services with scripts/services/up.sh)');
    return;
  }
  const dbName = `bench_write_scaling_${randomUUID().slice(0, 8)}`;
  const client = await new MongoClient(url, { serverSelectionTimeoutMS: 10_000 }).connect();
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferret = info['ferretdbVersion'] ?? info['ferretdb']?.['version'];
    const server = ferret ? `FerretDB ${String(ferret)}` : `MongoDB ${String(info['version'])}`;
    console.log(`MongoDB store on ${server} (${url}, database ${dbName}):`);
    const heads = new Map<string, string | null>();
    const commits = client.db(dbName).collection<MongoCommitDocument>(COMMITS_COLLECTION);
    let stored = 0;
    const fill = async (from: number, to: number) => {
      const started = performance.now();
      for (let n = from; n <= to; n += 1_000) {
        const batch = commitDocuments(n, Math.min(to, n + 999), stored, heads);
        await commits.insertMany(batch, { ordered: false });
        stored += batch.length;
      }
      // Fresh statistics, as the server's own maintenance would have them after a while
      // (FerretDB on PostgreSQL: VACUUM ANALYZE).
      await client
        .db(dbName)
        .command({ compact: COMMITS_COLLECTION })
        .catch(() => undefined);
      return performance.now() - started;
    };
    const measureAt = async () => {
      // A store created after the fill starts with nothing known about the stored commits.
      const store = await MongoEventStore.create({ client, dbName });
      try {
        return await measure(store, String(stored));
      } finally {
        await store.close();
        stored += SAMPLES + WARM_UP;
      }
    };
    await MongoEventStore.create({ client, dbName }).then((store) => store.close());
    const fillSmallMs = await fill(1, SMALL);
    const small = await measureAt();
    const fillLargeMs = await fill(SMALL + 1, LARGE);
    const large = await measureAt();
    report(small, large, fillSmallMs + fillLargeMs);
  } finally {
    await client.db(dbName).dropDatabase();
    await client.close();
  }
}

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-write-scaling-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.db') });
  console.log('SQLite store (synchronous=FULL, a temporary file):');
  let fillMs = 0;
  const fill = async (from: number, to: number) => {
    const started = performance.now();
    // One batch holds one commit per fill stream, appended concurrently: one transaction each.
    for (let n = from; n <= to; n += FILL_STREAMS) {
      const batch = Array.from({ length: Math.min(FILL_STREAMS, to - n + 1) }, (_, k) => n + k);
      const results = await Promise.all(
        batch.map((m) =>
          store.append(fillStream(m), [newEvent('Filled', m)], {
            expectedVersion: fillVersion(m) - 1,
            commitId: randomUUID(),
          }),
        ),
      );
      await store.markPublished(results.map((result) => result.commitId));
    }
    fillMs += performance.now() - started;
  };
  try {
    await fill(1, SMALL);
    const small = await measure(store, String(SMALL));
    await fill(SMALL + 1, LARGE);
    const large = await measure(store, String(LARGE));
    report(small, large, fillMs);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function report(small: Figures, large: Figures, fillMs: number): void {
  const columns = [
    (f: Figures) => percentile(f.append, 0.5),
    (f: Figures) => percentile(f.append, 0.99),
    (f: Figures) => percentile(f.outbox, 0.5),
    (f: Figures) => percentile(f.outbox, 0.99),
  ];
  const cell = (text: string) => text.padStart(13);
  const row = (label: string, cells: string[]) => console.log(`  ${label.padEnd(24)}${cells.map(cell).join('')}`);
  const at = (figures: Figures) => columns.map((column) => `${column(figures).toFixed(2)} ms`);
  row('stored commits', ['append p50', 'append p99', 'outbox p50', 'outbox p99']);
  row(SMALL.toLocaleString('en'), at(small));
  row(LARGE.toLocaleString('en'), at(large));
  row(
    'ratio',
    columns.map((column) => `x${(column(large) / column(small)).toFixed(2)}`),
  );
  console.log(`  (${SAMPLES} samples each; filling took ${(fillMs / 1000).toFixed(1)} s; target: ratio <= x1.50)\n`);
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'mongo') await mongo();
  if (!only || only === 'sqlite') await sqlite();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
