import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@followup/messaging/testing/wait-for';
import {
  API_BUNDLE,
  freePort,
  ManagedProcess,
  nodeArgs,
  PROJECTOR_BUNDLE,
  REPO_ROOT,
} from '../../production/support/processes';
import { ProductionStack } from '../../production/support/stack';

export const NOTIFIER_BUNDLE = join(REPO_ROOT, 'dist', 'apps', 'notifier', 'main.js');

/** One API process slot: a fixed port, restarted in place after a kill. */
export class ApiSlot {
  process: ManagedProcess | null = null;
  constructor(
    readonly name: string,
    public port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

/**
 * The production topology with two API processes behind one (client-side) balancer, a projector
 * and a notifier, all on the stack's database and broker; each can be killed and restarted.
 */
export class FaultStack {
  readonly apis: ApiSlot[] = [];
  projector: ManagedProcess | null = null;
  notifier: ManagedProcess | null = null;

  constructor(readonly stack: ProductionStack) {
    if (!existsSync(NOTIFIER_BUNDLE)) throw new Error(`${NOTIFIER_BUNDLE} is missing: run npx nest build notifier`);
  }

  async addApi(): Promise<ApiSlot> {
    const name = `api-${this.apis.length + 1}`;
    const slot = new ApiSlot(name, 0);
    this.apis.push(slot);
    slot.port = await freePort();
    await this.startApi(slot);
    return slot;
  }

  /** Starts (or restarts) the API of `slot` and waits until it serves HTTP. */
  async startApi(slot: ApiSlot, timeoutMs = 60_000): Promise<void> {
    const run = ManagedProcess.start(
      `${slot.name}#${this.stack.processes.length + 1}`,
      process.execPath,
      nodeArgs(API_BUNDLE),
      this.stack.env({ PORT: String(slot.port), HOST: '127.0.0.1' }),
    );
    this.stack.processes.push(run);
    slot.process = run;
    await waitFor(
      async () => {
        if (!run.alive) throw new Error(`${slot.name} exited while starting\n${run.tail()}`);
        try {
          return (await fetch(`${slot.url}/health/live`, { signal: AbortSignal.timeout(2_000) })).status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs, intervalMs: 100, what: `${slot.name} to serve HTTP` },
    );
  }

  async startProjector(timeoutMs = 90_000): Promise<void> {
    const run = this.spawn('projector', PROJECTOR_BUNDLE);
    this.projector = run;
    await run.waitForLine(/projecting .*followup\.events\.v1/, timeoutMs);
  }

  async startNotifier(timeoutMs = 90_000): Promise<void> {
    const run = this.spawn('notifier', NOTIFIER_BUNDLE);
    this.notifier = run;
    await run.waitForLine(/evaluating alerts from/, timeoutMs);
  }

  private spawn(name: string, bundle: string): ManagedProcess {
    const run = ManagedProcess.start(
      `${name}#${this.stack.processes.length + 1}`,
      process.execPath,
      nodeArgs(bundle),
      this.stack.env(),
    );
    this.stack.processes.push(run);
    return run;
  }

  /** Base URLs of the API processes that run (all of them when none does: the client then sees refusals). */
  liveUrls(): string[] {
    const live = this.apis.filter((a) => a.process?.alive).map((a) => a.url);
    return live.length > 0 ? live : this.apis.map((a) => a.url);
  }
}
