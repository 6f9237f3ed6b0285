import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from './processes';
import { MONGO_URL } from './stack';

const UP = join(REPO_ROOT, 'scripts', 'services', 'up.sh');
const DOWN = join(REPO_ROOT, 'scripts', 'services', 'down.sh');

/**
 * A Kafka broker of one test alone (so stopping it leaves the shared one untouched), run by the
 * project's own service scripts: `up.sh` / `down.sh` with a private SERVICES_STATE_DIR, local mode
 * and ports of its own. MONGO_URL is passed through, so up.sh only starts Kafka. `down()` keeps
 * the data (the topic and the consumer group offsets survive a restart); `dispose()` purges it.
 */
export class DedicatedKafka {
  readonly stateDir = mkdtempSync(join(tmpdir(), 'followup-kafka-'));
  port = 0;
  controllerPort = 0;
  private readonly transcript: string[] = [];

  /**
   * `mongoUrl`: the MongoDB-compatible server up.sh waits for (it starts none when given one). A
   * test with a database server of its own passes that one, so restarting the broker does not
   * hang on the shared server being busy.
   */
  constructor(private readonly mongoUrl: () => string = () => MONGO_URL) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get dataDir(): string {
    return join(this.stateDir, 'kafka', 'data');
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.KAFKA_BROKERS;
    return {
      ...env,
      SERVICES_STATE_DIR: this.stateDir,
      SERVICES_MODE: 'local',
      SERVICES_KAFKA_PORT: String(this.port),
      SERVICES_KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      // Given from outside: up.sh only waits for it and starts no MongoDB-compatible server.
      MONGO_URL: this.mongoUrl(),
      SERVICES_KAFKA_TIMEOUT: '150',
    };
  }

  private run(script: string, args: string[], timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn('bash', [script, ...args], {
        cwd: REPO_ROOT,
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      child.stdout.on('data', (d: Buffer) => output.push(d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const text = output.join('');
        this.transcript.push(
          `$ bash ${script} ${args.join(' ')}  (${Date.now() - started} ms, exit ${code ?? signal})\n${text}`,
        );
        if (code === 0) resolve();
        else reject(new Error(`bash ${script} ${args.join(' ')} failed (exit ${code ?? signal}):\n${text}`));
      });
    });
  }

  /** Starts the broker (first time: formats its storage) and waits until it answers. */
  async up(): Promise<void> {
    if (!this.port) {
      this.port = await freePort();
      do this.controllerPort = await freePort();
      while (this.controllerPort === this.port);
    }
    await this.run(UP, [], 180_000);
  }

  /** Stops the broker (controlled shutdown), keeping its data. */
  async down(): Promise<void> {
    await this.run(DOWN, [], 120_000);
  }

  /** Stops it if it runs and deletes every file of it. */
  async dispose(): Promise<void> {
    try {
      if (existsSync(this.stateDir)) await this.run(DOWN, ['--purge'], 120_000);
    } finally {
      rmSync(this.stateDir, { recursive: true, force: true });
    }
  }

  /** Topic-partition folders in the data directory (they survive `down`). */
  partitionDirs(topic: string): string[] {
    if (!existsSync(this.dataDir)) return [];
    return readdirSync(this.dataDir).filter((name) => name.startsWith(`${topic}-`));
  }

  diagnostics(lines = 40): string {
    const log = join(this.stateDir, 'logs', 'kafka.log');
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-lines).join('\n') : '(no kafka.log)';
    return `----- dedicated Kafka ${this.brokers} (${this.stateDir}) -----\n${this.transcript.join('\n')}\n--- kafka.log tail ---\n${tail}`;
  }
}
