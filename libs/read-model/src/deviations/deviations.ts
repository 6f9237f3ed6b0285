import type { DatedValue, MilestoneStatus, ResultLevel } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { GoalView, IndicatorView, InitiativeView, MilestoneView } from '../initiative/initiative-view';
import { foldBusinessTimeSlice, foldInitiativeView } from '../initiative/initiative-view.projection';
import { cutStream, decisionsIn, type SinceDecision, type SinceRef } from './since';

/** The event after the cut that last changed an item: what the change is attributed to. */
export interface ChangeCause {
  eventType: string;
  decisionId: string | null;
  caseRef: string | null;
  reason: string | null;
  occurredAt: string;
  recordedAt: string;
}

interface GoalContent {
  statement: string;
  resultLevel: ResultLevel;
}

export interface Deviations {
  initiativeId: string;
  since: {
    input: string;
    kind: 'time' | 'decision';
    /** The moment compared with: the time given, or when the decision's commit was recorded. */
    at: string;
    /** Stream version at the cut; 0 when the initiative was not registered yet. */
    version: number;
    decision: SinceDecision | null;
  };
  current: { version: number; updatedAt: string };
  existedAtSince: boolean;
  /** Number of entries in goals, indicators and milestones below. */
  changeCount: number;
  goals: {
    added: Array<GoalContent & { goalId: string; cause: ChangeCause | null }>;
    revised: Array<{
      goalId: string;
      before: GoalContent;
      after: GoalContent;
      revisions: number;
      cause: ChangeCause | null;
    }>;
  };
  indicators: {
    added: Array<{
      indicatorId: string;
      goalId: string;
      name: string;
      unit: string;
      baseline: DatedValue;
      targets: DatedValue[];
      cause: ChangeCause | null;
    }>;
    targetsChanged: Array<{
      indicatorId: string;
      goalId: string;
      name: string;
      unit: string;
      before: DatedValue[];
      after: DatedValue[];
      cause: ChangeCause | null;
    }>;
  };
  milestones: {
    added: Array<{
      milestoneId: string;
      title: string;
      dueAt: string;
      status: MilestoneStatus;
      cause: ChangeCause | null;
    }>;
    rescheduled: Array<{
      milestoneId: string;
      title: string;
      before: { dueAt: string; status: MilestoneStatus };
      after: { dueAt: string; status: MilestoneStatus };
      cause: ChangeCause | null;
    }>;
    achieved: Array<{
      milestoneId: string;
      title: string;
      dueAt: string;
      achievedAt: string | null;
      evaluation: string | null;
      cause: ChangeCause | null;
    }>;
    missed: Array<{
      milestoneId: string;
      title: string;
      dueAt: string;
      reason: string | null;
      cause: ChangeCause | null;
    }>;
    cancelled: Array<{
      milestoneId: string;
      title: string;
      dueAt: string;
      reason: string | null;
      cause: ChangeCause | null;
    }>;
  };
  /** Follow-up decisions and course corrections recorded after the cut, in order. */
  decisions: SinceDecision[];
}

export type DeviationsResult =
  { ok: true; deviations: Deviations } | { ok: false; problem: 'unknownDecision' | 'noStream' };

/**
 * What changed in goals, indicator targets and milestones between `since` and the end of the
 * stream (the initiative's whole stream, in version order). Net changes: an item changed and
 * changed back is not listed; `cause` names the last event after the cut that touched it.
 */
export function deviationsSince(events: readonly StoredEvent[], since: SinceRef): DeviationsResult {
  const current = foldInitiativeView(events);
  if (!current) return { ok: false, problem: 'noStream' };
  const cut = cutStream(events, since);
  if (!cut) return { ok: false, problem: 'unknownDecision' };
  const before = foldBusinessTimeSlice(cut.before);
  const later = cut.later;
  const changes = diffViews(before, current, later);
  return {
    ok: true,
    deviations: {
      initiativeId: current.id,
      since: {
        input: since.input,
        kind: since.kind,
        at: cut.at,
        version: before?.version ?? 0,
        decision: cut.decision,
      },
      current: { version: current.version, updatedAt: current.updatedAt },
      existedAtSince: before !== null,
      changeCount:
        changes.goals.added.length +
        changes.goals.revised.length +
        changes.indicators.added.length +
        changes.indicators.targetsChanged.length +
        Object.values(changes.milestones).reduce((n, list) => n + list.length, 0),
      ...changes,
      decisions: decisionsIn(later),
    },
  };
}

type Changes = Pick<Deviations, 'goals' | 'indicators' | 'milestones'>;

/** Field of the event data that names the subject of each change event. */
const SUBJECT_FIELD: Record<string, string> = {
  GoalDefined: 'goalId',
  GoalRevised: 'goalId',
  IndicatorDefined: 'indicatorId',
  IndicatorTargetsChanged: 'indicatorId',
  MilestonePlanned: 'milestoneId',
  MilestoneRescheduled: 'milestoneId',
  MilestoneAchieved: 'milestoneId',
  MilestoneMissed: 'milestoneId',
  MilestoneCancelled: 'milestoneId',
};

/** Finds the change event behind an item: the last event of `type` after the cut about that subject. */
type CauseOf = (subjectId: string, type: string) => ChangeCause | null;

interface Diff {
  changes: Changes;
  causeOf: CauseOf;
  later: readonly StoredEvent[];
}

