/**
 * Figures for the embedded default, each pair measured in one run so the ratio holds on any machine:
 *   npm run bench
 * 1. Durable writes: one commit at a time vs many concurrent writers sharing transactions (group commit).
 * 2. As-of replay: cost per event on a short and on a long stream (should stay flat: linear replay).
 * 3. Bearer tokens: verifying every request vs the cache of verified tokens.
 * 4. The running service over HTTP: commands, queries and a no-op route of the same stack as the ceiling.
 * Everything printed is also written to docs/benchmarks.md with the machine it ran on.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent, type StoredEvent } from '@followup/event-store';
import { foldInitiativeView } from '@followup/read-model';
import { issueToken, TokenVerifier } from '@followup/platform';
import { textBlock, writeBenchmarkSection } from './benchmarks-page';
import { httpFigures, httpTable } from './http.bench';
import { fullTopologyBench } from './full-topology.bench';

const printed: string[] = [];
const print = (line: string): void => {
  console.log(line);
  printed.push(line);
};

const event = (type: string, data: unknown): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: { sub: 'bench', roles: ['caseworker'] },
  correlationId: randomUUID(),
  causationId: null,
  decisionId: null,
  caseRef: null,
  reason: null,
});

async function writes(dir: string): Promise<void> {
  const commits = 2000;
  const sequential = new SqliteEventStore({ filename: join(dir, 'sequential.db') });
  let started = performance.now();
  for (let i = 0; i < commits; i++) {
    await sequential.append(`s-${i}`, [event('Measured', { i })], { expectedVersion: 0, commitId: randomUUID() });
  }
  const sequentialMs = performance.now() - started;
  await sequential.close();

  const grouped = new SqliteEventStore({ filename: join(dir, 'grouped.db') });
  const writers = 50;
  started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < commits; i += writers) {
        await grouped.append(`s-${i}`, [event('Measured', { i })], { expectedVersion: 0, commitId: randomUUID() });
      }
    }),
  );
  const groupedMs = performance.now() - started;
  await grouped.close();
  const perSecond = (ms: number) => Math.round((commits / ms) * 1000);
  print(`durable commits (synchronous=FULL), ${commits} commits:`);
  print(`  one at a time        ${perSecond(sequentialMs).toLocaleString('en')} commits/s`);
  print(`  ${writers} concurrent writers ${perSecond(groupedMs).toLocaleString('en')} commits/s`);
  print(`  group commit gain    x${(sequentialMs / groupedMs).toFixed(1)}`);
}

const BENCH_STREAM = 'ini-bench';
const BENCH_AT = '2025-01-01T00:00:00.000Z';

const storedEvent = (v: number, type: string, data: unknown): StoredEvent => ({
  ...event(type, data),
  streamId: BENCH_STREAM,
  streamVersion: v,
  position: v,
  commitId: `c-${v}`,
  recordedAt: BENCH_AT,
  prevHash: null,
  hash: null,
});

/** Versions 1-3: the initiative, its goal and the indicator that the later events measure. */
function openingEvents(): StoredEvent[] {
  const id = BENCH_STREAM;
  const at = BENCH_AT;
  return [
    storedEvent(1, 'InitiativeRegistered', {
      initiativeId: id,
      kind: 'project',
      title: 'Bench',
      parentId: null,
      description: null,
      ownerUnit: 'U',
      responsible: 'R',
      partners: [],
      startsAt: null,
      endsAt: null,
    }),
    storedEvent(2, 'GoalDefined', { initiativeId: id, goalId: 'g', statement: 'Goal', resultLevel: 'output' }),
    storedEvent(3, 'IndicatorDefined', {
      initiativeId: id,
      goalId: 'g',
      indicatorId: 'i',
      name: 'I',
      unit: 'n',
      direction: 'increase',
      baseline: { value: 0, at },
      targets: [{ value: 100, at: '2030-01-01T00:00:00.000Z' }],
      aggregation: 'sum',
    }),
  ];
}

/** Every tenth version plans a milestone, the others record a measurement. */
function laterEvent(v: number): StoredEvent {
  const id = BENCH_STREAM;
  const at = BENCH_AT;
  return v % 10 === 0
    ? storedEvent(v, 'MilestonePlanned', {
        initiativeId: id,
        milestoneId: `m-${v}`,
        title: `M${v}`,
        dueAt: at,
        description: null,
      })
    : storedEvent(v, 'MeasurementRecorded', {
        initiativeId: id,
        indicatorId: 'i',
        measurementId: `me-${v}`,
        value: v,
        at,
        source: null,
        note: null,
      });
}

function stream(length: number): StoredEvent[] {
  const events = openingEvents();
  for (let v = 4; v <= length; v++) events.push(laterEvent(v));
  return events;
}

function replay(): void {
  const time = (events: StoredEvent[]) => {
    const rounds = 5;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) foldInitiativeView(events);
    return (performance.now() - started) / rounds;
  };
  const short = stream(200);
  const long = stream(20_000);
  time(short); // warm-up
  const shortMs = time(short);
  const longMs = time(long);
  const perThousand = (ms: number, n: number) => ((ms / n) * 1000).toFixed(2);
  print('as-of replay (fold of a stream into its view):');
  print(`  200 events      ${shortMs.toFixed(2)} ms (${perThousand(shortMs, 200)} ms per 1000 events)`);
  print(`  20,000 events   ${longMs.toFixed(1)} ms (${perThousand(longMs, 20_000)} ms per 1000 events)`);
  print(`  cost per event, long / short: x${(longMs / 20_000 / (shortMs / 200)).toFixed(2)} (1.0 = linear)`);
}

async function tokens(): Promise<void> {
  const secret = 'bench-secret-with-enough-entropy-0123456789';
  const token = await issueToken(secret, { sub: 'alice', roles: ['caseworker'], expiresIn: '1h' });
  const requests = 20_000;
  let started = performance.now();
  for (let i = 0; i < requests; i++) await new TokenVerifier({ secret }).verify(token);
  const uncachedMs = performance.now() - started;
  const cached = new TokenVerifier({ secret });
  started = performance.now();
  for (let i = 0; i < requests; i++) await cached.verify(token);
  const cachedMs = performance.now() - started;
  print(`bearer token checks, ${requests.toLocaleString('en')} requests:`);
  print(`  verify every time    ${Math.round((requests / uncachedMs) * 1000).toLocaleString('en')} checks/s`);
  print(`  cached until expiry  ${Math.round((requests / cachedMs) * 1000).toLocaleString('en')} checks/s`);
  print(`  cache gain           x${(uncachedMs / cachedMs).toFixed(1)}`);
}

async function main(): Promise<void> {
  print(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'followup-bench-'));
  try {
    await writes(dir);
    replay();
    await tokens();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  print('');
  httpTable(await httpFigures()).forEach(print);
  writeBenchmarksPage(printed);
}

/** The table rows go below the text block, so the page renders them as a table. */
function writeBenchmarksPage(lines: readonly string[]): void {
  writeBenchmarkSection('bench', {
    command: 'npm run bench',
    heading: 'Embedded default (`npm run bench`)',
    body: [
      ...textBlock(lines.filter((line) => !line.startsWith('|'))),
      '',
      ...lines.filter((line) => line.startsWith('|')),
    ],
  });
}

// `npm run bench -- --full`: the production topology instead (full-topology.bench.ts).
(process.argv.includes('--full') ? fullTopologyBench() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
