/** The alert vocabulary shared by the rules, the stores, the engine and the HTTP layer. */
import type { MessageLanguage } from '@followup/platform';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_RULES = [
  'milestone.dueSoon',
  'milestone.overdue',
  'milestone.missed',
  'milestone.achieved',
  'indicator.offTrack',
  'benefit.realisationOverdue',
  'decision.followUpOverdue',
  'goal.notVerifiable',
  'decision.escalated',
  'decision.stopOverdue',
  'benefit.atRisk',
  'benefit.measurementDue',
  'benefit.notRealised',
  'risk.high',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
export const severityAtLeast = (severity: Severity, minimum: Severity): boolean =>
  SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];

/** Milestone rules are the ones a `pause` decision silences for its subtree. */
export const isMilestoneRule = (rule: AlertRule): boolean => rule.startsWith('milestone.');

/** Rules whose unacknowledged alerts are re-notified every repeat interval. */
export const REPEATING_RULES: ReadonlySet<AlertRule> = new Set<AlertRule>([
  'milestone.overdue',
  'benefit.realisationOverdue',
  'decision.followUpOverdue',
  'decision.stopOverdue',
]);

/**
 * A condition that holds now, as the pure rules compute it. `key` is its stable identity:
 * a hash of (rule, initiative, subject, due date, variant), the same on every instance.
 */
export interface FiringCondition {
  readonly key: string;
  readonly rule: AlertRule;
  readonly severity: Severity;
  readonly initiativeId: string;
  readonly initiativeTitle: string;
  /** Ids from the root of the plan hierarchy down to the initiative itself. */
  readonly path: readonly string[];
  readonly subjectId: string;
  readonly subjectTitle: string;
  readonly dueAt: string | null;
  readonly message: string;
  /** Set when a paused initiative (itself or an ancestor) silences this milestone alert. */
  readonly silencedBy: string | null;
  /** Version of the initiative view the condition was computed from. */
  readonly basisVersion: number;
}

export interface Actor {
  readonly sub: string;
  readonly name: string | null;
}

export interface Acknowledgement {
  readonly by: Actor;
  readonly at: string;
  readonly comment: string;
  readonly decisionId: string | null;
}

/** One alert as stored. `id` is derived from `key` and `occurrence`, so every instance computes the same id. */
export interface AlertRecord {
  readonly id: string;
  readonly key: string;
  /** 1 for the first time a condition fires; a condition that clears and fires again gets the next number. */
  readonly occurrence: number;
  readonly rule: AlertRule;
  readonly severity: Severity;
  readonly initiativeId: string;
  readonly initiativeTitle: string;
  readonly path: readonly string[];
  readonly subjectId: string;
  readonly subjectTitle: string;
  readonly dueAt: string | null;
  readonly message: string;
  readonly status: AlertStatus;
  readonly raisedAt: string;
  readonly basisVersion: number;
  readonly silenced: boolean;
  readonly silencedBy: string | null;
  readonly silencedSince: string | null;
  readonly acknowledgement: Acknowledgement | null;
  readonly resolvedAt: string | null;
  readonly resolvedBasisVersion: number | null;
  /** How many repeat notifications have been emitted (a hint; the event ids are what dedupe). */
  readonly repeats: number;
}

export const ALERT_EVENT_KINDS = ['raised', 'resolved', 'repeated', 'restored'] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/**
 * Something to tell about an alert. Its id is deterministic (`<alertId>:raised`,
 * `<alertId>:resolved`, `<alertId>:repeat:<n>`, `<alertId>:restored:<since>`), and it is
 * created by an insert guarded by that unique id: whichever instance inserts it routes it.
 */
export interface AlertEventRecord {
  readonly id: string;
  readonly alertId: string;
  readonly kind: AlertEventKind;
  /** Clock time (ISO). */
  readonly at: string;
  /** Wall-clock milliseconds when it was recorded (feeds, grouping windows). */
  readonly recordedAtMs: number;
  readonly initiativeId: string;
  readonly path: readonly string[];
  readonly severity: Severity;
  readonly silenced: boolean;
  /** The alert as it stood when the event was recorded. */
  readonly alert: AlertRecord;
  readonly routed: boolean;
}

export interface SubscriptionRecord {
  readonly id: string;
  readonly initiativeId: string;
  readonly owner: Actor;
  readonly webhookUrl: string | null;
  readonly secret: string | null;
  readonly minSeverity: Severity;
  readonly createdAt: string;
  /** Where alert e-mail goes (absent on subscriptions made before e-mail existed). */
  readonly email?: string | null;
  /** `weekly`: one digest e-mail a week instead of one per alert group. */
  readonly digest?: SubscriptionDigest | null;
  /** The language of its e-mail, from the subscriber's Accept-Language. */
  readonly language?: MessageLanguage;
}

export const SUBSCRIPTION_DIGESTS = ['weekly'] as const;
export type SubscriptionDigest = (typeof SUBSCRIPTION_DIGESTS)[number];

export type Channel = 'webhook' | 'kafka' | 'email';
export type NotificationOutcome = 'delivered' | 'deadLetter';

/**
 * One message to one target: a webhook subscription's group of alert events (a grouping
 * window), or one Kafka record. Created by an insert guarded by its deterministic id.
 */
export interface NotificationRecord {
  readonly id: string;
  readonly channel: Channel;
  readonly subscriptionId: string | null;
  readonly createdAt: string;
  /** Wall-clock ms from which the next attempt may start (window end, backoff, lease end). */
  readonly dueAtMs: number;
  readonly done: boolean;
  readonly outcome: NotificationOutcome | null;
}

/** An alert event placed in a notification; id `<eventId>|<target>` so each event reaches a target once. */
export interface NotificationItemRecord {
  readonly id: string;
  readonly notificationId: string;
  readonly eventId: string;
  readonly alertId: string;
}

/**
 * One delivery attempt, claimed by inserting `<notificationId>#<n>`: only the instance whose
 * insert succeeds sends. The owner records the outcome on its own document.
 */
export interface DeliveryAttemptRecord {
  readonly id: string;
  readonly notificationId: string;
  readonly attempt: number;
  readonly instance: string;
  readonly at: string;
  readonly startedAtMs: number;
  /** After this wall-clock time an unfinished attempt counts as failed (its owner died). */
  readonly leaseUntilMs: number;
  readonly finished: boolean;
  readonly ok: boolean | null;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number | null;
  readonly itemIds: readonly string[];
}
