/**
 * The production topology under load: `npm run bench -- --full`.
 *
 * Kafka + the MongoDB-compatible server (KAFKA_BROKERS / MONGO_URL when set, else started with
 * scripts/services/up.sh), with the API, the projector and the notifier as separate processes
 * (the webpack bundles, built when stale), on a database and topic prefix of their own. Measured:
 * - commands/s: measurements posted over many initiatives by 32 connections (autocannon);
 * - read-model lag: for every 20th 2xx, the time until the projector's stored view reaches the
 *   version the write answered (the view polled in the database every few milliseconds);
 * - MongoDB round trips per command, per process (driver command monitoring, preloaded);
 * - CPU per process during the run (API, projector, notifier, FerretDB, PostgreSQL, Kafka, this
 *   benchmark), from /proc.
 * The figures go to docs/benchmarks.md between <!-- bench:full:start --> and <!-- bench:full:end -->.
 * Knobs: BENCH_SECONDS (20), BENCH_INITIATIVES (256), BENCH_LAG_EVERY (20).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { FaultStack, NOTIFIER_BUNDLE } from '../../test/faults/support/fault-stack';
import { API_BUNDLE, ensureBuilt, REPO_ROOT } from '../../test/production/support/processes';
import { ProductionStack } from '../../test/production/support/stack';
import type { HttpClient } from '../../test/production/support/http-client';
import { textBlock, writeBenchmarkSection } from './benchmarks-page';
import { measuredInitiative } from './http-service';
import { CpuSampler, type CpuFigures } from './process-cpu';
import { BacklogSampler, KafkaArrivalTap, LagProbe, projectorCaughtUp, type LagSplit } from './full-topology-probes';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const INITIATIVES = Number(process.env.BENCH_INITIATIVES ?? 256);
const LAG_EVERY = Number(process.env.BENCH_LAG_EVERY ?? 20);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 15);
const TARGET = { perSecond: 500, lagP99Ms: 250 };

interface FullFigures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly answers: number;
  readonly notOk: number;
  readonly lags: number[];
  /** The lag split where the event reached Kafka (samples the arrival tap saw). */
  readonly split: LagSplit;
  readonly unresolved: number;
  readonly roundTrips: Array<{ process: string; perCommand: number; byName: string }>;
  readonly cpu: CpuFigures;
  readonly backlog: { outbox: number[]; projector: number[] };
  readonly paced: {
    rate: number;
    perSecond: number;
    lags: number[];
    split: LagSplit;
    unresolved: number;
  };
}

/** KAFKA_BROKERS and MONGO_URL as given, else the addresses scripts/services/up.sh prints. */
function services(): { brokers: string; mongoUrl: string } {
  let brokers = process.env.KAFKA_BROKERS?.trim();
  let mongoUrl = process.env.MONGO_URL?.trim();
  if (!brokers || !mongoUrl) {
    const exports = execFileSync('bash', [join(REPO_ROOT, 'scripts', 'services', 'up.sh')], { encoding: 'utf8' });
    const value = (name: string) => new RegExp(`export ${name}=(\\S+)`).exec(exports)?.[1];
    brokers ||= value('KAFKA_BROKERS');
    mongoUrl ||= value('MONGO_URL');
  }
  if (!brokers || !mongoUrl) throw new Error('no Kafka broker or MongoDB-compatible server: see scripts/services');
  return { brokers, mongoUrl };
}

/** The API and projector bundles as the production tests build them, and the notifier's beside them. */
function ensureBundles(): void {
  ensureBuilt();
  if (!existsSync(NOTIFIER_BUNDLE) || statSync(NOTIFIER_BUNDLE).mtimeMs < statSync(API_BUNDLE).mtimeMs) {
    execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'nest'), ['build', 'notifier'], { cwd: REPO_ROOT });
  }
}

/** A POST that must answer 2xx; returns its body (`{ id, version }`). */
async function created(client: HttpClient, path: string, body?: unknown): Promise<{ id: string }> {
  const answer = await client.request('POST', path, body);
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { id: string };
}

