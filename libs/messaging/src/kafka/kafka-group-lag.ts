import type { Kafka } from 'kafkajs';
import { withTimeout } from './kafka-async';

/** Records of `topic` beyond the offsets `group` has committed (from the low watermark where it has none). */
export async function consumerGroupLag(kafka: Kafka, topic: string, group: string, timeoutMs: number): Promise<number> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    return await withTimeout(
      (async () => {
        await admin.connect();
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        const position = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        return ends.reduce((sum, end) => {
          const at = position.get(end.partition) ?? -1;
          return sum + Math.max(0, Number(end.high) - (at >= 0 ? at : Number(end.low)));
        }, 0);
      })(),
      timeoutMs,
      'checking the consumer group lag',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
