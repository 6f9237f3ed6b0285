import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux everywhere that matters). */
const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 1_000;

export interface CpuFigures {
  readonly rows: Array<{ name: string; average: number; peak: number }>;
}

/** Which processes a row of the table sums up: given pids, or every process whose name or command line matches. */
type Group = { pids: number[] } | { match: (comm: string, cmdline: string) => boolean };

/**
 * The backing services' processes, found on this machine whoever started them: the FerretDB that
 * listens on the MongoDB URL's port, the PostgreSQL backends serving that FerretDB's database
 * (other FerretDB instances may share the cluster), and the Kafka broker.
 */
function serviceGroups(mongoUrl: string): Record<string, Group> {
  const port = new URL(mongoUrl).port || '27017';
  const ferret = matchingPids((comm, cmdline) => comm === 'ferretdb' && cmdline.includes(`:${port} `));
  const cmdline = ferret[0] ? readFileSync(`/proc/${ferret[0]}/cmdline`, 'utf8').replace(/\0/g, ' ') : '';
  const database = /--postgresql-url=\S*\/([^/?\s]+)/.exec(cmdline)?.[1] ?? 'ferretdb';
  return {
    ferretdb: { pids: ferret },
    [`postgresql (db ${database})`]: { match: (comm, line) => comm === 'postgres' && line.includes(` ${database} `) },
    kafka: { match: (comm, line) => comm === 'java' && line.includes('kafka.Kafka') },
  };
}

function ticksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function matchingPids(match: (comm: string, cmdline: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (match(comm, cmdline)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * CPU used by each group of processes while the sampler runs, as a percentage of one core: the
 * average over the whole run and the highest one-second sample (pidstat-style, from /proc).
 */
export class CpuSampler {
  private readonly last = new Map<string, Map<number, number>>();
  private readonly totals = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly groups: Record<string, Group>) {
    for (const name of Object.keys(groups)) {
      this.totals.set(name, 0);
      this.peaks.set(name, 0);
      this.last.set(name, new Map());
    }
    this.sample(0);
    let previous = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.sample(now - previous);
      previous = now;
    }, SAMPLE_MS);
  }

  /** Samples the given processes (by pid), the backing services of `mongoUrl` and this process. */
  static start(own: Record<string, number | undefined>, mongoUrl: string): CpuSampler {
    const groups: Record<string, Group> = {};
    for (const [name, pid] of Object.entries(own)) if (pid) groups[name] = { pids: [pid] };
    return new CpuSampler({
      ...groups,
      ...serviceGroups(mongoUrl),
      'benchmark (load, probe)': { pids: [process.pid] },
    });
  }

  stop(): CpuFigures {
    clearInterval(this.timer);
    const elapsedMs = performance.now() - this.started;
    const rows = Object.keys(this.groups).map((name) => ({
      name,
      average: ((this.totals.get(name)! / TICKS_PER_SECOND) * 100_000) / elapsedMs,
      peak: this.peaks.get(name)!,
    }));
    return { rows };
  }

  /** Adds the ticks since the last sample (a process seen for the first time counts from now on). */
  private sample(intervalMs: number): void {
    for (const [name, group] of Object.entries(this.groups)) {
      const pids = 'pids' in group ? group.pids : matchingPids(group.match);
      const last = this.last.get(name)!;
      let used = 0;
      for (const pid of pids) {
        const ticks = ticksOf(pid);
        if (ticks === null) continue;
        if (last.has(pid)) used += ticks - last.get(pid)!;
        last.set(pid, ticks);
      }
      this.totals.set(name, this.totals.get(name)! + used);
      if (intervalMs > 0) {
        const percent = ((used / TICKS_PER_SECOND) * 100_000) / intervalMs;
        this.peaks.set(name, Math.max(this.peaks.get(name)!, percent));
      }
    }
  }
}
