import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, relative } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const API_BUNDLE = join(REPO_ROOT, 'dist', 'apps', 'api', 'main.js');
export const PROJECTOR_BUNDLE = join(REPO_ROOT, 'dist', 'apps', 'projector', 'main.js');

/** Lines kept per process: all of a test's run in practice (waitForLine searches them), the last 80 are printed. */
const TAIL_LINES = 20_000;
const running = new Set<ManagedProcess>();

/** `node` arguments that run a bundle so that it cannot outlive the test runner (orphan-guard.cjs). */
export const nodeArgs = (bundle: string): string[] => ['--require', join(__dirname, 'orphan-guard.cjs'), bundle];

/**
 * Marks that this jest process has checked (or made) the bundles: see `ensureBuilt`. (Jest gives
 * each test file its own `process` emitter, so there is no exit hook to clean up with; stale
 * markers are removed instead.)
 */
const MARKERS = join(tmpdir(), 'followup-production-tests');
const BUILD_CHECKED = join(MARKERS, `${process.pid}-${Math.floor(performance.timeOrigin)}.checked`);

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * One OS process started by a test: stdout and stderr are kept (the last lines) so a failing
 * test can show them, and every process is killed in afterAll (`stopAll`) even when a test failed.
 */
export class ManagedProcess {
  private readonly lines: string[] = [];
  private readonly child: ChildProcess;
  private status: ExitStatus | null = null;
  readonly exited: Promise<ExitStatus>;

  private constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    // stdin stays open: see orphan-guard.cjs (a node process started with `nodeArgs` ends itself
    // when this pipe closes, i.e. when the test runner is gone).
    this.child = spawn(command, [...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin?.on('error', () => undefined);
    running.add(this);
    const collect = (stream: NodeJS.ReadableStream | null, label: string) => {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.push(`${label} ${line}`);
      });
      stream?.on('end', () => {
        if (partial) this.push(`${label} ${partial}`);
      });
    };
    collect(this.child.stdout, '[out]');
    collect(this.child.stderr, '[err]');
    this.exited = new Promise<ExitStatus>((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.status = { code, signal };
        running.delete(this);
        this.push(`[exit] code=${code} signal=${signal}`);
        resolve(this.status);
      });
      this.child.once('error', (error) => {
        this.push(`[spawn error] ${error.message}`);
        this.status ??= { code: null, signal: null };
        running.delete(this);
        resolve(this.status);
      });
    });
  }

  static start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): ManagedProcess {
    return new ManagedProcess(name, command, args, env);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.status === null;
  }

  get exitStatus(): ExitStatus | null {
    return this.status;
  }

  private push(line: string): void {
    // Nest colours its logs; the tails are read in a terminal or a CI log, so drop the escapes.
    // eslint-disable-next-line no-control-regex -- the escape character is what is matched
    this.lines.push(line.replace(/\x1b\[[0-9;]*m/g, ''));
    if (this.lines.length > TAIL_LINES) this.lines.splice(0, this.lines.length - TAIL_LINES);
  }

  output(): string[] {
    return [...this.lines];
  }

  tail(count = 80): string {
    const lines = this.lines.slice(-count);
    return `----- ${this.name} (pid ${this.pid}, ${this.alive ? 'running' : `exited ${JSON.stringify(this.status)}`}), last ${lines.length} lines -----\n${lines.join('\n')}`;
  }

  /** Resolves when a line matches; rejects when the process exits first or time runs out. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find((line) => pattern.test(line));
      if (hit) return hit;
      if (!this.alive) throw new Error(`${this.name} exited before logging ${pattern}\n${this.tail()}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not log ${pattern} within ${timeoutMs} ms\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends the signal and waits for the exit; SIGKILL after `graceMs` if it is still there. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<ExitStatus> {
    if (!this.alive) return this.status!;
    this.child.kill(signal);
    const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), graceMs).unref());
    const status = await Promise.race([this.exited, timer]);
    if (status) return status;
    this.push(`[test] no exit within ${graceMs} ms after ${signal}: SIGKILL`);
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

/**
 * Writes each process's kept output to `.test-results/logs/<suite>/<name>.log` (the projector's
 * log after an outage is what tells why it stopped consuming).
 */
export function writeProcessLogs(suite: string, processes: readonly ManagedProcess[]): string {
  const dir = join(REPO_ROOT, '.test-results', 'logs', suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of processes)
    writeFileSync(join(dir, `${p.name.replace(/[^\w.+-]/g, '_')}.log`), `${p.output().join('\n')}\n`);
  return dir;
}

/** Stops every process the tests started that still runs (afterAll). */
export async function stopAll(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(signal, 10_000)));
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'testing') continue;
      newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/**
 * The tests run the webpack bundles (`dist/apps/{api,projector}/main.js`). They are built when
 * missing or older than a source file of apps/ or libs/ (PRODUCTION_TEST_BUILD=always|never|auto).
 */
export function ensureBuilt(): void {
  // Once per jest run (every file of a --runInBand run shares this process): all files then test
  // the same bundles, even while sources keep changing underneath.
  if (existsSync(BUILD_CHECKED)) return;
  mkdirSync(MARKERS, { recursive: true });
  for (const name of readdirSync(MARKERS)) {
    const path = join(MARKERS, name);
    if (Date.now() - statSync(path).mtimeMs > 12 * 3600_000) rmSync(path, { force: true });
  }
  checkOrBuild();
  writeFileSync(BUILD_CHECKED, `${new Date().toISOString()}\n`);
}

function checkOrBuild(): void {
  const mode = process.env.PRODUCTION_TEST_BUILD ?? 'auto';
  const bundles = [API_BUNDLE, PROJECTOR_BUNDLE];
  if (mode === 'never') {
    for (const bundle of bundles) {
      if (!existsSync(bundle))
        throw new Error(
          `${relative(REPO_ROOT, bundle)} is missing: run npx nest build api && npx nest build projector`,
        );
    }
    return;
  }
  const sources = Math.max(newestSource(join(REPO_ROOT, 'apps')), newestSource(join(REPO_ROOT, 'libs')));
  const stale = (bundle: string) => !existsSync(bundle) || statSync(bundle).mtimeMs < sources;
  if (mode !== 'always' && !bundles.some(stale)) return;
  const nest = join(REPO_ROOT, 'node_modules', '.bin', 'nest');
  for (const app of ['api', 'projector']) {
    const result = spawnSync(nest, ['build', app], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
    if (result.status !== 0) {
      throw new Error(`nest build ${app} failed (status ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  }
}