/** Commands of every process, by name, from the counter files (see mongo-command-counter.cjs). */
function commandCounts(dir: string, pid: number | undefined): Record<string, number> {
  const file = join(dir, `${pid}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8') || '{}') as Record<string, number>) : {};
}

/** Commands per HTTP command by name, and the average time each kind took, between two counter readings. */
function roundTrips(
  before: Record<string, number>,
  after: Record<string, number>,
  commands: number,
): { perCommand: number; byName: string } {
  const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
  const names = Object.keys(after)
    .filter((key) => !key.endsWith(' ms') && delta(key) > 0)
    .sort((a, b) => delta(b) - delta(a));
  const total = names.reduce((sum, name) => sum + delta(name), 0);
  const per = (count: number) => (count / Math.max(1, commands)).toFixed(2);
  return {
    perCommand: total / Math.max(1, commands),
    byName: names
      .map((name) => `${name} ${per(delta(name))} at ${(delta(`${name} ms`) / delta(name)).toFixed(1)} ms`)
      .join(', '),
  };
}

/** 32 connections posting measurements round the initiatives; every LAG_EVERY-th 2xx goes to the probe. */
function load(
  stack: ProductionStack,
  token: string,
  paths: readonly string[],
  seconds: number,
  probe?: LagProbe,
  overallRate = 0,
) {
  let next = 0;
  let answered = 0;
  return autocannon({
    url: stack.baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    ...(overallRate > 0 ? { overallRate } : {}),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        body: JSON.stringify({ value: 20, at: '2025-02-28T00:00:00Z' }),
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
        onResponse: (status, body) => {
          if (!probe || status >= 300 || answered++ % LAG_EVERY !== 0) return;
          const answer = JSON.parse(body) as { initiativeId?: string; id: string; version: number };
          probe.add({ id: answer.initiativeId ?? answer.id, version: answer.version, answeredAt: performance.now() });
        },
      },
    ],
  });
}

/** The measured run on a started topology: warm-up, then load with the lag probe, counters and CPU sampling. */
async function measure(stack: ProductionStack, client: HttpClient, counts: string): Promise<FullFigures> {
  const paths: string[] = [];
  const post = (path: string, body?: unknown) => created(client, path, body);
  for (let from = 0; from < INITIATIVES; from += 16) {
    const batch = Array.from({ length: Math.min(16, INITIATIVES - from) }, (_, k) => from + k);
    paths.push(...(await Promise.all(batch.map((i) => measuredInitiative(post, i)))));
  }
  const processes = { api: stack.api!, projector: stack.projector!, notifier: stack.processes.at(-1)! };
  await load(stack, client.token, paths, 3); // warm-up: JIT, connection pools, the consumer's fetch loop
  await sleep(2_000);
  const before = new Map(Object.entries(processes).map(([name, p]) => [name, commandCounts(counts, p.pid)]));
  const pids = Object.fromEntries(Object.entries(processes).map(([name, p]) => [name, p.pid]));
  const sampler = CpuSampler.start(pids, stack.mongoUrl);
  const tap = await KafkaArrivalTap.start(stack);
  try {
    const probe = new LagProbe(stack, tap);
    const backlog = new BacklogSampler(stack);
    const result = await load(stack, client.token, paths, SECONDS, probe);
    const cpu = sampler.stop();
    await backlog.stop();
    const unresolved = await probe.finish();
    await sleep(500); // the counters write four times a second
    const commands = result['2xx'] + result.non2xx;
    return {
      perSecond: Math.round(result['2xx'] / result.duration),
      p50: result.latency.p50,
      p99: result.latency.p99,
      answers: result.requests.total,
      notOk: result.non2xx + result.errors + result.timeouts,
      lags: probe.lags,
      split: probe.split,
      unresolved,
      roundTrips: Object.entries(processes).map(([name, p]) => ({
        process: name,
        ...roundTrips(before.get(name)!, commandCounts(counts, p.pid), commands),
      })),
      cpu,
      backlog: { outbox: backlog.outbox, projector: backlog.projector },
      paced: await paced(stack, client.token, paths, Math.round(result['2xx'] / result.duration), tap),
    };
  } finally {
    await tap.stop();
  }
}

/** Lag when the topology is not saturated: the same load paced at half the throughput just measured. */
async function paced(
  stack: ProductionStack,
  token: string,
  paths: readonly string[],
  measured: number,
  tap: KafkaArrivalTap,
) {
  const rate = Number(process.env.BENCH_PACED_RATE ?? Math.max(10, Math.round(measured / 2)));
  await projectorCaughtUp(stack);
  const probe = new LagProbe(stack, tap);
  const result = await load(stack, token, paths, PACED_SECONDS, probe, rate);
  const unresolved = await probe.finish();
  return {
    rate,
    perSecond: Math.round(result['2xx'] / result.duration),
    lags: probe.lags,
    split: probe.split,
    unresolved,
  };
}

async function run(): Promise<FullFigures> {
  const { brokers, mongoUrl } = services();
  ensureBundles();
  const counts = mkdtempSync(join(tmpdir(), 'followup-full-bench-'));
  const stack = new ProductionStack({
    label: 'bench-full',
    brokers,
    mongoUrl,
    env: { NODE_OPTIONS: `--require ${join(__dirname, 'mongo-command-counter.cjs')}`, BENCH_MONGO_COUNTS_DIR: counts },
  });
  try {
    const client = await stack.startApiAndProjector();
    await new FaultStack(stack).startNotifier();
    return await measure(stack, client, counts);
  } catch (error) {
    console.error(stack.diagnostics());
    throw error;
  } finally {
    await stack.dispose();
    rmSync(counts, { recursive: true, force: true });
  }
}

function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function spread(samples: readonly number[]): string {
  const average = samples.reduce((sum, n) => sum + n, 0) / Math.max(1, samples.length);
  return `${average.toFixed(0)} / ${Math.max(0, ...samples)}`;
}

/** p50/p99 of the wait before the event reached Kafka (the API's outbox) and after (projector). */
function splitLine({ toKafka, fromKafka }: LagSplit): string {
  const at = (samples: number[]) =>
    `p50 ${percentile(samples, 0.5).toFixed(0)} ms, p99 ${percentile(samples, 0.99).toFixed(0)} ms`;
  return `answer -> on Kafka ${at(toKafka)}; on Kafka -> view saved ${at(fromKafka)} (${toKafka.length} samples)`;
}

function describe(figures: FullFigures): string[] {
  const lag50 = percentile(figures.lags, 0.5);
  const lag99 = percentile(figures.lags, 0.99);
  const met = figures.perSecond >= TARGET.perSecond && lag99 <= TARGET.lagP99Ms;
  return [
    `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`,
    `production topology: API, projector and notifier processes on Kafka and the MongoDB-compatible server`,
    `${CONNECTIONS} connections, ${SECONDS} s, measurements over ${INITIATIVES} initiatives:`,
    `  commands             ${figures.perSecond.toLocaleString('en')}/s 2xx (p50 ${figures.p50} ms, p99 ${figures.p99} ms; ${figures.answers} answers, ${figures.notOk} not 2xx)`,
    `  read-model lag       p50 ${lag50.toFixed(0)} ms, p99 ${lag99.toFixed(0)} ms (${figures.lags.length} samples, every ${LAG_EVERY}th 2xx; ${figures.unresolved} not reached within 30 s)`,
    `  paced at ${figures.paced.rate}/s      lag p50 ${percentile(figures.paced.lags, 0.5).toFixed(0)} ms, p99 ${percentile(figures.paced.lags, 0.99).toFixed(0)} ms (${figures.paced.perSecond}/s 2xx, ${PACED_SECONDS} s, ${figures.paced.lags.length} samples, ${figures.paced.unresolved} not reached)`,
    `  lag split at Kafka   ${splitLine(figures.split)}`,
    `  paced, split         ${splitLine(figures.paced.split)}`,
    `  target               >= ${TARGET.perSecond}/s with lag p99 <= ${TARGET.lagP99Ms} ms: ${met ? 'met' : 'not met'}`,
    `  backlog, average / highest of 1-s samples: outbox ${spread(figures.backlog.outbox)} commits, projector group ${spread(figures.backlog.projector)} events`,
    'MongoDB commands per HTTP command, by process, with their average time (driver command monitoring):',
    ...figures.roundTrips.map((r) => `  ${r.process.padEnd(10)} ${r.perCommand.toFixed(2)}  (${r.byName || 'none'})`),
    `CPU during the run, % of one core (of ${cpus().length * 100} %), average / highest 1-s sample:`,
    ...figures.cpu.rows.map(
      (row) =>
        `  ${row.name.padEnd(20)} ${row.average.toFixed(0).padStart(4)} % / ${row.peak.toFixed(0).padStart(4)} %`,
    ),
  ];
}

export async function fullTopologyBench(): Promise<void> {
  const lines = describe(await run());
  for (const line of lines) console.log(line);
  writeBenchmarkSection('bench:full', {
    command: 'npm run bench -- --full',
    heading: 'Production topology (`npm run bench -- --full`)',
    body: textBlock(lines),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
