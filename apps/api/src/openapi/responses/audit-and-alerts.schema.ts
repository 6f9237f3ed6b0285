import { SUBSCRIPTION_DIGESTS } from '@followup/alerting';
import {
  actor,
  anyObject,
  arr,
  bool,
  instant,
  int,
  mapOf,
  nullable,
  num,
  obj,
  oneOf,
  str,
  type Schema,
} from './schema-kit';

const nextCursor: Schema = { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last' };
/** `{ items, nextCursor? }` plus what else the list answers with. */
export const page = (item: Schema, extra: Record<string, Schema> = {}): Schema =>
  obj({ items: arr(item), ...extra }, { nextCursor });

export const HISTORY_ITEM = obj(
  {
    position: int,
    version: int,
    eventId: str,
    type: str,
    occurredAt: instant,
    recordedAt: instant,
    actor,
    summary: str,
    decisionId: nullable(str),
    caseRef: nullable(str),
    decidedBy: nullable(str),
    reason: nullable(str),
    correlationId: str,
  },
  // What a revision, reschedule or target change was and became: shaped by the event type.
  { before: {}, after: {} },
);

export const HISTORY = obj({ initiativeId: str, version: int, items: arr(HISTORY_ITEM) });

export const DECISION_LOG_ENTRY = obj(
  {
    decisionId: str,
    initiativeId: str,
    initiativeTitle: nullable(str),
    kind: str,
    summary: str,
    rationale: str,
    caseRef: nullable(str),
    decidedBy: str,
    occurredAt: instant,
    recordedAt: instant,
    recordedBy: actor,
    followUpBy: nullable(instant),
    affects: arr(str),
    changes: arr(HISTORY_ITEM),
    followedBy: arr(HISTORY_ITEM),
  },
  { risks: { ...arr(str), description: 'Risks of the initiative the decision answers; absent when none' } },
);

export const FOLLOW_UP = obj({
  id: str,
  initiativeId: str,
  initiativeTitle: nullable(str),
  kind: str,
  summary: str,
  caseRef: nullable(str),
  decidedBy: str,
  occurredAt: instant,
  recordedAt: instant,
  dueAt: instant,
  status: oneOf(['open', 'overdue', 'resolved']),
  daysOverdue: int,
  resolvedBy: nullable(str),
  resolvedByDecisionId: nullable(str),
  resolvedAt: nullable(instant),
});

const ledgerHead = obj({ position: int, digest: str, streams: int });

export const VERIFICATION = obj(
  { ok: bool, checkedEvents: int, brokenEvents: int, head: ledgerHead, verifiedAt: instant },
  {
    firstBroken: obj({
      eventId: str,
      streamId: str,
      streamVersion: int,
      position: int,
      reason: str,
      detail: str,
    }),
    digest: { type: 'string', description: 'With ?digest=: the digest asked about' },
    recomputed: str,
    coveredPosition: int,
    digestMatches: bool,
    detail: str,
  },
);

export const DIGEST = obj({
  digest: { type: 'string', description: 'v1:<position>:<root>' },
  position: int,
  root: str,
  streams: int,
  algorithm: str,
  at: instant,
});

export const ACCESS_LOG_ENTRY = obj({
  at: instant,
  actor: obj({ sub: str, name: nullable(str), roles: arr(str) }),
  path: str,
  query: anyObject,
  seq: int,
  prevHash: nullable(str),
  hash: str,
});
export const ACCESS_LOG_VERIFICATION = obj({ ok: bool, entries: int, brokenAt: nullable(int) });

const term = obj({ code: str, nn: str, en: str, definition: str });
/** Each controlled list (resultLevels, initiativeKinds, ..., targetGroups) as a list of terms. */
export const VOCABULARY = mapOf(arr(term));

const SEVERITY = oneOf(['info', 'warning', 'critical']);

const alertFields = {
  id: str,
  rule: str,
  severity: SEVERITY,
  initiativeId: str,
  initiativeTitle: str,
  path: arr(str),
  subjectId: str,
  subjectTitle: str,
  status: oneOf(['open', 'acknowledged', 'resolved']),
  raisedAt: instant,
  message: str,
  silenced: bool,
  occurrence: int,
};
const alertOptional = {
  dueAt: instant,
  silencedBy: str,
  acknowledgedBy: actor,
  acknowledgedAt: instant,
  acknowledgement: obj({ comment: str }, { decisionId: str }),
  resolvedAt: instant,
};
const title: Schema = { type: 'string', description: 'A short title in the language of Accept-Language (nn or en)' };
/** An alert as the lists and single reads give it: with a title (and, in Nynorsk, the message too). */
export const ALERT = obj({ ...alertFields, title }, alertOptional);
/** An alert as acknowledging it answers: without a title. */
export const ACKNOWLEDGED_ALERT = obj(alertFields, alertOptional);

export const DELIVERY = obj(
  {
    notificationId: str,
    channel: oneOf(['webhook', 'kafka', 'email']),
    status: oneOf(['pending', 'delivered', 'deadLetter']),
    attempts: arr(
      obj(
        { attempt: int, at: instant, outcome: oneOf(['success', 'failure', 'inFlight', 'abandoned']) },
        { statusCode: int, error: str, durationMs: num },
      ),
    ),
  },
  { subscriptionId: str },
);

export const ALERT_WITH_DELIVERIES = obj({ ...alertFields, title, deliveries: arr(DELIVERY) }, alertOptional);

export const SUBSCRIPTION = obj(
  {
    id: str,
    initiativeId: str,
    owner: actor,
    hasSecret: bool,
    minSeverity: SEVERITY,
    createdAt: instant,
  },
  { webhookUrl: str, email: str, digest: oneOf(SUBSCRIPTION_DIGESTS) },
);
