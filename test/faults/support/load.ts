import { randomBytes } from 'node:crypto';

/** One HTTP attempt of a command, as the client saw it. */
export interface Attempt {
  readonly key: string;
  readonly target: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** HTTP status, or 0 for a network error (refused, reset) and -1 for no answer within the client's timeout. */
  readonly status: number;
  readonly retryAfter: string | null;
  readonly error?: string;
}

/** A command the generator sent, and how it ended after the client's retries. */
export interface Command {
  readonly key: string;
  readonly kind: string;
  readonly initiativeId: string | null;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  status: number;
  attempts: number;
  response: any;
}

export interface RetryPolicy {
  /** Attempts per command, the first included. */
  readonly maxAttempts: number;
  /** A request with no answer after this long counts as hung and is abandoned (then retried). */
  readonly attemptTimeoutMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 40, attemptTimeoutMs: 15_000, maxBackoffMs: 2_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client as an integrator would write one: every write carries an Idempotency-Key; on a network
 * error it tries the next API instance (as a load balancer would), on a 5xx it waits (Retry-After
 * when given, else exponential backoff with jitter) and repeats the same request with the same key.
 */
export class RetryingClient {
  readonly attempts: Attempt[] = [];
  readonly commands: Command[] = [];
  private next = 0;

  constructor(
    private readonly targets: () => string[],
    private readonly token: string,
    private readonly policy: RetryPolicy = DEFAULT_POLICY,
    private readonly runId = randomBytes(4).toString('hex'),
  ) {}

  newKey(): string {
    return `${this.runId}-${this.commands.length + 1}-${randomBytes(3).toString('hex')}`;
  }

  async send(kind: string, initiativeId: string | null, method: string, path: string, body: unknown): Promise<Command> {
    const command: Command = {
      key: this.newKey(),
      kind,
      initiativeId,
      method,
      path,
      body,
      status: 0,
      attempts: 0,
      response: null,
    };
    this.commands.push(command);
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      const target = this.pick();
      const result = await this.once(command, target);
      command.attempts = attempt;
      command.status = result.status;
      // A 409 VersionConflict without If-Match means the server's own retries ran out under contention:
      // the command was not stored, so repeating it is safe.
      const contended = result.status === 409 && (result.body as { code?: string } | null)?.code === 'VersionConflict';
      if (result.status >= 200 && result.status < 500 && !contended) {
        command.response = result.body;
        return command;
      }
      if (result.status === 0 || result.status === -1) this.next++;
      const hinted = Number(result.retryAfter) * 1000;
      const backoff = Math.min(this.policy.maxBackoffMs, 100 * 2 ** Math.min(attempt, 6));
      await sleep(
        (Number.isFinite(hinted) && hinted > 0 ? Math.min(hinted, this.policy.maxBackoffMs) : backoff) *
          (0.5 + Math.random() / 2),
      );
    }
    return command;
  }

  private pick(): string {
    const targets = this.targets();
    return targets[this.next % targets.length]!;
  }

