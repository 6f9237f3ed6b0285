/**
 * Does reading the ledger stay bounded as it grows? For each size (default 100,000 and 1,000,000
 * events), in a temporary SQLite data directory:
 *   npm run bench:scale                      # or: npm run bench:scale -- --events 20000,200000
 * 1. Fill: hash-chained initiative histories appended through the event store port in group commits.
 * 2. Rebuild of the read models from the whole store (what `npm run projections:rebuild` runs): events/s.
 * 3. The embedded service booted on that store, over HTTP: as-of reads of a 5,000-event initiative
 *    (p50/p99 over 200 requests), GET /audit/verify, /audit/decisions (first and a deep page) and
 *    /audit/export (the whole NDJSON, read as a stream): wall time and the service's peak RSS during
 *    the request above its RSS just before (Linux /proc; the peak is reset before each request).
 * Targets: rebuild >= 50,000 events/s; as-of p99 <= 10 ms; RSS growth of the audit reads that does
 * not grow with the number of events. The figures go to docs/benchmarks.md (bench:scale section).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@followup/event-store';
import { AsOfSnapshots, rebuildInitiativeViews, SqliteReadModelStore } from '@followup/read-model';
import { textBlock, writeBenchmarkSection } from './benchmarks-page';
import { fillLedger, type FilledLedger } from './ledger-fill';
import { BenchService } from './http-service';

const printed: string[] = [];
const print = (line: string): void => {
  console.log(line);
  printed.push(line);
};

function sizesFromArguments(): number[] {
  const index = process.argv.indexOf('--events');
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  const sizes = (value ?? '100000,1000000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 6_000)) throw new Error('--events takes sizes of at least 6000');
  return sizes;
}

interface RequestFigure {
  readonly label: string;
  readonly ms: number;
  readonly bytes: number;
  /** Peak RSS during the request above the RSS just before it, MiB. */
  readonly growthMiB: number;
}

