import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { COMMITS_COLLECTION, META_COLLECTION } from '@followup/event-store';
import { projectorGroup } from '@followup/runtime';
import type { ProductionStack } from '../../test/production/support/stack';

/** How many initiatives the lag probe looks up per look, and how long it pauses between looks. */
const PROBE_LOOKUPS = 4;
const POLL_MS = 5;

export interface LagSample {
  readonly id: string;
  readonly version: number;
  readonly answeredAt: number;
}

/**
 * When each event reached the events topic, seen by a consumer of its own (a group that starts at
 * the end): splits a sample's lag into the wait before Kafka (the API's outbox) and after it.
 */
export class KafkaArrivalTap {
  private readonly arrivals = new Map<string, number>();

  private constructor(private readonly consumer: Consumer) {}

  static async start(stack: ProductionStack): Promise<KafkaArrivalTap> {
    const kafka = new Kafka({ clientId: 'bench-tap', brokers: stack.brokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `bench-tap-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const tap = new KafkaArrivalTap(consumer);
    const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic, fromBeginning: false });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        for (const message of batch.messages)
          tap.arrivals.set(`${message.key?.toString()}:${message.headers?.['stream-version']?.toString()}`, now);
      },
    });
    await fetched; // the group's start offsets are fixed: every event published from now on is seen
    return tap;
  }

  arrivedAt(sample: LagSample): number | undefined {
    return this.arrivals.get(`${sample.id}:${sample.version}`);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** A lag split where the event reached Kafka: answer -> on Kafka, and on Kafka -> view saved. */
export interface LagSplit {
  readonly toKafka: number[];
  readonly fromKafka: number[];
}

/** Resolves lag samples by polling the stored views (one `_id` lookup per initiative waited on). */
export class LagProbe {
  readonly lags: number[] = [];
  /** Of the samples the tap saw arrive. */
  readonly split: LagSplit = { toKafka: [], fromKafka: [] };
  private readonly pending: LagSample[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly stack: ProductionStack,
    private readonly tap?: KafkaArrivalTap,
  ) {
    this.loop = this.poll();
  }

  add(sample: LagSample): void {
    this.pending.push(sample);
  }

  /** Waits (bounded) for the samples still pending; answers how many never resolved. */
  async finish(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length > 0 && Date.now() < deadline) await sleep(50);
    this.running = false;
    await this.loop;
    return this.pending.length;
  }

  private async poll(): Promise<void> {
    const views = this.stack.db().collection<{ _id: string; version: number }>('initiative_views');
    while (this.running) {
      // The initiatives of the oldest samples, a few per look, so the probe's own queries stay a
      // small part of the server's load even when the projector falls far behind.
      const ids = [...new Set(this.pending.map((sample) => sample.id))].slice(0, PROBE_LOOKUPS);
      const versions = await Promise.all(
        ids.map(async (id) => [id, (await views.findOne({ _id: id }, { projection: { version: 1 } }))?.version ?? 0]),
      );
      const now = performance.now();
      const reached = new Map(versions as Array<[string, number]>);
      for (let i = this.pending.length - 1; i >= 0; i--) {
        const sample = this.pending[i]!;
        if ((reached.get(sample.id) ?? 0) < sample.version) continue;
        this.lags.push(now - sample.answeredAt);
        const arrivedAt = this.tap?.arrivedAt(sample);
        if (arrivedAt !== undefined) {
          this.split.toKafka.push(Math.max(0, arrivedAt - sample.answeredAt));
          this.split.fromKafka.push(now - arrivedAt);
        }
        this.pending.splice(i, 1);
      }
      await sleep(POLL_MS);
    }
  }
}

/**
 * Where the lag waits, sampled once a second: commits stored but not yet handed to Kafka (the API's
 * outbox) and events on Kafka the projector's group has not committed yet.
 */
export class BacklogSampler {
  readonly outbox: number[] = [];
  readonly projector: number[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly stack: ProductionStack) {
    this.loop = this.sample();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async sample(): Promise<void> {
    const commits = this.stack.db().collection(COMMITS_COLLECTION);
    const meta = this.stack.db().collection<{ _id: string; publishedSeq?: number }>(META_COLLECTION);
    while (this.running) {
      // Commits are numbered 1..n without gaps; the outbox's watermark is the highest one published.
      const [stored, outbox, lag] = await Promise.all([
        commits.estimatedDocumentCount(),
        meta.findOne({ _id: 'outbox' }),
        this.stack.groupLag(projectorGroup(this.stack.topicPrefix)),
      ]);
      this.outbox.push(Math.max(0, stored - Number(outbox?.publishedSeq ?? 0)));
      this.projector.push(lag.end - lag.committed);
      await sleep(1_000);
    }
  }
}

/** Waits (bounded) until the projector's group has committed everything on the topic. */
export async function projectorCaughtUp(stack: ProductionStack, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lag = await stack.groupLag(projectorGroup(stack.topicPrefix));
    if (lag.end - lag.committed <= 0 || Date.now() > deadline) return;
    await sleep(500);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
