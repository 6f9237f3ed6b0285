import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ManagedProcess, REPO_ROOT } from '../../production/support/processes';

const STATE_DIR = process.env.SERVICES_STATE_DIR || join(REPO_ROOT, '.services');
const EQUALITY_INDEXES = join(REPO_ROOT, 'scripts', 'services', 'postgresql', 'equality-indexes.sql');

interface SharedFerretDb {
  readonly binary: string;
  readonly postgresUrl: URL;
}

/** The FerretDB that `scripts/services/up.sh` started (its pid file and command line), on PostgreSQL. */
function sharedFerretDb(): SharedFerretDb {
  const pidFile = join(STATE_DIR, 'ferretdb', 'ferretdb.pid');
  if (!existsSync(pidFile)) {
    throw new Error(
      `no FerretDB started by scripts/services/up.sh (${pidFile} is missing): the fault tests stop and ` +
        'start a FerretDB of their own on the same PostgreSQL cluster, so they need the local services',
    );
  }
  const pid = readFileSync(pidFile, 'utf8').trim();
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const url = args.find((a) => a.startsWith('--postgresql-url='))?.slice('--postgresql-url='.length);
  if (!url) throw new Error(`the FerretDB of ${pidFile} does not run on PostgreSQL: ${args.join(' ')}`);
  return { binary: args[0]!, postgresUrl: new URL(url) };
}

/** `psql` of the cluster's PostgreSQL version (Debian keeps it beside initdb), else the one on the PATH. */
function psqlBinary(): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of ['17', '16', '15', '14']) {
      const candidate = join(debian, version, 'bin', 'psql');
      if (existsSync(candidate)) return candidate;
    }
  }
  return 'psql';
}

/**
 * A FerretDB server of one test alone, on a PostgreSQL database of its own in the cluster that
 * up.sh runs (with the same equality-index trigger), so the test can stop and restart the
 * database server under load without touching the shared one. `stop()` kills the process (as a
 * crash or an OOM kill would); `start()` brings it back on the same port and data.
 */
export class DedicatedFerretDb {
  readonly database = `faults_${Date.now().toString(36)}`;
  readonly stateDir = mkdtempSync(join(tmpdir(), 'followup-ferretdb-'));
  readonly runs: ManagedProcess[] = [];
  port = 0;
  private shared: SharedFerretDb | null = null;

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  private psql(database: string, ...args: string[]): void {
    const { hostname, port, username } = this.shared!.postgresUrl;
    execFileSync(
      psqlBinary(),
      [
        '-h',
        hostname,
        '-p',
        port,
        '-U',
        username || 'postgres',
        '-qAt',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        database,
        ...args,
      ],
      {
        env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }

  /** Creates the PostgreSQL database and starts the server. */
  async create(): Promise<void> {
    this.shared = sharedFerretDb();
    this.psql('postgres', '-c', `CREATE DATABASE ${this.database}`);
    this.psql(this.database, '-f', EQUALITY_INDEXES);
    this.port = await freePort();
    await this.start();
  }

  get running(): ManagedProcess | undefined {
    const last = this.runs[this.runs.length - 1];
    return last?.alive ? last : undefined;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const postgres = new URL(this.shared!.postgresUrl);
    postgres.pathname = `/${this.database}`;
    const run = ManagedProcess.start(
      `ferretdb#${this.runs.length + 1}`,
      this.shared!.binary,
      [
        '--handler=postgresql',
        `--postgresql-url=${postgres.toString()}`,
        `--state-dir=${this.stateDir}`,
        `--listen-addr=127.0.0.1:${this.port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
      ],
      { ...process.env },
    );
    this.runs.push(run);
    await waitForPort(this.port, run, 30_000);
  }

  /** Kills the server (SIGKILL): every open connection drops at once. */
  async kill(): Promise<void> {
    await this.running?.stop('SIGKILL');
  }

  async dispose(): Promise<void> {
    await this.kill();
    try {
      if (this.shared) this.psql('postgres', '-c', `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    } finally {
      rmSync(this.stateDir, { recursive: true, force: true });
    }
  }

  diagnostics(): string {
    // Unique-index violations are how the event store detects a concurrent append: routine, not a fault.
    return this.runs
      .map((r) =>
        r
          .output()
          .filter((line) => !line.includes('"Code":"23505"'))
          .slice(-40)
          .join('\n'),
      )
      .join('\n');
  }
}

async function waitForPort(port: number, run: ManagedProcess, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!run.alive) throw new Error(`FerretDB exited while starting\n${run.tail()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`FerretDB did not listen on ${port} within ${timeoutMs} ms\n${run.tail()}`);
}
