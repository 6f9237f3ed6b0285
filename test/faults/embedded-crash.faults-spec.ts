import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '@followup/platform';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { API_BUNDLE, ensureBuilt, freePort, ManagedProcess, nodeArgs, stopAll } from '../production/support/processes';
import { pool, registerLoadInitiative, RetryingClient, steadyCommand, type Initiative } from './support/load';

/**
 * The embedded default (SQLite files in DATA_DIR, in-process bus) SIGKILLed under load and
 * restarted on the same files: every acknowledged command is still there, exactly once.
 */
const TOTAL = Number(process.env.FAULTS_EMBEDDED_COMMANDS || 1_500);
const INITIATIVES = 20;
jest.setTimeout(10 * 60_000);

describe('load under faults: the embedded default killed under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-embedded-crash-'));
  const secret = `embedded-crash-${Date.now()}`;
  const runs: ManagedProcess[] = [];
  let port = 0;

  const env = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['MONGO_URL', 'MONGO_DB', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'AUTH_JWKS_URL'])
      delete env[name];
    return {
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    };
  };

  const start = async () => {
    const run = ManagedProcess.start(`embedded#${runs.length + 1}`, process.execPath, nodeArgs(API_BUNDLE), env());
    runs.push(run);
    await waitFor(
      async () => {
        if (!run.alive) throw new Error(`the API exited while starting\n${run.tail()}`);
        try {
          return (await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2_000) })).ok;
        } catch {
          return false;
        }
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the embedded API to serve HTTP' },
    );
  };

  beforeAll(async () => {
    ensureBuilt();
    port = await freePort();
    await start();
  }, 120_000);

  afterAll(async () => {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged command and stores none twice', async () => {
    const token = await issueToken(secret, { sub: 'load', roles: ['caseworker'], name: 'Load', expiresIn: '1h' });
    const client = new RetryingClient(() => [`http://127.0.0.1:${port}`], token);
    const initiatives: Initiative[] = [];
    await pool(INITIATIVES, 8, async (i) => {
      initiatives.push(await registerLoadInitiative(client, `Embedded ${i}`));
    });
    let done = 0;
    const steady = TOTAL - client.commands.length;
    const crash = (async () => {
      await waitFor(() => done >= steady * 0.4, { timeoutMs: 300_000, intervalMs: 20, what: '40% of the load' });
      await runs[runs.length - 1]!.stop('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await start();
    })();
    await pool(steady, 16, async () => {
      await steadyCommand(client, initiatives[Math.floor(Math.random() * initiatives.length)]!, Math.random());
      done++;
    });
    await crash;

    const acked = client.commands.filter((c) => c.status >= 200 && c.status < 300);
    // Every acknowledged command is stored: repeating it with its key answers the first result, recording nothing.
    let replayed = 0;
    for (const command of acked) {
      const again = await fetch(`http://127.0.0.1:${port}${command.path}`, {
        method: command.method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': command.key,
        },
        body: JSON.stringify(command.body),
      });
      if (
        again.headers.get('idempotent-replayed') === 'true' &&
        JSON.stringify(await again.json()) === JSON.stringify(command.response)
      )
        replayed++;
    }
    // ...and stored once: each initiative holds exactly the measurements and milestones acknowledged for it.
    const wrong: string[] = [];
    for (const initiative of initiatives) {
      const mine = acked.filter((c) => c.initiativeId === initiative.id);
      const last = Math.max(...mine.map((c) => c.response.version as number));
      const view = await fetch(`http://127.0.0.1:${port}/initiatives/${initiative.id}?minVersion=${last}`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json() as Promise<any>);
      const measurements = mine.filter((c) => c.kind === 'measurement').length;
      const milestones = mine.filter((c) => c.kind === 'milestone').length;
      if (view.version !== last) wrong.push(`${initiative.id}: v${view.version}, last acknowledged v${last}`);
      if (view.goals[0].indicators[0].measurementCount !== measurements)
        wrong.push(
          `${initiative.id}: ${view.goals[0].indicators[0].measurementCount} measurements, ${measurements} acknowledged`,
        );
      if (view.milestones.length !== milestones)
        wrong.push(`${initiative.id}: ${view.milestones.length} milestones, ${milestones} acknowledged`);
    }
    const counts = {
      sent: client.commands.length,
      acknowledged: acked.length,
      replayedFromStore: replayed,
      lost: acked.length - replayed,
      attempts: client.attempts.length,
      networkErrors: client.attempts.filter((a) => a.status <= 0).length,
      restarts: runs.length - 1,
    };
    console.log(`[faults] embedded crash reconciliation ${JSON.stringify(counts)}`);
    expect(runs[0]!.exitStatus?.signal).toBe('SIGKILL');
    expect(acked).toHaveLength(client.commands.length);
    expect(counts.lost).toBe(0);
    expect(wrong).toEqual([]);
  });
});
