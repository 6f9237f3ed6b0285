import { KafkaAlertPublisher, type NotificationSender } from '@followup/alerting';
import { InProcessMessageBus, KafkaMessageBus, type MessageBus } from '@followup/messaging';
import type { AppConfig } from '@followup/platform';
import { PublishAndAwaitView, PublishOnly, type CommitPipeline, type CommitPipelineParts } from './commit-pipeline';

export type PipelineName = 'embedded' | 'kafka';

/** The bus a process talks through, and the publisher of alert records when that bus has an alerts topic. */
export interface MessageTransport {
  readonly bus: MessageBus;
  readonly alertPublisher: NotificationSender | null;
}

export const MESSAGE_TRANSPORT = Symbol('MESSAGE_TRANSPORT');

/**
 * How committed events travel from the outbox to the projections and the notifier. Chosen once
 * per process from the configuration (`choosePipelineStrategy`); whatever differs between the
 * embedded default and Kafka is asked of it rather than decided again elsewhere.
 */
export interface PipelineStrategy {
  readonly name: PipelineName;
  /**
   * The bus reaches no other process, so the API runs the projections and the notifier itself
   * and a separate projector or notifier process has nothing to consume.
   */
  readonly consumersInApi: boolean;
  /**
   * The bus keeps nothing across a restart, so the projections record their own checkpoint in the
   * read-model store and catch up from the event store at start (on Kafka the group's offsets do).
   */
  readonly projectionCheckpoints: boolean;
  connect(config: AppConfig): MessageTransport;
  commitPipeline(parts: CommitPipelineParts): CommitPipeline;
}

export const PIPELINE_STRATEGY = Symbol('PIPELINE_STRATEGY');

/** One process: in-process bus, projections and notifier beside the API, writes wait for their view. */
export const embeddedPipeline: PipelineStrategy = {
  name: 'embedded',
  consumersInApi: true,
  projectionCheckpoints: true,
  connect: () => ({ bus: new InProcessMessageBus(), alertPublisher: null }),
  commitPipeline: (parts) => new PublishAndAwaitView(parts),
};

/** Kafka between the API, the projector and the notifier; writes return once stored. */
export const kafkaPipeline: PipelineStrategy = {
  name: 'kafka',
  consumersInApi: false,
  projectionCheckpoints: false,
  connect: (config) => {
    const bus = new KafkaMessageBus({
      brokers: config.kafkaBrokers,
      clientId: `followup-${config.processName}`,
      topicPrefix: config.kafkaTopicPrefix,
    });
    // Alert records share the events bus's idempotent producer.
    return { bus, alertPublisher: new KafkaAlertPublisher(bus) };
  },
  commitPipeline: ({ relay }) => new PublishOnly(relay),
};

/** The one embedded-or-Kafka decision: KAFKA_BROKERS set means Kafka. */
export function choosePipelineStrategy(config: AppConfig): PipelineStrategy {
  return config.bus === 'kafka' ? kafkaPipeline : embeddedPipeline;
}