interface ScaleFigures {
  readonly ledger: FilledLedger;
  readonly fillMs: number;
  readonly rebuild: { readonly events: number; readonly views: number; readonly ms: number };
  readonly asOf: Percentiles;
  readonly snapshots: Percentiles;
  readonly idleRssMiB: number;
  readonly requests: readonly RequestFigure[];
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function rebuild(dataDir: string): Promise<ScaleFigures['rebuild']> {
  const events = new SqliteEventStore({ filename: join(dataDir, 'events.db') });
  const views = new SqliteReadModelStore(join(dataDir, 'read-models.db'));
  try {
    const started = performance.now();
    const result = await rebuildInitiativeViews(events, views);
    return { ...result, ms: performance.now() - started };
  } finally {
    await views.close();
    await events.close();
  }
}

/** One request, its body read as it arrives and dropped; the service's peak RSS above its RSS before. */
async function measured(service: BenchService, label: string, path: string): Promise<RequestFigure> {
  service.resetPeak();
  const before = service.memory().rssMiB;
  const started = performance.now();
  const response = await fetch(`${service.url}${path}`, { headers: service.headers });
  let bytes = 0;
  for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return { label, ms, bytes, growthMiB: Math.max(0, service.memory().peakMiB - before) };
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

/**
 * 200 as-of reads at moments spread over the long initiative's recorded life, after ten reads of its
 * whole history to warm up (which also leave AsOfSnapshots' snapshots of the whole stream in place).
 */
async function timed(ledger: FilledLedger, read: (asOf: string) => Promise<void>): Promise<Percentiles> {
  const [first, last] = [Date.parse(ledger.longStream.from), Date.parse(ledger.longStream.to)];
  const times: number[] = [];
  const requests = 200;
  for (let i = -10; i < requests; i++) {
    // The moments step through the life in a scattered order; the last one is after its last event.
    const step = i < 0 ? requests : ((i * 37) % requests) + 1;
    const asOf = new Date(first + (step / requests) * (last - first)).toISOString();
    const started = performance.now();
    await read(asOf);
    if (i >= 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function asOfReads(service: BenchService, ledger: FilledLedger): Promise<Percentiles> {
  return timed(ledger, async (asOf) => {
    const path = `/initiatives/${ledger.longStream.id}?asOf=${asOf}`;
    const response = await fetch(`${service.url}${path}`, { headers: service.headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  });
}

const formatTimes = ({ p50, p99 }: Percentiles) => `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`;

/** The same moments read through AsOfSnapshots on the store, in this process: the view only, no HTTP. */
async function asOfFromSnapshots(dataDir: string, ledger: FilledLedger): Promise<Percentiles> {
  const store = new SqliteEventStore({ filename: join(dataDir, 'events.db') });
  try {
    const snapshots = new AsOfSnapshots(store);
    return await timed(ledger, async (asOf) => {
      const read = await snapshots.read(ledger.longStream.id, asOf);
      if (read.kind !== 'view') throw new Error(`as-of read: ${read.kind}`);
    });
  } finally {
    await store.close();
  }
}

async function decisionPages(service: BenchService): Promise<RequestFigure[]> {
  const figures: RequestFigure[] = [];
  figures.push(await measured(service, 'GET /audit/decisions, first page', '/audit/decisions?limit=100'));
  const first = (await (
    await fetch(`${service.url}/audit/decisions?limit=1`, { headers: service.headers })
  ).json()) as { total: number };
  const deep = Math.max(0, Math.floor(first.total * 0.9));
  figures.push(
    await measured(service, `GET /audit/decisions, page at ${deep}`, `/audit/decisions?limit=100&cursor=o${deep}`),
  );
  return figures;
}

/** The service booted afresh on the store, given a moment to settle, for `work`; then stopped. */
async function withService<T>(
  dataDir: string,
  port: number,
  work: (service: BenchService) => Promise<T>,
  nodeFlags: readonly string[] = [],
): Promise<T> {
  const service = await BenchService.start(dataDir, port, ['auditor', 'admin'], nodeFlags);
  try {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return await work(service);
  } finally {
    await service.stop();
  }
}

/** Old-generation cap for the last check: at 1,000,000 events, half the size of the export it streams. */
const HEAP_CAP_MIB = 384;

/**
 * Peak RSS mostly shows when V8 chose to collect. The service capped at HEAP_CAP_MIB of old
 * generation answers the walks over the whole ledger all the same: what they hold stays bounded.
 */
async function underHeapCap(dataDir: string, port: number): Promise<void> {
  print(`  the same service with --max-old-space-size=${HEAP_CAP_MIB}:`);
  const requests = await withService(
    dataDir,
    port,
    async (service) => [
      await measured(service, 'GET /audit/verify', '/audit/verify'),
      await measured(service, 'GET /audit/decisions, deep page', '/audit/decisions?limit=100&cursor=o1000'),
      await measured(service, 'GET /audit/export (NDJSON)', '/audit/export'),
    ],
    [`--max-old-space-size=${HEAP_CAP_MIB}`],
  ).catch((error: unknown) => {
    print(`  failed: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  for (const r of requests) print(`  ${r.label.padEnd(38)} ${(r.ms / 1000).toFixed(2).padStart(7)} s, answered whole`);
}

async function atScale(total: number, port: number, capped: boolean): Promise<ScaleFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-ledger-scale-'));
  try {
    const started = performance.now();
    const ledger = await fillLedger(dataDir, total);
    const fillMs = performance.now() - started;
    print(
      `${ledger.events.toLocaleString('en')} events in ${ledger.streams.toLocaleString('en')} initiatives, ` +
        `filled in ${(fillMs / 1000).toFixed(1)} s`,
    );
    const rebuilt = await rebuild(dataDir);
    print(`  rebuild of the read models: ${rate(rebuilt.events, rebuilt.ms)} events/s (${rebuilt.views} views)`);
    const snapshots = await asOfFromSnapshots(dataDir, ledger);
    const length = ledger.longStream.length.toLocaleString('en');
    print(`  as-of on ${length} events, AsOfSnapshots in process: ${formatTimes(snapshots)}`);
    // Each group of requests on a service of its own, so one request's heap does not hide another's.
    const { asOf, idleRssMiB, verify } = await withService(dataDir, port, async (service) => ({
      asOf: await asOfReads(service, ledger),
      idleRssMiB: service.memory().rssMiB,
      verify: [
        await measured(service, 'GET /audit/verify', '/audit/verify'),
        await measured(service, 'GET /audit/verify (again)', '/audit/verify'),
      ],
    }));
    print(`  as-of on ${length} events, GET /initiatives/:id?asOf= over HTTP: ${formatTimes(asOf)}`);
    const decisions = await withService(dataDir, port, decisionPages);
    const exported = await withService(dataDir, port, async (service) => [
      await measured(service, 'GET /audit/export (NDJSON)', '/audit/export'),
    ]);
    const requests = [...verify, ...decisions, ...exported];
    print(
      `  service RSS idle: ${idleRssMiB} MiB; each request below: wall time, bytes, peak RSS above the RSS before it`,
    );
    for (const r of requests) {
      print(
        `  ${r.label.padEnd(38)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ` +
          `${formatBytes(r.bytes).padStart(9)}  peak RSS +${r.growthMiB} MiB`,
      );
    }
    if (capped) await underHeapCap(dataDir, port);
    return { ledger, fillMs, rebuild: rebuilt, asOf, snapshots, idleRssMiB, requests };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rate = (events: number, ms: number) => Math.round((events / ms) * 1000).toLocaleString('en');
const formatBytes = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;

/** The smallest and the largest size side by side: what grows with the ledger and what does not. */
function compare(small: ScaleFigures, large: ScaleFigures): void {
  const factor = large.ledger.events / small.ledger.events;
  print('');
  print(
    `${large.ledger.events.toLocaleString('en')} vs ${small.ledger.events.toLocaleString('en')} events (x${factor.toFixed(1)}):`,
  );
  print(
    `  rebuild events/s          x${(large.rebuild.events / large.rebuild.ms / (small.rebuild.events / small.rebuild.ms)).toFixed(2)}`,
  );
  print(`  as-of p99 over HTTP        x${(large.asOf.p99 / small.asOf.p99).toFixed(2)}`);
  print(`  as-of p99 from snapshots   x${(large.snapshots.p99 / small.snapshots.p99).toFixed(2)}`);
  large.requests.forEach((r, i) => {
    const s = small.requests[i]!;
    print(
      `  ${r.label.replace(/page at \d+/, 'deep page').padEnd(38)} time x${(r.ms / s.ms).toFixed(1)}, ` +
        `peak RSS growth +${s.growthMiB} -> +${r.growthMiB} MiB`,
    );
  });
}

async function main(): Promise<void> {
  const sizes = sizesFromArguments();
  print(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
  const figures: ScaleFigures[] = [];
  for (const [i, size] of sizes.entries()) {
    if (i > 0) print('');
    figures.push(await atScale(size, 3900 + i, i === sizes.length - 1));
  }
  if (figures.length > 1) compare(figures[0]!, figures[figures.length - 1]!);
  writeBenchmarkSection('bench:scale', {
    command: 'npm run bench:scale',
    heading: 'Ledger at scale',
    body: textBlock(printed),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
