import { toInitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import { auditHistory, type AuditHistoryItem } from './audit-history';

/** A follow-up decision or course correction, what it changed, and what happened to those things later. */
export interface DecisionLogEntry {
  decisionId: string;
  initiativeId: string;
  initiativeTitle: string | null;
  kind: string;
  summary: string;
  rationale: string;
  caseRef: string | null;
  decidedBy: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: { sub: string; name: string | null };
  followUpBy: string | null;
  affects: string[];
  /** Events of the same commit (or correlation) linked to the decision. */
  changes: AuditHistoryItem[];
  /** Later events on what the decision touched: a rescheduled milestone achieved or missed, a paused initiative resumed... */
  followedBy: AuditHistoryItem[];
}

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

/** Every decision in one initiative's stream, with its changes and what followed. */
export function decisionsOfStream(events: readonly StoredEvent[]): DecisionLogEntry[] {
  const history = auditHistory(events);
  const title = (events[0]?.data as { title?: string } | undefined)?.title ?? null;
  const entries: DecisionLogEntry[] = [];
  events.forEach((stored, index) => {
    const event = toInitiativeEvent(stored);
    if (event.type !== 'FollowUpDecisionRecorded' && event.type !== 'CourseCorrected') return;
    const decisionId = event.type === 'CourseCorrected' ? event.data.courseCorrectionId : event.data.decisionId;
    const linked = (e: StoredEvent) =>
      e !== stored &&
      (e.decisionId === decisionId || (e.commitId === stored.commitId && e.type !== 'FollowUpDecisionRecorded'));
    const changeIndexes = events.map((e, i) => (linked(e) ? i : -1)).filter((i) => i >= 0);
    const subjects = new Set([
      ...changeIndexes.flatMap((i) => subjectsOf(events[i]!)),
      ...(event.type === 'FollowUpDecisionRecorded' ? event.data.affects : []),
    ]);
    const lastLinked = Math.max(index, ...changeIndexes);
    const pauseOrResume =
      event.type === 'FollowUpDecisionRecorded' && (event.data.kind === 'pause' || event.data.kind === 'resume');
    const followedBy = events
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
      .map(({ i }) => history[i]!);
    const common = {
      decisionId,
      initiativeId: stored.streamId,
      initiativeTitle: title,
      caseRef: event.data.caseRef,
      decidedBy: event.data.decidedBy,
      occurredAt: event.data.occurredAt,
      recordedAt: stored.recordedAt,
      recordedBy: { sub: stored.actor.sub, name: stored.actor.name ?? null },
      changes: changeIndexes.map((i) => history[i]!),
      followedBy,
    };
    entries.push(
      event.type === 'CourseCorrected'
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
          },
    );
  });
  return entries;
}
