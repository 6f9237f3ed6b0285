import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '@followup/platform';

const SECRET = 'bench-secret-with-enough-entropy-0123456789';
const ROOT = join(__dirname, '..', '..');

export interface IdleMemory {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly afterS: number;
  readonly compacted: boolean;
}

/** The embedded service in its own process, as `npm start` runs it, plus what the benchmark asks of it. */
export class BenchService {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly token: string,
  ) {}

  /** `nodeFlags` go to node before the entry point (e.g. `--cpu-prof` when profiling). */
  static async start(
    dataDir: string,
    port: number,
    roles: readonly string[] = ['caseworker'],
    nodeFlags: readonly string[] = [],
  ): Promise<BenchService> {
    const child = spawn(
      process.execPath,
      // The compiled build, as `npm start` runs it: under ts-node the TypeScript compiler would stay
      // in the service's memory and its RSS would not be the service's.
      [...nodeFlags, '--enable-source-maps', 'dist/apps/api/main.js'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          AUTH_JWT_SECRET: SECRET,
          BENCH_NOOP: 'true',
          DEMO_DATA: 'false',
          RATE_LIMIT_PER_MINUTE: '0',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        },
      },
    );
    const token = await issueToken(SECRET, { sub: 'bench', roles: [...roles], name: 'Bench', expiresIn: '2h' });
    const service = new BenchService(child, `http://127.0.0.1:${port}`, token);
    await service.ready();
    return service;
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the service exited with ${this.child.exitCode}`);
      const live = await fetch(`${this.url}/health/live`).catch(() => null);
      if (live?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the service did not start within two minutes');
  }

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  async post(path: string, body?: unknown): Promise<{ id: string; version: number }> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: this.headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; version: number };
  }

  /** An active initiative with a goal and an indicator; returns the measurement path of that indicator. */
  measuredInitiative(index: number): Promise<string> {
    return measuredInitiative((path, body) => this.post(path, body), index);
  }

  /** Resident set size now and at its highest, in MiB (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
  }

  /** The V8 heap in use and reserved, in MiB, from the service's own metrics. */
  async heap(): Promise<{ heapUsedMiB: number; heapTotalMiB: number }> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const bytes = (name: string) => Number(new RegExp(`^followup_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const mib = (name: string) => Math.round(bytes(name) / 1024 / 1024);
    return { heapUsedMiB: mib('nodejs_heap_size_used_bytes'), heapTotalMiB: mib('nodejs_heap_size_total_bytes') };
  }

  /**
   * The idle service's memory once V8 has handed back what the load left: its memory reducer
   * compacts the heap some seconds after allocation stops. Polls each second, up to `maxMs`, until
   * the reserved heap has shrunk to at most 60 % of what it was when called, and answers then
   * (`compacted` false when `maxMs` passed first: the heap then still holds garbage).
   */
  async idleMemory(maxMs = 60_000): Promise<IdleMemory> {
    const start = Date.now();
    const reserved = (await this.heap()).heapTotalMiB;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const heap = await this.heap();
      const compacted = heap.heapTotalMiB <= reserved * 0.6;
      if (compacted || Date.now() - start >= maxMs) {
        const afterS = Math.round((Date.now() - start) / 1000);
        return { rssMiB: this.memory().rssMiB, heapUsedMiB: heap.heapUsedMiB, afterS, compacted };
      }
    }
  }

  /** Starts a new peak: the next `memory().peakMiB` is the highest RSS from now on. */
  resetPeak(): void {
    writeFileSync(`/proc/${this.child.pid}/clear_refs`, '5');
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** POSTs that must answer 2xx, returning the created resource's id. */
export type CreatingPost = (path: string, body?: unknown) => Promise<{ id: string }>;

/** An active focus area with a goal and an indicator; returns the path measurements are posted to. */
export async function measuredInitiative(post: CreatingPost, index: number): Promise<string> {
  const { id } = await post('/initiatives', {
    kind: 'focusArea',
    title: `Bench ${index}`,
    ownerUnit: 'Regional development',
    responsible: 'Kari Nordmann',
  });
  await post(`/initiatives/${id}/activate`);
  const goal = await post(`/initiatives/${id}/goals`, { statement: 'Goal', resultLevel: 'userEffect' });
  const indicator = await post(`/initiatives/${id}/goals/${goal.id}/indicators`, {
    name: 'Pupils',
    unit: 'count',
    direction: 'increase',
    baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
    targets: [{ value: 100, at: '2030-01-01T00:00:00Z' }],
  });
  return `/initiatives/${id}/indicators/${indicator.id}/measurements`;
}
