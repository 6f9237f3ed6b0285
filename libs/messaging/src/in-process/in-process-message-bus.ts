import type { StoredEvent } from '@followup/event-store';
import type { EventBatchHandler, EventHandler, MessageBus, SubscribeOptions, Subscription } from '../message-bus.port';

interface GroupState {
  /** Index in the log of the next event this group has not finished. */
  offset: number;
  members: Member[];
}

/** Most events handed to a batch handler at once. */
const MAX_BATCH = 500;

interface Member {
  readonly handler: EventHandler;
  readonly batchHandler: EventBatchHandler | undefined;
  active: boolean;
  pumping: boolean;
}

export interface InProcessMessageBusOptions {
  /** Wait before handing a failed event to its handler again. */
  readonly retryDelayMs?: number;
}

/**
 * Embedded-mode bus with the same guarantees as the Kafka adapter inside one process:
 * an in-memory log with per-group offsets that advance only after the handler succeeded,
 * failed events are retried, and a group that resubscribes resumes where it stopped.
 * The log is trimmed to the slowest group. It does not survive a restart: in embedded
 * mode the outbox relay and the projections' checkpoints in the stores cover that.
 */
export class InProcessMessageBus implements MessageBus {
  private log: StoredEvent[] = [];
  /** Absolute index of log[0], so offsets stay valid after trimming. */
  private logStart = 0;
  private readonly groups = new Map<string, GroupState>();
  private readonly retryDelayMs: number;
  private closed = false;

  constructor(options: InProcessMessageBusOptions = {}) {
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (this.closed) throw new Error('message bus is closed');
    this.log.push(...events);
    for (const group of this.groups.values()) this.wake(group);
  }

  async subscribe({ group, handler, batchHandler, fromBeginning }: SubscribeOptions): Promise<Subscription> {
    let state = this.groups.get(group);
    if (!state) {
      state = { offset: fromBeginning ? this.logStart : this.logStart + this.log.length, members: [] };
      this.groups.set(group, state);
    }
    const member: Member = { handler, batchHandler, active: true, pumping: false };
    state.members.push(member);
    this.wake(state);
    const owner = state;
    return {
      stop: async () => {
        member.active = false;
        while (member.pumping) await new Promise((resolve) => setImmediate(resolve));
        owner.members = owner.members.filter((m) => m !== member);
        this.wake(owner);
      },
    };
  }

  private wake(group: GroupState): void {
    // One member at a time per group keeps each stream in order.
    const member = group.members.find((m) => m.active);
    if (member && !group.members.some((m) => m.pumping)) void this.pump(group, member);
  }

  private async pump(group: GroupState, member: Member): Promise<void> {
    member.pumping = true;
    try {
      while (member.active && !this.closed && group.offset < this.logStart + this.log.length) {
        const from = group.offset - this.logStart;
        try {
          if (member.batchHandler) {
            const batch = this.log.slice(from, from + MAX_BATCH);
            await member.batchHandler(batch);
            group.offset += batch.length;
          } else {
            await member.handler(this.log[from]!);
            group.offset++;
          }
        } catch {
          await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
        }
      }
    } finally {
      member.pumping = false;
      this.trim();
    }
    if (member.active && !this.closed && group.offset < this.logStart + this.log.length) this.wake(group);
  }

  private trim(): void {
    if (this.groups.size === 0) return;
    const slowest = Math.min(...[...this.groups.values()].map((g) => g.offset));
    const drop = slowest - this.logStart;
    if (drop > 0) {
      this.log = this.log.slice(drop);
      this.logStart = slowest;
    }
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('message bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) group.members.forEach((m) => (m.active = false));
    for (const group of this.groups.values()) {
      while (group.members.some((m) => m.pumping)) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
