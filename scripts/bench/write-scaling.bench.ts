/**
 * Does the cost of a write grow with what is stored? Write latency at 1,000 and at 100,000 stored
 * commits, for the MongoDB store (MONGO_URL, in two scratch databases dropped afterwards) and the
 * SQLite store (two temporary files):
 *   eval "$(bash scripts/services/up.sh)"; npm run bench:storage
 * Target: each figure at 100,000 commits at most 1.5 times the same figure at 1,000.
 *
 * Measured, one at a time: `append` of one event onto an existing stream (head check, sequence,
 * insert), and the outbox step the relay takes after it (`readUnpublished` + `markPublished`).
 * One store holds 1,000 commits and another 100,000, filled beforehand with valid, published
 * commits (MongoDB by bulk inserts of commit documents, hash-chained per stream; SQLite by
 * concurrent appends); the two are measured in alternating rounds and compared by their medians,
 * so that the load of other work on the machine weighs on both alike.
 * Knobs: BENCH_SMALL (1000), BENCH_LARGE (100000), BENCH_SAMPLES (1000), BENCH_ROUNDS (10),
 * BENCH_ONLY (mongo|sqlite).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  chainEvents,
  COMMITS_COLLECTION,
  META_COLLECTION,
  MongoEventStore,
  OUTBOX_ID,
  POSITION_STRIDE,
  seqBucketOf,
  SqliteEventStore,
  type EventStore,
  type MongoCommitDocument,
  type NewEvent,
} from '@followup/event-store';

const SMALL = Number(process.env.BENCH_SMALL ?? 1_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
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

/** Appends and relays commits one at a time onto a few streams of one store, round after round. */
class Measurer {
  private readonly streams: string[];
  private readonly versions = new Map<string, number>();
  readonly figures: Figures = { append: [], outbox: [] };

  constructor(
    private readonly store: EventStore,
    label: string,
  ) {
    this.streams = Array.from({ length: 20 }, (_, i) => `measure-${label}-${i}`);
  }

  /** `count` samples, after `warmUp` unrecorded ones (connections, statement caches, the first outbox pass). */
  async round(count: number, warmUp = 0): Promise<void> {
    for (let i = 0; i < count + warmUp; i++) {
      const streamId = this.streams[i % this.streams.length]!;
      const expectedVersion = this.versions.get(streamId) ?? 0;
      let started = performance.now();
      await this.store.append(streamId, [newEvent('Measured', i)], { expectedVersion, commitId: randomUUID() });
      const appendMs = performance.now() - started;
      this.versions.set(streamId, expectedVersion + 1);
      started = performance.now();
      const pending = await this.store.readUnpublished(100);
      await this.store.markPublished(pending.map((commit) => commit.commitId));
      const outboxMs = performance.now() - started;
      if (i < warmUp) continue;
      this.figures.append.push(appendMs);
      this.figures.outbox.push(outboxMs);
    }
  }
}

/**
 * The small and the large store measured in alternating rounds, so that a change in the machine's
 * load during the run weighs on both alike (other work shares the machine and the server).
 */
async function alternate(small: EventStore, large: EventStore): Promise<[Figures, Figures]> {
  const measurers = [new Measurer(small, `${SMALL}`), new Measurer(large, `${LARGE}`)] as const;
  for (const measurer of measurers) await measurer.round(0, WARM_UP);
  for (let round = 0; round < ROUNDS; round++) {
    for (const measurer of measurers) await measurer.round(Math.ceil(SAMPLES / ROUNDS));
  }
  return [measurers[0].figures, measurers[1].figures];
}

/** Commit documents n = from..to as the store writes them (sequence number n), hash-chained per stream. */
function commitDocuments(from: number, to: number, heads: Map<string, string | null>): MongoCommitDocument[] {
  const documents: MongoCommitDocument[] = [];
  for (let n = from; n <= to; n++) {
    const streamId = fillStream(n);
    const commitId = randomUUID();
    const version = fillVersion(n);
    const seq = n;
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
  const run = randomUUID().slice(0, 8);
  const dbNames = [`bench_write_scaling_${run}_small`, `bench_write_scaling_${run}_large`];
  const client = await new MongoClient(url, { serverSelectionTimeoutMS: 10_000 }).connect();
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    const ferret = info['ferretdbVersion'] ?? info['ferretdb']?.['version'];
    const server = ferret ? `FerretDB ${String(ferret)}` : `MongoDB ${String(info['version'])}`;
    console.log(`MongoDB store on ${server} (${url}, databases ${dbNames.join(', ')}):`);
    const started = performance.now();
    const stores: MongoEventStore[] = [];
    for (const [dbName, count] of [
      [dbNames[0]!, SMALL],
      [dbNames[1]!, LARGE],
    ] as const) {
      await fillMongo(client, dbName, count);
      // A store created after the fill starts with nothing known about the stored commits.
      stores.push(await MongoEventStore.create({ client, dbName }));
    }
    const fillMs = performance.now() - started;
    try {
      const [small, large] = await alternate(stores[0]!, stores[1]!);
      report(small, large, fillMs);
    } finally {
      for (const store of stores) await store.close();
    }
  } finally {
    for (const dbName of dbNames) await client.db(dbName).dropDatabase();
    await client.close();
  }
}

/** `count` published commits in a fresh store's database, by bulk inserts of commit documents. */
async function fillMongo(client: MongoClient, dbName: string, count: number): Promise<void> {
  await MongoEventStore.create({ client, dbName }).then((store) => store.close());
  const heads = new Map<string, string | null>();
  const commits = client.db(dbName).collection<MongoCommitDocument>(COMMITS_COLLECTION);
  for (let n = 1; n <= count; n += 1_000) {
    await commits.insertMany(commitDocuments(n, Math.min(count, n + 999), heads), { ordered: false });
  }
  // Published, as the relay would have left them: the outbox watermark is past them.
  await client
    .db(dbName)
    .collection<{ _id: string; publishedSeq: number }>(META_COLLECTION)
    .updateOne({ _id: OUTBOX_ID }, { $max: { publishedSeq: count } }, { upsert: true });
  // Fresh statistics, as the server's own maintenance would have them after a while
  // (FerretDB on PostgreSQL: VACUUM ANALYZE).
  await client
    .db(dbName)
    .command({ compact: COMMITS_COLLECTION })
    .catch(() => undefined);
}

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-write-scaling-'));
  const stores = [SMALL, LARGE].map((count) => new SqliteEventStore({ filename: join(dir, `events-${count}.db`) })) as [
    SqliteEventStore,
    SqliteEventStore,
  ];
  console.log('SQLite store (synchronous=FULL, temporary files):');
  try {
    const started = performance.now();
    await fillSqlite(stores[0], SMALL);
    await fillSqlite(stores[1], LARGE);
    const fillMs = performance.now() - started;
    const [small, large] = await alternate(...stores);
    report(small, large, fillMs);
  } finally {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` published commits, one per fill stream per batch, appended concurrently: one transaction each. */
async function fillSqlite(store: SqliteEventStore, count: number): Promise<void> {
  for (let n = 1; n <= count; n += FILL_STREAMS) {
    const batch = Array.from({ length: Math.min(FILL_STREAMS, count - n + 1) }, (_, k) => n + k);
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
  console.log(
    `  (${small.append.length} samples each, the two stores in ${ROUNDS} alternating rounds; p50 is the median; ` +
      `filling took ${(fillMs / 1000).toFixed(1)} s; target: ratio <= x1.50)\n`,
  );
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
