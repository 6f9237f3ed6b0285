import { Checks } from '../core/checks';
import { DomainError, invalid } from '../core/errors';
import type { DomainEventMetadata } from '../core/message';
import type { CorrectCourse, CourseChange } from './initiative.commands';
import { decisionMeta, present, type CommandContext } from './initiative.context';
import { answeredRisks, checkAnsweredRisks } from './initiative.decision-risks';
import { resolveFollowUps } from './initiative.follow-ups';
import type { InitiativeEvent } from './initiative.events';
import { evolve } from './initiative.evolve';
import { goalRevision, targetsChange } from './initiative.goals';
import { detail, requireFreshDecisionId } from './initiative.guards';
import { milestonePlan, milestoneReschedule } from './initiative.milestones';
import type { InitiativeState } from './initiative.state';

const COURSE_CHANGE_TYPES = ['reviseGoal', 'changeTargets', 'rescheduleMilestone', 'planMilestone'] as const;

/** Re-addresses an error from one change to `changes[i]`; a missing referenced part is a 422 here, not a 404. */
function asChangeError(error: DomainError, index: number, type: string): DomainError {
  const prefix = `changes[${index}]`;
  const details =
    error.details.length > 0
      ? error.details.map((x) => ({ field: `${prefix}.${x.field}`, message: x.message }))
      : [{ field: prefix, message: error.message }];
  return new DomainError(
    error.kind === 'notFound' ? 'invalid' : error.kind,
    error.code,
    `${prefix} (${type}): ${error.message}; no change of this course correction was applied`,
    details,
  );
}

function decideChange(
  state: InitiativeState,
  change: CourseChange,
  rationale: string,
  metadata: DomainEventMetadata,
): InitiativeEvent {
  const checks = new Checks();
  switch (change.type) {
    case 'reviseGoal':
      return goalRevision(state, change, rationale, checks, metadata);
    case 'changeTargets':
      return targetsChange(state, change, rationale, checks, metadata);
    case 'rescheduleMilestone':
      return milestoneReschedule(state, change, rationale, checks, metadata);
    case 'planMilestone':
      return milestonePlan(state, change, checks, metadata);
    default: {
      const unknown: never = change;
      const type = (unknown as { type?: unknown } | null)?.type;
      const message = `type must be one of ${COURSE_CHANGE_TYPES.join(', ')} (got ${JSON.stringify(type)})`;
      throw invalid('InvalidValue', message, detail('type', message));
    }
  }
}

export function correctCourse(command: CorrectCourse, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  requireFreshDecisionId(state, d.courseCorrectionId, 'courseCorrectionId');
  const checks = new Checks();
  checks.required('courseCorrectionId', d.courseCorrectionId);
  checks.required('rationale', d.rationale);
  checks.required('decidedBy', d.decidedBy);
  checks.notBlankIfGiven('caseRef', d.caseRef);
  const occurredAt = d.occurredAt ?? ctx.occurredAt;
  if (d.occurredAt !== undefined) {
    const occurredMs = checks.instant('occurredAt', d.occurredAt);
    checks.notInFuture('occurredAt', d.occurredAt, occurredMs, ctx.now, ctx.nowMs);
  }
  if (!Array.isArray(d.changes) || d.changes.length === 0) {
    checks.add('ChangesRequired', 'changes', 'a course correction needs at least one change');
  }
  checks.throwIfAny();
  checkAnsweredRisks(state, d.risks);

  const caseRef = present(d.caseRef) ?? ctx.caseRef;
  const metadata = decisionMeta(d.courseCorrectionId, occurredAt, caseRef, d.rationale);
  const events: InitiativeEvent[] = [
    {
      type: 'CourseCorrected',
      data: {
        initiativeId: d.initiativeId,
        courseCorrectionId: d.courseCorrectionId,
        rationale: d.rationale,
        caseRef: caseRef ?? null,
        decidedBy: d.decidedBy,
        occurredAt,
        changeCount: d.changes.length,
        ...answeredRisks(d.risks),
      },
      metadata,
    },
  ];
  // Each change is judged against the state as the earlier changes leave it; any refusal refuses all.
  let working = evolve(state, events[0]);
  d.changes.forEach((change, i) => {
    let event: InitiativeEvent;
    try {
      event = decideChange(working, change, d.rationale, { ...metadata });
    } catch (error) {
      if (error instanceof DomainError) throw asChangeError(error, i, String((change as { type?: unknown })?.type));
      throw error;
    }
    working = evolve(working, event);
    events.push(event);
  });
  const resolution = { ...d, decisionId: d.courseCorrectionId, occurredAt, resolves: d.resolves };
  return [...events, ...resolveFollowUps(state, resolution, metadata)];
}
