import { isReportEvent, toInitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import { decidedByOf } from '../decided-by';
import type { DecisionEvent } from '../events';
import { kindOfEventType } from './decision-log.entry';
import { isOtherDecision } from './decision-log.other';

/**
 * Where one decision log entry sits and what its filters compare, without its text: the index that
 * orders, filters and pages the log. The entry itself (summary, changes, what followed) is built
 * from its stream when a page shows it (`decisionsOfStream`).
 */
export interface DecisionAnchor {
  readonly streamId: string;
  /** The entry's decisionId. */
  readonly decisionId: string;
  /** Business time as given (the log's sort key) and as milliseconds (its from/to filter). */
  readonly occurredAt: string;
  readonly occurredMs: number;
  readonly recordedAt: string;
  readonly kind: string;
  readonly caseRef: string | null;
  readonly decidedBy: string;
  /** Who recorded it (recordedBy.sub). */
  readonly actor: string;
  /** The anchoring event: its position, commit and envelope decisionId. */
  readonly position: number;
  readonly commitId: string;
  readonly eventDecisionId: string | null;
  /** record: a decision record; event: an event with a caseRef or decisionId; other: see isOtherDecision. */
  readonly source: 'record' | 'event' | 'other';
}

/** The filters of GET /audit/decisions that the index answers (words need the entries' text). */
export interface DecisionAnchorFilter {
  readonly streamIds?: readonly string[];
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly actor?: string;
  readonly caseRef?: string;
  readonly decidedBy?: string;
  readonly kind?: string;
}

export interface DecisionAnchorPageRequest {
  readonly offset: number;
  readonly limit: number;
  /** log (default): the log's order; stream: by stream and position. */
  readonly order?: 'log' | 'stream';
}

export interface DecisionAnchorPage {
  readonly anchors: DecisionAnchor[];
  /** How many anchors match the filter in all. */
  readonly total: number;
}

/** Checkpoint of the decision log index in the read-model store. */
export const DECISION_LOG_CHECKPOINT = 'decision-log';

const RECORD_TYPES = new Set(['FollowUpDecisionRecorded', 'CourseCorrected']);

/**
 * Applies one event (in stream order) to its stream's anchors, giving the same entries in the same
 * order as `decisionsOfStream` over the whole stream: a decision record takes over the events of its
 * commit and those carrying its decision id; events sharing a decision id make one entry, the first.
 * Applying an event twice changes nothing.
 */
export function applyToAnchors(anchors: DecisionAnchor[], stored: StoredEvent): void {
  if (isReportEvent(stored) || anchors.some((a) => a.position === stored.position)) return;
  const base = {
    streamId: stored.streamId,
    recordedAt: stored.recordedAt,
    actor: stored.actor.sub,
    position: stored.position,
    commitId: stored.commitId,
    eventDecisionId: stored.decisionId,
  };
  if (RECORD_TYPES.has(stored.type)) {
    // As decisionsOfStream reads it: upcast to the current schema.
    const event = toInitiativeEvent(stored) as DecisionEvent;
    const taken = (a: DecisionAnchor) =>
      a.source === 'event' &&
      (a.commitId === stored.commitId || (stored.decisionId !== null && a.eventDecisionId === stored.decisionId));
    removeWhere(anchors, taken);
    const { data } = event;
    anchors.push({
      ...base,
      source: 'record',
      decisionId: event.type === 'CourseCorrected' ? event.data.courseCorrectionId : event.data.decisionId,
      occurredAt: data.occurredAt,
      occurredMs: Date.parse(data.occurredAt),
      kind: event.type === 'CourseCorrected' ? 'courseCorrection' : event.data.kind,
      caseRef: data.caseRef,
      decidedBy: data.decidedBy,
    });
    return;
  }
  const recordedBy = decidedByOf(stored) ?? stored.actor.name ?? stored.actor.sub;
  const entry = { ...base, occurredAt: stored.occurredAt, occurredMs: Date.parse(stored.occurredAt) };
  const kind = kindOfEventType(stored.type);
  if (stored.caseRef === null && stored.decisionId === null) {
    if (!isOtherDecision(stored)) return;
    const data = stored.data as { decisionId?: unknown };
    const decisionId = typeof data.decisionId === 'string' ? data.decisionId : stored.eventId;
    anchors.push({ ...entry, source: 'other', decisionId, kind, caseRef: null, decidedBy: recordedBy });
    return;
  }
  const inRecord = anchors.some(
    (a) =>
      a.source === 'record' &&
      (a.commitId === stored.commitId || (stored.decisionId !== null && a.eventDecisionId === stored.decisionId)),
  );
  const decisionId = stored.decisionId ?? stored.eventId;
  if (inRecord || anchors.some((a) => a.source === 'event' && a.decisionId === decisionId)) return;
  anchors.push({ ...entry, source: 'event', decisionId, kind, caseRef: stored.caseRef, decidedBy: recordedBy });
}

function removeWhere<T>(items: T[], remove: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!remove(item)) items[kept++] = item;
  items.length = kept;
}

/** Whether an event can add or take over an entry: cheap, so most events (measurements...) cost nothing more. */
export function mayAnchor(stored: StoredEvent): boolean {
  if (isReportEvent(stored)) return false;
  return (
    RECORD_TYPES.has(stored.type) || stored.caseRef !== null || stored.decisionId !== null || isOtherDecision(stored)
  );
}
