import { toInitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { DecisionEvent } from '../events';
import { auditHistory, type AuditHistoryItem } from './audit-history';
import type { DecisionLogEntry } from './decision-log.entry';
import { isOtherDecision, otherDecisionEntry } from './decision-log.other';

export type { DecisionLogEntry } from './decision-log.entry';

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

/** Every decision in one initiative's stream, with its changes and what followed. */
export function decisionsOfStream(events: readonly StoredEvent[]): DecisionLogEntry[] {
  const history = auditHistory(events);
  const stream: Stream = {
    events,
    history,
    title: (events[0]?.data as { title?: string } | undefined)?.title ?? null,
  };
  const entries: DecisionLogEntry[] = [];
  events.forEach((stored, index) => {
    const event = toInitiativeEvent(stored);
    if (event.type !== 'FollowUpDecisionRecorded' && event.type !== 'CourseCorrected') {
      if (isOtherDecision(stored)) entries.push(otherDecisionEntry(stored, history[index]!, stream.title));
      return;
    }
    entries.push(decisionEntry(stream, index, event));
  });
  return entries;
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
    followedBy: followersOf(stream, event, Math.max(index, ...changeIndexes), linked, subjects),
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
function followersOf(
  stream: Stream,
  event: DecisionEvent,
  lastLinked: number,
  linked: (e: StoredEvent) => boolean,
  subjects: ReadonlySet<string>,
): AuditHistoryItem[] {
  const pauseOrResume =
    event.type === 'FollowUpDecisionRecorded' && (event.data.kind === 'pause' || event.data.kind === 'resume');
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
