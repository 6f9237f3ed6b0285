import { Checks } from '../core/checks';
import { conflict, type DomainError } from '../core/errors';
import type { DomainEventMetadata } from '../core/message';
import type {
  AchieveMilestone,
  CancelMilestone,
  MissMilestone,
  PlanMilestone,
  RescheduleMilestone,
} from './initiative.commands';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent, MilestonePlanned, MilestoneRescheduled } from './initiative.events';
import { detail, requireMilestone } from './initiative.guards';
import { has, type InitiativeState, type MilestoneState } from './initiative.state';

function milestoneTransitionRefused(milestoneId: string, milestone: MilestoneState, action: string): DomainError {
  const message = `milestone ${milestoneId} is already ${milestone.status}; it cannot be ${action}`;
  return conflict('InvalidMilestoneTransition', message, detail('milestoneId', message));
}

/**
 * A change to a milestone dated before the milestone was planned would make the history read by
 * business time show a change to something that did not exist yet.
 */
function notBeforePlanned(
  checks: Checks,
  milestoneId: string,
  milestone: MilestoneState,
  occurredAt: string | undefined,
) {
  if (milestone.plannedAt === null || occurredAt === undefined) return;
  const plannedMs = Date.parse(milestone.plannedAt);
  const occurredMs = Date.parse(occurredAt);
  if (occurredMs < plannedMs) {
    checks.add(
      'OccurredBeforePlanned',
      'occurredAt',
      `milestone ${milestoneId} was planned at ${milestone.plannedAt}; a change to it cannot be dated earlier (occurredAt ${occurredAt})`,
    );
  }
}

export function milestonePlan(
  state: InitiativeState,
  change: { milestoneId: string; title: string; dueAt: string; description?: string },
  checks: Checks,
  metadata: DomainEventMetadata,
): MilestonePlanned {
  if (has(state.milestones, change.milestoneId)) {
    const message = `milestone ${change.milestoneId} already exists on initiative ${state.id}`;
    throw conflict('MilestoneAlreadyExists', message, detail('milestoneId', message));
  }
  checks.required('milestoneId', change.milestoneId);
  checks.required('title', change.title);
  checks.instant('dueAt', change.dueAt);
  checks.notBlankIfGiven('description', change.description);
  checks.throwIfAny();
  return {
    type: 'MilestonePlanned',
    data: {
      initiativeId: state.id as string,
      milestoneId: change.milestoneId,
      title: change.title,
      dueAt: change.dueAt,
      description: change.description ?? null,
    },
    metadata,
  };
}

export function planMilestone(command: PlanMilestone, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  return [milestonePlan(state, command.data, new Checks(), metaOf(ctx))];
}

export function achieveMilestone(
  command: AchieveMilestone,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  const milestone = requireMilestone(state, d.milestoneId, 'milestoneId');
  if (milestone.status !== 'planned' && milestone.status !== 'missed') {
    throw milestoneTransitionRefused(d.milestoneId, milestone, 'achieved');
  }
  const checks = new Checks();
  const atMs = checks.instant('achievedAt', d.achievedAt);
  checks.notInFuture('achievedAt', d.achievedAt, atMs, ctx.now, ctx.nowMs);
  notBeforePlanned(checks, d.milestoneId, milestone, ctx.occurredAt);
  checks.required('evaluation', d.evaluation, 'EvaluationRequired');
  checks.throwIfAny();
  return [
    {
      type: 'MilestoneAchieved',
      data: {
        initiativeId: d.initiativeId,
        milestoneId: d.milestoneId,
        achievedAt: d.achievedAt,
        evaluation: d.evaluation,
      },
      metadata: metaOf(ctx),
    },
  ];
}

/** Shared by RescheduleMilestone and a course correction's rescheduleMilestone change. */
export function milestoneReschedule(
  state: InitiativeState,
  change: { milestoneId: string; dueAt: string },
  reason: string,
  checks: Checks,
  metadata: DomainEventMetadata,
): MilestoneRescheduled {
  const milestone = requireMilestone(state, change.milestoneId, 'milestoneId');
  if (milestone.status !== 'planned' && milestone.status !== 'missed') {
    throw milestoneTransitionRefused(change.milestoneId, milestone, 'rescheduled');
  }
  const newMs = checks.instant('dueAt', change.dueAt);
  if (newMs !== undefined && newMs === checks.instant('previousDueAt', milestone.dueAt)) {
    checks.add('NoChange', 'dueAt', `milestone ${change.milestoneId} is already due at ${milestone.dueAt}`);
  }
  notBeforePlanned(checks, change.milestoneId, milestone, metadata.occurredAt);
  checks.throwIfAny();
  return {
    type: 'MilestoneRescheduled',
    data: {
      initiativeId: state.id as string,
      milestoneId: change.milestoneId,
      previousDueAt: milestone.dueAt,
      dueAt: change.dueAt,
      reason,
    },
    metadata,
  };
}

export function rescheduleMilestone(
  command: RescheduleMilestone,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const checks = new Checks();
  requireMilestone(state, command.data.milestoneId, 'milestoneId');
  if (ctx.reason === undefined) {
    checks.add('ReasonRequired', 'reason', `rescheduling milestone ${command.data.milestoneId} needs a reason`);
  }
  return [milestoneReschedule(state, command.data, ctx.reason ?? '', checks, metaOf(ctx))];
}

export function missMilestone(command: MissMilestone, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  const milestone = requireMilestone(state, d.milestoneId, 'milestoneId');
  if (milestone.status !== 'planned') throw milestoneTransitionRefused(d.milestoneId, milestone, 'missed');
  const checks = new Checks();
  checks.required('reason', d.reason, 'ReasonRequired');
  const dueMs = checks.instant('dueAt', milestone.dueAt);
  const occurredMs = checks.instant('occurredAt', ctx.occurredAt);
  if (dueMs !== undefined && occurredMs !== undefined && occurredMs < dueMs) {
    checks.add(
      'MilestoneNotYetDue',
      'milestoneId',
      `milestone ${d.milestoneId} is not due until ${milestone.dueAt}; reschedule or cancel it instead of declaring it missed`,
    );
  }
  notBeforePlanned(checks, d.milestoneId, milestone, ctx.occurredAt);
  checks.throwIfAny();
  return [
    {
      type: 'MilestoneMissed',
      data: { initiativeId: d.initiativeId, milestoneId: d.milestoneId, reason: d.reason },
      metadata: metaOf(ctx, d.reason),
    },
  ];
}

export function cancelMilestone(
  command: CancelMilestone,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  const milestone = requireMilestone(state, d.milestoneId, 'milestoneId');
  if (milestone.status !== 'planned') throw milestoneTransitionRefused(d.milestoneId, milestone, 'cancelled');
  const checks = new Checks();
  checks.required('reason', d.reason, 'ReasonRequired');
  notBeforePlanned(checks, d.milestoneId, milestone, ctx.occurredAt);
  checks.throwIfAny();
  return [
    {
      type: 'MilestoneCancelled',
      data: { initiativeId: d.initiativeId, milestoneId: d.milestoneId, reason: d.reason },
      metadata: metaOf(ctx, d.reason),
    },
  ];
}