/** The net changes from `before` to `after`; `later` (the events between them) names their causes. */
export function diffViews(
  before: InitiativeView | null,
  after: InitiativeView,
  later: readonly StoredEvent[],
): Changes {
  const diff: Diff = {
    changes: {
      goals: { added: [], revised: [] },
      indicators: { added: [], targetsChanged: [] },
      milestones: { added: [], rescheduled: [], achieved: [], missed: [], cancelled: [] },
    },
    causeOf: causeFinder(later),
    later,
  };
  diffGoals(diff, before, after);
  diffMilestones(diff, before, after);
  return diff.changes;
}

/** The id of the goal, indicator or milestone a change event is about; undefined for other events. */
function subjectOf(event: StoredEvent): unknown {
  const field = SUBJECT_FIELD[event.type];
  return field ? (event.data as Record<string, unknown>)[field] : undefined;
}

function causeFinder(later: readonly StoredEvent[]): CauseOf {
  return (subjectId, type) => {
    for (let i = later.length - 1; i >= 0; i--) {
      const event = later[i]!;
      if (event.type !== type || subjectOf(event) !== subjectId) continue;
      return {
        eventType: event.type,
        decisionId: event.decisionId,
        caseRef: event.caseRef,
        reason: event.reason,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
      };
    }
    return null;
  };
}

function diffGoals({ changes, causeOf, later }: Diff, before: InitiativeView | null, after: InitiativeView): void {
  const goalsBefore = new Map<string, GoalView>((before?.goals ?? []).map((g) => [g.id, g]));
  const indicatorsBefore = new Map<string, IndicatorView>(
    (before?.goals ?? []).flatMap((g) => g.indicators.map((i) => [i.id, i] as const)),
  );
  const revisions = (goalId: string) => later.filter((e) => e.type === 'GoalRevised' && subjectOf(e) === goalId).length;
  for (const goal of after.goals) {
    const was = goalsBefore.get(goal.id);
    const now = { statement: goal.statement, resultLevel: goal.resultLevel };
    if (!was) {
      changes.goals.added.push({ goalId: goal.id, ...now, cause: causeOf(goal.id, 'GoalDefined') });
    } else if (was.statement !== goal.statement || was.resultLevel !== goal.resultLevel) {
      changes.goals.revised.push({
        goalId: goal.id,
        before: { statement: was.statement, resultLevel: was.resultLevel },
        after: now,
        revisions: revisions(goal.id),
        cause: causeOf(goal.id, 'GoalRevised'),
      });
    }
    for (const indicator of goal.indicators) {
      diffIndicator({ changes, causeOf }, goal.id, indicatorsBefore.get(indicator.id), indicator);
    }
  }
}

function diffIndicator(
  { changes, causeOf }: Pick<Diff, 'changes' | 'causeOf'>,
  goalId: string,
  was: IndicatorView | undefined,
  indicator: IndicatorView,
): void {
  const identity = { indicatorId: indicator.id, goalId, name: indicator.name, unit: indicator.unit };
  if (!was) {
    changes.indicators.added.push({
      ...identity,
      baseline: indicator.baseline,
      targets: indicator.targets,
      cause: causeOf(indicator.id, 'IndicatorDefined'),
    });
  } else if (!sameTargets(was.targets, indicator.targets)) {
    changes.indicators.targetsChanged.push({
      ...identity,
      before: was.targets,
      after: indicator.targets,
      cause: causeOf(indicator.id, 'IndicatorTargetsChanged'),
    });
  }
}

function diffMilestones({ changes, causeOf }: Diff, before: InitiativeView | null, after: InitiativeView): void {
  const milestonesBefore = new Map<string, MilestoneView>((before?.milestones ?? []).map((m) => [m.id, m]));
  for (const milestone of after.milestones) {
    const was = milestonesBefore.get(milestone.id);
    const base = { milestoneId: milestone.id, title: milestone.title };
    if (!was) {
      changes.milestones.added.push({
        ...base,
        dueAt: milestone.dueAt,
        status: milestone.status,
        cause: causeOf(milestone.id, 'MilestonePlanned'),
      });
    } else if (Date.parse(was.dueAt) !== Date.parse(milestone.dueAt)) {
      changes.milestones.rescheduled.push({
        ...base,
        before: { dueAt: was.dueAt, status: was.status },
        after: { dueAt: milestone.dueAt, status: milestone.status },
        cause: causeOf(milestone.id, 'MilestoneRescheduled'),
      });
    }
    if (milestone.status !== was?.status) STATUS_CHANGES[milestone.status](changes.milestones, milestone, causeOf);
  }
}

/** Where a milestone that reached each status since the cut is listed: one entry per status. */
const STATUS_CHANGES: {
  [S in MilestoneStatus]: (listed: Changes['milestones'], milestone: MilestoneView, causeOf: CauseOf) => void;
} = {
  achieved: (listed, m, causeOf) => {
    listed.achieved.push({
      ...statusChange(m),
      achievedAt: m.achievedAt,
      evaluation: m.evaluation,
      cause: causeOf(m.id, 'MilestoneAchieved'),
    });
  },
  missed: (listed, m, causeOf) => {
    listed.missed.push({ ...statusChange(m), reason: m.reason, cause: causeOf(m.id, 'MilestoneMissed') });
  },
  cancelled: (listed, m, causeOf) => {
    listed.cancelled.push({ ...statusChange(m), reason: m.reason, cause: causeOf(m.id, 'MilestoneCancelled') });
  },
  // Back to planned (a reschedule) is listed under `rescheduled`.
  planned: () => undefined,
};

const statusChange = (m: MilestoneView) => ({ milestoneId: m.id, title: m.title, dueAt: m.dueAt });

function sameTargets(a: readonly DatedValue[], b: readonly DatedValue[]): boolean {
  return (
    a.length === b.length && a.every((t, i) => t.value === b[i]!.value && Date.parse(t.at) === Date.parse(b[i]!.at))
  );
}
