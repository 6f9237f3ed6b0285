import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BenchService, type IdleMemory } from './http-service';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const INITIATIVES = 64;

export interface PhaseResult {
  readonly name: string;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly answers: number;
  readonly notOk: number;
}

export interface HttpFigures {
  readonly phases: PhaseResult[];
  readonly ceilingRatio: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly peakMiB: number;
  /** Once idle after the load (see BenchService.idleMemory). */
  readonly idle: IdleMemory;
}

/** One phase: 32 connections for SECONDS, each request's path from `paths` in turn. */
async function phase(
  service: BenchService,
  name: string,
  method: 'GET' | 'POST',
  paths: readonly string[],
  seconds = SECONDS,
): Promise<PhaseResult> {
  let next = 0;
  const body = JSON.stringify({ value: 20, at: '2025-02-28T00:00:00Z' });
  const result = await autocannon({
    url: service.url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: service.headers,
    requests: [
      {
        method,
        ...(method === 'POST' ? { body } : {}),
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
  const notOk = result.non2xx + result.errors + result.timeouts;
  return {
    name,
    perSecond: Math.round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    answers: result.requests.total,
    notOk,
  };
}

/** Writes spread over 64 initiatives and on one, reads, and the no-op ceiling, against one service. */
export async function httpFigures(): Promise<HttpFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'followup-http-bench-'));
  // BENCH_NODE_FLAGS: node or V8 flags for the service, to compare settings (e.g. GC tuning).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const service = await BenchService.start(dir, Number(process.env.BENCH_PORT ?? 3917), undefined, flags);
  try {
    const measurementPaths: string[] = [];
    for (let i = 0; i < INITIATIVES; i++) measurementPaths.push(await service.measuredInitiative(i));
    const initiativePaths = measurementPaths.map((path) => path.split('/indicators/')[0]!);
    // Warm-up: JIT, caches and the SQLite page cache, not counted.
    await phase(service, 'warm-up', 'POST', measurementPaths, 2);
    const ceiling = await phase(service, 'no-op POST /bench/noop (ceiling)', 'POST', ['/bench/noop']);
    const spread = await phase(service, `commands, ${INITIATIVES} initiatives`, 'POST', measurementPaths);
    const single = await phase(service, 'commands, one initiative', 'POST', measurementPaths.slice(0, 1));
    const queries = await phase(service, `queries, GET an initiative`, 'GET', initiativePaths);
    const memory = service.memory();
    const heap = await service.heap();
    const idle = await service.idleMemory();
    return {
      phases: [spread, single, queries, ceiling],
      ceilingRatio: spread.perSecond / ceiling.perSecond,
      ...memory,
      ...heap,
      idle,
    };
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as a Markdown table. */
export function httpTable(figures: HttpFigures): string[] {
  const lines = [
    `HTTP, ${CONNECTIONS} connections, ${SECONDS} s per phase (autocannon in the benchmark process):`,
    '',
    '| phase | 2xx/s | p50 ms | p99 ms | answers | not 2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of figures.phases) {
    lines.push(`| ${p.name} | ${p.perSecond.toLocaleString('en')} | ${p.p50} | ${p.p99} | ${p.answers} | ${p.notOk} |`);
  }
  lines.push('');
  lines.push(`commands over ${INITIATIVES} initiatives / no-op ceiling: ${(figures.ceilingRatio * 100).toFixed(0)} %`);
  lines.push(`service RSS after the run: ${figures.rssMiB} MiB (peak ${figures.peakMiB} MiB)`);
  lines.push(`V8 heap after the run: ${figures.heapUsedMiB} MiB used of ${figures.heapTotalMiB} MiB reserved`);
  const { idle } = figures;
  lines.push(
    idle.compacted
      ? `idle ${idle.afterS} s later, once V8 compacted its heap: RSS ${idle.rssMiB} MiB, heap ${idle.heapUsedMiB} MiB used (the live set)`
      : `idle ${idle.afterS} s later, V8 had not compacted its heap yet: RSS ${idle.rssMiB} MiB, heap ${idle.heapUsedMiB} MiB used (live set and garbage)`,
  );
  return lines;
}