  private async once(
    command: Command,
    target: string,
  ): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
    const startedAt = Date.now();
    let status = 0;
    let retryAfter: string | null = null;
    let body: unknown = null;
    let error: string | undefined;
    try {
      const response = await fetch(`${target}${command.path}`, {
        method: command.method,
        headers: {
          authorization: `Bearer ${this.token}`,
          'content-type': 'application/json',
          'idempotency-key': command.key,
        },
        body: JSON.stringify(command.body),
        signal: AbortSignal.timeout(this.policy.attemptTimeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (caught) {
      const e = caught as Error;
      status = e.name === 'TimeoutError' ? -1 : 0;
      error = `${e.name}: ${(e.cause as Error | undefined)?.message ?? e.message}`;
    }
    this.attempts.push({
      key: command.key,
      target,
      startedAt,
      endedAt: Date.now(),
      status,
      retryAfter,
      ...(error ? { error } : {}),
    });
    return { status, retryAfter, body };
  }
}

/** The per-initiative facts the load needs to build valid commands. */
export interface Initiative {
  readonly id: string;
  indicatorId: string;
  measurements: number;
  milestones: number;
  decisions: number;
}

/** A focus area with a goal and a performance indicator, ready for the steady load; counts start at zero. */
export async function registerLoadInitiative(client: RetryingClient, title: string): Promise<Initiative> {
  const reg = await client.send('register', null, 'POST', '/initiatives', {
    kind: 'focusArea',
    title,
    ownerUnit: 'Regional development',
    responsible: 'Kari Nordmann',
  });
  const id = reg.response.id as string;
  const goal = await client.send('goal', id, 'POST', `/initiatives/${id}/goals`, {
    statement: `Goal of ${title}`,
    resultLevel: 'userEffect',
  });
  const indicator = await client.send(
    'indicator',
    id,
    'POST',
    `/initiatives/${id}/goals/${goal.response.id}/indicators`,
    {
      name: 'Share passing',
      unit: 'percent',
      direction: 'increase',
      baseline: { value: 10, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 30, at: '2025-06-30T00:00:00Z' }],
    },
  );
  return { id, indicatorId: indicator.response.id as string, measurements: 0, milestones: 0, decisions: 0 };
}

const DAY = 86_400_000;
const START = Date.parse('2025-01-02T00:00:00Z');

/** One command of the steady load on `initiative`: a measurement, a milestone or a follow-up decision. */
export function steadyCommand(client: RetryingClient, initiative: Initiative, dice: number): Promise<Command> {
  const id = initiative.id;
  if (dice < 0.6) {
    const n = initiative.measurements++;
    // A distinct business time per measurement of one indicator: each one is recognisable in the store.
    const at = new Date(START + n * 60_000).toISOString();
    return client.send(
      'measurement',
      id,
      'POST',
      `/initiatives/${id}/indicators/${initiative.indicatorId}/measurements`,
      {
        value: 10 + (n % 25),
        at,
      },
    );
  }
  if (dice < 0.85) {
    const n = initiative.milestones++;
    return client.send('milestone', id, 'POST', `/initiatives/${id}/milestones`, {
      title: `Milestone ${n} of ${id}`,
      dueAt: new Date(START + 200 * DAY + n * DAY).toISOString(),
    });
  }
  const n = initiative.decisions++;
  return client.send('decision', id, 'POST', `/initiatives/${id}/decisions`, {
    kind: 'continue',
    summary: `Decision ${n}`,
    rationale: 'On track',
    decidedBy: 'Steering group',
    occurredAt: new Date(START + n * 60_000).toISOString(),
  });
}

/** Runs `work(i)` for i in [0, count) with `concurrency` workers; `onDone` after each. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Time windows in which a dependency was down, for checking the answers given meanwhile. */
export class OutageLog {
  readonly windows: Array<{ what: string; from: number; to: number }> = [];

  async during<T>(what: string, body: () => Promise<T>): Promise<T> {
    const from = Date.now();
    try {
      return await body();
    } finally {
      this.windows.push({ what, from, to: Date.now() });
    }
  }

  covering(at: number, kind: (what: string) => boolean): string | null {
    return this.windows.find((w) => kind(w.what) && at >= w.from && at <= w.to)?.what ?? null;
  }
}

/**
 * Holds the load back at each fault's share of it until that fault has begun, so that every
 * fault (and each dependency outage in particular) happens while commands are being sent, however
 * fast the load runs compared with the faults.
 */
export class LoadGate {
  private readonly gates: Array<{ index: number; begun: Promise<void>; begin: () => void }>;

  constructor(shares: readonly number[], total: number) {
    this.gates = shares.map((share) => {
      let begin = (): void => undefined;
      const begun = new Promise<void>((resolve) => (begin = resolve));
      return { index: Math.ceil(share * total), begun, begin };
    });
  }

  /** Waits until every fault due before command number `index` has begun. */
  async pass(index: number): Promise<void> {
    for (const gate of this.gates) if (index >= gate.index) await gate.begun;
  }

  /** Fault `k` begins (in the order of the shares). */
  begin(k: number): void {
    this.gates[k]?.begin();
  }
}
