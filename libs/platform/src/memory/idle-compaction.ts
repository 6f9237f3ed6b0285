import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A window in which the process used less than this share of one core counts as idle. */
const IDLE_SHARE = 0.05;
/** How much the heap must have grown since it was last compacted (both): by half, and by 32 MiB. */
const GROWTH_FACTOR = 1.5;
const GROWTH_BYTES = 32 * 1024 * 1024;

export interface Compacted {
  readonly durationMs: number;
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
}

export interface IdleCompactionOptions {
  /** How long the process must have been idle after a busy spell; 0 turns compaction off. */
  readonly idleMs: number;
  readonly onCompacted?: (compacted: Compacted) => void;
  /** The process's CPU time in milliseconds (tests pass their own). */
  readonly cpuMs?: () => number;
  /** One full garbage collection (tests pass their own). */
  readonly collect?: () => void;
  /** Bytes the V8 heap holds now (reserved, not only used). */
  readonly heapBytes?: () => number;
}

/**
 * Hands memory back after a busy spell. While a program allocates fast, V8 lets its heap grow to
 * several times what survives, and its memory reducer compacts the heap again only once it judges
 * the program idle, which after a load it often did not within minutes (docs/benchmarks.md, RSS).
 * This watches the process instead: when it has spent `idleMs` at under 5 % of a core and its heap
 * has grown by half (and 32 MiB) since it was last compacted, it runs two full collections (the
 * second compacts what the first freed; about 0.2 s for a heap of 300 MiB). A quiet process, or one
 * whose heap holds what it needs, is left alone.
 */
export class IdleCompaction {
  private timer: NodeJS.Timeout | null = null;
  private lastCpuMs: number;
  /** The heap's size after the last compaction (at first: when watching began). */
  private compactedBytes: number;
  private readonly cpuMs: () => number;
  private readonly heapBytes: () => number;
  private collector: (() => void) | null;

  constructor(private readonly options: IdleCompactionOptions) {
    this.cpuMs = options.cpuMs ?? processCpuMs;
    this.heapBytes = options.heapBytes ?? (() => process.memoryUsage().heapTotal);
    this.collector = options.collect ?? null;
    this.lastCpuMs = this.cpuMs();
    this.compactedBytes = this.heapBytes();
  }

  start(): void {
    if (this.options.idleMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.check(), this.options.idleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One window has passed: compacts when it was idle and the heap has grown since the last time. */
  check(): Compacted | null {
    const now = this.cpuMs();
    const idle = now - this.lastCpuMs < this.options.idleMs * IDLE_SHARE;
    this.lastCpuMs = now;
    if (!idle) return null;
    const before = this.heapBytes();
    if (before < this.compactedBytes * GROWTH_FACTOR || before - this.compactedBytes < GROWTH_BYTES) return null;
    const collect = (this.collector ??= exposedGc());
    const started = performance.now();
    collect();
    collect();
    const durationMs = Math.round(performance.now() - started);
    this.compactedBytes = this.heapBytes();
    this.lastCpuMs = this.cpuMs(); // the collections' own work does not make the next window busy
    const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
    const compacted = { durationMs, heapBeforeMiB: mib(before), heapAfterMiB: mib(this.compactedBytes) };
    this.options.onCompacted?.(compacted);
    return compacted;
  }
}

function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** V8's `gc`, exposed on demand: a context made after the flag is set has it as a global. */
function exposedGc(): () => void {
  const global = globalThis as { gc?: () => void };
  if (typeof global.gc === 'function') return global.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
