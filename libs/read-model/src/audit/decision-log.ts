import type { StoredEvent } from '@followup/event-store';
import type { DecisionEvent } from '../events';
import { DECISION_KINDS, toInitiativeEvent } from '@followup/domain';
import { auditHistory, type AuditHistoryItem } from './audit-history';
import type { AuditLanguage } from './audit-summaries';
import { decidedByOf } from '../decided-by';
import { kindOfEventType, type DecisionLogEntry } from './decision-log.entry';
import { isOtherDecision, otherDecisionEntry } from './decision-log.other';

export { kindOfEventType, type DecisionLogEntry } from './decision-log.entry';
import { AUDITED_EVENT_TYPES } from './audit-summaries';

/** Every kind a decision log entry can have: decision kinds, course corrections and event kinds. */
export const DECISION_LOG_KINDS: readonly string[] = [
  ...DECISION_KINDS,
  'courseCorrection',
  ...AUDITED_EVENT_TYPES.filter((t) => t !== 'FollowUpDecisionRecorded' && t !== 'CourseCorrected').map(
    kindOfEventType,
  ),
];

const DECISION_RECORDS = new Set(['FollowUpDecisionRecorded', 'CourseCorrected']);

/** Ids of goals, indicators, milestones and benefits an event is about. */
function subjectsOf(event: StoredEvent): string[] {
  const d = event.data as Record<string, unknown>;
  return ['goalId', 'indicatorId', 'milestoneId', 'benefitId'].flatMap((key) =>
    typeof d[key] === 'string' ? [d[key] as string] : [],
  );
}

const STATUS_EVENTS = new Set([
  'InitiativePaused',
  'InitiativeResumed',
  'InitiativeClosed',
  'FollowUpDecisionRecorded',
  'CourseCorrected',
]);

/** A stream with its audit lines, index for index. */
interface Stream {
  events: readonly StoredEvent[];
  history: AuditHistoryItem[];
  title: string | null;
}

/**
 * Every entry of one initiative's stream: each decision record with its changes and what followed,
 * and each other event that carries a caseRef or decisionId and is not part of a decision record
 * (events sharing such a decision id make one entry, the first one's).
 */
export function decisionsOfStream(events: readonly StoredEvent[], language: AuditLanguage = 'en'): DecisionLogEntry[] {
  const history = auditHistory(events, language);
  const stream: Stream = {
    events,
    history,
    title: (events[0]?.data as { title?: string } | undefined)?.title ?? null,
  };
  const records = events.filter((e) => DECISION_RECORDS.has(e.type));
  const recordIds = new Set(records.map((e) => e.decisionId));
  const recordCommits = new Set(records.map((e) => e.commitId));
  const seen = new Set<string>();
  const entries: DecisionLogEntry[] = [];
  events.forEach((stored, index) => {
    const event = toInitiativeEvent(stored);
    if (event.type === 'FollowUpDecisionRecorded' || event.type === 'CourseCorrected') {
      entries.push(decisionEntry(stream, index, event));
      return;
    }
    if (stored.caseRef === null && stored.decisionId === null) {
      if (isOtherDecision(stored)) entries.push(otherDecisionEntry(stored, history[index]!, stream.title));
      return;
    }
    if (recordCommits.has(stored.commitId) || (stored.decisionId && recordIds.has(stored.decisionId))) return;
    const id = stored.decisionId ?? stored.eventId;
    if (seen.has(id)) return;
    seen.add(id);
    entries.push(eventEntry(stream, index, id));
  });
  return entries;
}

/** The entry of an event that carries a caseRef or decisionId outside any decision record. */
function eventEntry(stream: Stream, index: number, id: string): DecisionLogEntry {
  const stored = stream.events[index]!;
  // Who decided is kept in the event's data (see decidedByOf); else the person who recorded it.
  const decidedBy = decidedByOf(stored);
  const linked = (e: StoredEvent) => e === stored || (stored.decisionId !== null && e.decisionId === id);
  const changeIndexes = stream.events.map((e, i) => (linked(e) ? i : -1)).filter((i) => i >= 0);
  const subjects = new Set(changeIndexes.flatMap((i) => subjectsOf(stream.events[i]!)));
  return {
    decisionId: id,
    initiativeId: stored.streamId,
    initiativeTitle: stream.title,
    kind: kindOfEventType(stored.type),
    summary: stream.history[index]!.summary,
    rationale: stored.reason ?? '',
    caseRef: stored.caseRef,
    decidedBy: decidedBy ?? stored.actor.name ?? stored.actor.sub,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    recordedBy: { sub: stored.actor.sub, name: stored.actor.name ?? null },
    followUpBy: null,
    affects: [...subjects],
    changes: changeIndexes.map((i) => stream.history[i]!),
    followedBy: followersOf(stream, false, Math.max(...changeIndexes), linked, subjects),
  };
}

function decisionEntry(stream: Stream, index: number, event: DecisionEvent): DecisionLogEntry {
  const { events, history } = stream;
  const stored = events[index]!;
  const decisionId = event.type === 'CourseCorrected' ? event.data.courseCorrectionId : event.data.decisionId;
  const linked = (e: StoredEvent) =>
    e !== stored &&
    (e.decisionId === decisionId || (e.commitId === stored.commitId && e.type !== 'FollowUpDecisionRecorded'));
  const changeIndexes = events.map((e, i) => (linked(e) ? i : -1)).filter((i) => i >= 0);
  const subjects = new Set([
    ...changeIndexes.flatMap((i) => subjectsOf(events[i]!)),
    ...(event.type === 'FollowUpDecisionRecorded' ? event.data.affects : []),
  ]);
  const common = {
    decisionId,
    initiativeId: stored.streamId,
    initiativeTitle: stream.title,
    caseRef: event.data.caseRef,
    decidedBy: event.data.decidedBy,
    occurredAt: event.data.occurredAt,
    recordedAt: stored.recordedAt,
    recordedBy: { sub: stored.actor.sub, name: stored.actor.name ?? null },
    changes: changeIndexes.map((i) => history[i]!),
    followedBy: followersOf(stream, isPauseOrResume(event), Math.max(index, ...changeIndexes), linked, subjects),
    ...(event.data.risks ? { risks: event.data.risks } : {}),
  };
  return event.type === 'CourseCorrected'
    ? {
        ...common,
        kind: 'courseCorrection',
        summary: event.data.rationale,
        rationale: event.data.rationale,
        followUpBy: null,
        affects: [...subjects],
      }
    : {
        ...common,
        kind: event.data.kind,
        summary: event.data.summary,
        rationale: event.data.rationale,
        followUpBy: event.data.followUpBy,
        affects: event.data.affects,
      };
}

/** Audit lines after the decision's last linked event about its subjects (or, for a pause or resume, its status). */
const isPauseOrResume = (event: DecisionEvent) =>
  event.type === 'FollowUpDecisionRecorded' && (event.data.kind === 'pause' || event.data.kind === 'resume');

function followersOf(
  stream: Stream,
  pauseOrResume: boolean,
  lastLinked: number,
  linked: (e: StoredEvent) => boolean,
  subjects: ReadonlySet<string>,
): AuditHistoryItem[] {
  return stream.events
    .map((e, i) => ({ e, i }))
    .filter(({ e, i }) => i > lastLinked && !linked(e))
    .filter(
      ({ e }) =>
        subjectsOf(e).some((s) => subjects.has(s)) ||
        (pauseOrResume &&
          STATUS_EVENTS.has(e.type) &&
          e.type !== 'FollowUpDecisionRecorded' &&
          e.type !== 'CourseCorrected'),
    )
    .map(({ i }) => stream.history[i]!);
}
