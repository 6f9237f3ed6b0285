import { parseInstant, toInitiativeEvent, type FollowUpDecisionRecorded } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { DecisionEvent } from '../events';
import { keptWithRegistration } from '../time/time-slice';

/**
 * What `?since=` may name: a moment (ISO 8601 date or date-time with offset, as everywhere in
 * the API) or a follow-up decision / course correction by its id.
 *
 * Anything starting like a calendar date (`YYYY-MM-DD`) is read as a time, so a malformed time
 * is reported as one rather than looked up as an id; anything else shaped like an id
 * (letters, digits, dashes, underscores) is a decision id.
 */
export type SinceRef =
  { kind: 'time'; input: string; at: string } | { kind: 'decision'; input: string; decisionId: string };

export type ParsedSince = { ok: true; since: SinceRef } | { ok: false; message: string };

const LOOKS_LIKE_TIME = /^\d{4}-\d{2}-\d{2}/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function parseSince(raw: string): ParsedSince {
  const input = raw.trim();
  if (LOOKS_LIKE_TIME.test(input)) {
    const at = parseInstant(input);
    if (at === undefined) {
      return {
        ok: false,
        message: 'must be an ISO 8601 date or date-time with an offset (e.g. 2025-03-01T12:00:00Z), or a decision id',
      };
    }
    return { ok: true, since: { kind: 'time', input, at: new Date(at).toISOString() } };
  }
  if (ID.test(input)) return { ok: true, since: { kind: 'decision', input, decisionId: input } };
  return { ok: false, message: 'must be an ISO 8601 time or the id of a follow-up decision or course correction' };
}

export interface SinceDecision {
  id: string;
  kind: FollowUpDecisionRecorded['data']['kind'] | 'courseCorrection';
  summary: string;
  caseRef: string | null;
  decidedBy: string;
  occurredAt: string;
  recordedAt: string;
}

/** Where the stream is cut: `before` makes the "before" state, `later` are the events after it (recorded order). */
export interface SinceCut {
  before: StoredEvent[];
  later: StoredEvent[];
  /** The moment of the cut: the time given, or when the decision's commit was recorded. */
  at: string;
  decision: SinceDecision | null;
}

/** The decision an event records, read through the domain's upcasting; null for every other event. */
function decisionOf(stored: StoredEvent): DecisionEvent | null {
  // Only decision records are read as domain events: the cut does not depend on any other event's shape.
  if (stored.type !== 'FollowUpDecisionRecorded' && stored.type !== 'CourseCorrected') return null;
  const event = toInitiativeEvent(stored);
  return event.type === 'FollowUpDecisionRecorded' || event.type === 'CourseCorrected' ? event : null;
}

/** Is this event the record of decision `id` (a follow-up decision or course correction)? */
function recordsDecision(stored: StoredEvent, id: string): boolean {
  const event = decisionOf(stored);
  if (event?.type === 'FollowUpDecisionRecorded') return event.data.decisionId === id;
  if (event?.type === 'CourseCorrected') return event.data.courseCorrectionId === id;
  return false;
}

function describeDecision(stored: StoredEvent, event: DecisionEvent): SinceDecision {
  if (event.type === 'CourseCorrected') {
    const d = event.data;
    return {
      id: d.courseCorrectionId,
      kind: 'courseCorrection',
      summary: d.rationale,
      caseRef: d.caseRef,
      decidedBy: d.decidedBy,
      occurredAt: d.occurredAt,
      recordedAt: stored.recordedAt,
    };
  }
  const d = event.data;
  return {
    id: d.decisionId,
    kind: d.kind,
    summary: d.summary,
    caseRef: d.caseRef,
    decidedBy: d.decidedBy,
    occurredAt: d.occurredAt,
    recordedAt: stored.recordedAt,
  };
}

/**
 * Cuts the stream (in version order) at `since`: a time is business time and keeps every event
 * that occurred at or before it (however late it was recorded); a decision keeps everything up to
 * and including the commit that recorded it ("just after the decision"). `null` when the stream holds no such decision.
 */
export function cutStream(events: readonly StoredEvent[], since: SinceRef): SinceCut | null {
  if (since.kind === 'time') {
    const until = Date.parse(since.at);
    const before = keptWithRegistration(events, (event) => Date.parse(event.occurredAt) <= until);
    const later = events.filter((event) => !before.includes(event));
    return { before, later, at: since.at, decision: null };
  }
  let index = events.findIndex((event) => recordsDecision(event, since.decisionId));
  if (index < 0) index = events.findIndex((event) => event.decisionId === since.decisionId);
  if (index < 0) return null;
  const record = events[index]!;
  let cut = index + 1;
  while (cut < events.length && events[cut]!.commitId === record.commitId) cut++;
  const decisionRecord = events.slice(0, cut).find((event) => recordsDecision(event, since.decisionId));
  const decision = decisionRecord && decisionOf(decisionRecord);
  return {
    before: events.slice(0, cut),
    later: events.slice(cut),
    at: record.recordedAt,
    decision: decision ? describeDecision(decisionRecord, decision) : null,
  };
}

/** The follow-up decisions and course corrections among `events`, in order. */
export function decisionsIn(events: readonly StoredEvent[]): SinceDecision[] {
  return events.flatMap((stored) => {
    const decision = decisionOf(stored);
    return decision ? [describeDecision(stored, decision)] : [];
  });
}
