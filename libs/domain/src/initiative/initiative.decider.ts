import { Checks, isBlank } from '../core/checks';
import { DomainError, conflict, invalid, notFound } from '../core/errors';
import { assertNever, type Decider, type DomainEventMetadata } from '../core/message';
import { utcDay } from '../core/time';
import type {
  AchieveMilestone,
  ActivateInitiative,
  CancelMilestone,
  CloseInitiative,
  CorrectCourse,
  CourseChange,
  DefineGoal,
  DefineIndicator,
  InitiativeCommand,
  MissMilestone,
  PlanMilestone,
  RecordBenefitRealisation,
  RecordFollowUpDecision,
  RecordMeasurement,
  RegisterBenefit,
  RegisterInitiative,
  RescheduleMilestone,
  ReviseGoal,
} from './initiative.commands';
import type {
  GoalRevised,
  IndicatorTargetsChanged,
  InitiativeEvent,
  MilestonePlanned,
  MilestoneRescheduled,
} from './initiative.events';
import { initialState, lookup, has, withEntry, type InitiativeState, type MilestoneState } from './initiative.state';
import {
  AGGREGATIONS,
  ALLOWED_PARENT_KINDS,
  BENEFIT_KINDS,
  CLOSURE_OUTCOMES,
  DECISION_KINDS,
  GOAL_ACHIEVEMENTS,
  INDICATOR_DIRECTIONS,
  INITIATIVE_KINDS,
  RESULT_LEVELS,
  type DatedValue,
  type IndicatorDirection,
  type InitiativeKind,
} from './initiative.types';

export { initialState } from './initiative.state';

/* ------------------------------------------------------------------ context */

/** Time and decision context of one command, checked once. */
interface Context {
  readonly now: string;
  readonly nowMs: number;
  /** Business time: `metadata.occurredAt`, else `metadata.now`. */
  readonly occurredAt: string;
  readonly reason: string | undefined;
  readonly caseRef: string | undefined;
}

const present = (value: string | undefined | null): string | undefined =>
  value === undefined || value === null || isBlank(value) ? undefined : value;

function contextOf(command: InitiativeCommand): Context {
  const { metadata } = command;
  const checks = new Checks();
  const nowMs = checks.instant('now', metadata.now);
  const occurredAt = metadata.occurredAt ?? metadata.now;
  if (metadata.occurredAt !== undefined) {
    const occurredAtMs = checks.instant('occurredAt', metadata.occurredAt);
    if (nowMs !== undefined) checks.notInFuture('occurredAt', metadata.occurredAt, occurredAtMs, metadata.now, nowMs);
  }
  checks.throwIfAny();
  return {
    now: metadata.now,
    nowMs: nowMs as number,
    occurredAt,
    reason: present(metadata.reason),
    caseRef: present(metadata.caseRef),
  };
}

/** Event metadata for a plain command: business time plus the caseRef and reason given with it. */
function metaOf(ctx: Context, reason: string | undefined = ctx.reason): DomainEventMetadata {
  return {
    occurredAt: ctx.occurredAt,
    ...(ctx.caseRef !== undefined ? { caseRef: ctx.caseRef } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** Event metadata for everything a follow-up decision or course correction causes. */
function decisionMeta(
  decisionId: string,
  occurredAt: string,
  caseRef: string | undefined,
  reason: string,
): DomainEventMetadata {
  return { occurredAt, decisionId, ...(caseRef !== undefined ? { caseRef } : {}), reason };
}

const detail = (field: string, message: string) => [{ field, message }];

/* ------------------------------------------------------------------ decide */

export function decide(command: InitiativeCommand, state: InitiativeState): InitiativeEvent[] {
  const initiativeId = command.data.initiativeId;
  if (command.type === 'RegisterInitiative') {
    if (state.status !== 'absent') {
      const message = `initiative ${state.id ?? initiativeId} already exists (status ${state.status})`;
      throw conflict('InitiativeAlreadyExists', message, detail('initiativeId', message));
    }
  } else {
    if (state.status === 'absent') {
      const message = `initiative ${initiativeId} does not exist`;
      throw notFound('InitiativeNotFound', message, detail('initiativeId', message));
    }
    if (state.id !== null && initiativeId !== state.id) {
      const message = `command is addressed to initiative ${initiativeId} but was decided on the stream of ${state.id}`;
      throw invalid('InitiativeIdMismatch', message, detail('initiativeId', message));
    }
    if (state.status === 'closed' && command.type !== 'RecordBenefitRealisation') {
      const message = `initiative ${state.id} was closed on ${state.closedAt}; after closure only benefit realisations can be recorded`;
      throw conflict('InitiativeClosed', message, detail('initiativeId', message));
    }
  }
  const ctx = contextOf(command);

  switch (command.type) {
    case 'RegisterInitiative':
      return registerInitiative(command, ctx);
    case 'ActivateInitiative':
      return activateInitiative(command, state, ctx);
    case 'DefineGoal':
      return defineGoal(command, state, ctx);
    case 'ReviseGoal':
      return reviseGoal(command, state, ctx);
    case 'DefineIndicator':
      return defineIndicator(command, state, ctx);
    case 'RecordMeasurement':
      return recordMeasurement(command, state, ctx);
    case 'PlanMilestone':
      return planMilestone(command, state, ctx);
    case 'AchieveMilestone':
      return achieveMilestone(command, state, ctx);
    case 'RescheduleMilestone':
      return rescheduleMilestone(command, state, ctx);
    case 'MissMilestone':
      return missMilestone(command, state, ctx);
    case 'CancelMilestone':
      return cancelMilestone(command, state, ctx);
    case 'RecordFollowUpDecision':
      return recordFollowUpDecision(command, state, ctx);
    case 'CorrectCourse':
      return correctCourse(command, state, ctx);
    case 'RegisterBenefit':
      return registerBenefit(command, state, ctx);
    case 'RecordBenefitRealisation':
      return recordBenefitRealisation(command, state, ctx);
    case 'CloseInitiative':
      return closeInitiative(command, state, ctx);
    default:
      return assertNever(command, 'command');
  }
}

/* ------------------------------------------------------------------ register and activate */

function registerInitiative(command: RegisterInitiative, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  const checks = new Checks();
  checks.required('initiativeId', d.initiativeId);
  const kindOk = checks.oneOf('kind', d.kind, INITIATIVE_KINDS);
  checks.required('title', d.title);
  checks.notBlankIfGiven('description', d.description);
  checks.required('ownerUnit', d.ownerUnit);
  checks.required('responsible', d.responsible);
  const partners = d.partners ?? [];
  const seenPartners = new Set<string>();
  partners.forEach((partner, i) => {
    if (!checks.required(`partners[${i}]`, partner)) return;
    const key = partner.trim().toLowerCase();
    if (seenPartners.has(key)) checks.add('DuplicatePartner', `partners[${i}]`, `partner "${partner}" is listed twice`);
    seenPartners.add(key);
  });
  const startsMs = d.startsAt !== undefined ? checks.instant('startsAt', d.startsAt) : undefined;
  const endsMs = d.endsAt !== undefined ? checks.instant('endsAt', d.endsAt) : undefined;
  if (startsMs !== undefined && endsMs !== undefined && endsMs < startsMs) {
    checks.add('EndsBeforeStart', 'endsAt', `endsAt ${d.endsAt} is before startsAt ${d.startsAt}`);
  }

  const parentId = present(d.parentId);
  let parentClosed: DomainError | undefined;
  if (kindOk) {
    const kind: InitiativeKind = d.kind;
    const allowed = ALLOWED_PARENT_KINDS[kind];
    if (allowed.length === 0 && parentId !== undefined) {
      checks.add(
        'ParentNotAllowed',
        'parentId',
        `a ${kind} is at the top of the plan hierarchy and cannot have a parent`,
      );
    } else if (allowed.length > 0 && parentId === undefined) {
      checks.add('ParentRequired', 'parentId', `a ${kind} needs a parent of kind ${allowed.join(' or ')}`);
    } else if (parentId !== undefined) {
      const parent = d.parent;
      if (parent === null || parent === undefined) {
        checks.add('ParentNotFound', 'parentId', `parent initiative ${parentId} does not exist`);
      } else if (parent.id !== parentId) {
        checks.add(
          'ParentMismatch',
          'parentId',
          `parentId ${parentId} does not match the parent looked up (${parent.id})`,
        );
      } else if (parentId === d.initiativeId) {
        checks.add('ParentIsSelf', 'parentId', `an initiative cannot be its own parent`);
      } else if (!allowed.includes(parent.kind)) {
        checks.add(
          'ParentKindNotAllowed',
          'parentId',
          `a ${kind} cannot sit beneath a ${parent.kind} (${parentId}); its parent must be a ${allowed.join(' or ')}`,
        );
      } else if (parent.status === 'closed') {
        const message = `parent initiative ${parentId} is closed; nothing new can be registered beneath it`;
        parentClosed = conflict('ParentClosed', message, detail('parentId', message));
      }
    }
  }
  checks.throwIfAny();
  if (parentClosed) throw parentClosed;

  return [
    {
      type: 'InitiativeRegistered',
      data: {
        initiativeId: d.initiativeId,
        kind: d.kind,
        title: d.title,
        parentId: parentId ?? null,
        description: d.description ?? null,
        ownerUnit: d.ownerUnit,
        responsible: d.responsible,
        partners: [...partners],
        startsAt: d.startsAt ?? null,
        endsAt: d.endsAt ?? null,
      },
      metadata: metaOf(ctx),
    },
  ];
}

function activateInitiative(command: ActivateInitiative, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  if (state.status !== 'planned') {
    const message =
      state.status === 'paused'
        ? `initiative ${state.id} is paused; a follow-up decision of kind "resume" makes it active again`
        : `initiative ${state.id} is already ${state.status}; only a planned initiative can be activated`;
    throw conflict('InvalidStatusTransition', message, detail('status', message));
  }
  return [{ type: 'InitiativeActivated', data: { initiativeId: command.data.initiativeId }, metadata: metaOf(ctx) }];
}

/* ------------------------------------------------------------------ goals */

function defineGoal(command: DefineGoal, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  if (has(state.goals, d.goalId)) {
    const message = `goal ${d.goalId} already exists on initiative ${state.id}`;
    throw conflict('GoalAlreadyExists', message, detail('goalId', message));
  }
  const checks = new Checks();
  checks.required('goalId', d.goalId);
  checks.required('statement', d.statement);
  checks.oneOf('resultLevel', d.resultLevel, RESULT_LEVELS);
  checks.throwIfAny();
  return [
    {
      type: 'GoalDefined',
      data: { initiativeId: d.initiativeId, goalId: d.goalId, statement: d.statement, resultLevel: d.resultLevel },
      metadata: metaOf(ctx),
    },
  ];
}

function reviseGoal(command: ReviseGoal, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const checks = new Checks();
  requireGoal(state, command.data.goalId, 'goalId');
  if (ctx.reason === undefined) {
    checks.add(
      'ReasonRequired',
      'reason',
      `a goal change needs a reason (why is goal ${command.data.goalId} revised?)`,
    );
  }
  const { goalId, statement, resultLevel } = command.data;
  return [goalRevision(state, { goalId, statement, resultLevel }, ctx.reason ?? '', checks, metaOf(ctx))];
}

function requireGoal(state: InitiativeState, goalId: string, field: string) {
  const goal = lookup(state.goals, goalId);
  if (!goal) {
    const message = `goal ${goalId} does not exist on initiative ${state.id}`;
    throw notFound('GoalNotFound', message, detail(field, message));
  }
  return goal;
}

/** Shared by ReviseGoal and a course correction's reviseGoal change. */
function goalRevision(
  state: InitiativeState,
  change: { goalId: string; statement?: string; resultLevel?: string },
  reason: string,
  checks: Checks,
  metadata: DomainEventMetadata,
): GoalRevised {
  const before = requireGoal(state, change.goalId, 'goalId');
  const statementOk = change.statement === undefined || checks.required('statement', change.statement);
  const levelOk = change.resultLevel === undefined || checks.oneOf('resultLevel', change.resultLevel, RESULT_LEVELS);
  const after = {
    statement: change.statement ?? before.statement,
    resultLevel: (change.resultLevel ?? before.resultLevel) as GoalRevised['data']['after']['resultLevel'],
  };
  if (statementOk && levelOk) {
    if (change.statement === undefined && change.resultLevel === undefined) {
      checks.add('NoChange', 'statement', `give a new statement or result level for goal ${change.goalId}`);
      checks.add('NoChange', 'resultLevel', `give a new statement or result level for goal ${change.goalId}`);
    } else if (after.statement === before.statement && after.resultLevel === before.resultLevel) {
      if (change.statement !== undefined)
        checks.add('NoChange', 'statement', `goal ${change.goalId} already has this statement`);
      if (change.resultLevel !== undefined) {
        checks.add('NoChange', 'resultLevel', `goal ${change.goalId} already has result level ${before.resultLevel}`);
      }
    }
  }
  checks.throwIfAny();
  return {
    type: 'GoalRevised',
    data: {
      initiativeId: state.id as string,
      goalId: change.goalId,
      before: { statement: before.statement, resultLevel: before.resultLevel },
      after,
      reason,
    },
    metadata,
  };
}

/* ------------------------------------------------------------------ indicators and measurements */

/**
 * Targets: at least one, each a finite value at a valid time after the baseline, at most one per
 * calendar day (UTC), and none contradicting the direction. Returns them sorted by time.
 */
function checkedTargets(
  checks: Checks,
  targets: readonly DatedValue[] | undefined,
  baseline: DatedValue | undefined,
  baselineMs: number | undefined,
  direction: IndicatorDirection | undefined,
): DatedValue[] {
  if (!Array.isArray(targets) || targets.length === 0) {
    checks.add('TargetsRequired', 'targets', 'at least one target { value, at } is required');
    return [];
  }
  const seenDays = new Map<string, number>();
  const timed: { target: DatedValue; ms: number }[] = [];
  targets.forEach((target, i) => {
    const valueOk = checks.finiteNumber(`targets[${i}].value`, target?.value);
    const ms = checks.instant(`targets[${i}].at`, target?.at);
    if (ms === undefined) return;
    if (baselineMs !== undefined && ms <= baselineMs) {
      checks.add(
        'TargetBeforeBaseline',
        `targets[${i}].at`,
        `target at ${target.at} must come after the baseline at ${baseline?.at}`,
      );
    }
    const day = utcDay(ms);
    const earlier = seenDays.get(day);
    if (earlier !== undefined) {
      checks.add(
        'DuplicateTargetDate',
        `targets[${i}].at`,
        `targets[${earlier}] and targets[${i}] are both set for ${day}`,
      );
    } else {
      seenDays.set(day, i);
    }
    if (valueOk && baseline !== undefined && Number.isFinite(baseline.value)) {
      if (direction === 'increase' && target.value < baseline.value) {
        checks.add(
          'TargetContradictsDirection',
          `targets[${i}].value`,
          `the indicator should increase, but target ${target.value} is below the baseline ${baseline.value}`,
        );
      } else if (direction === 'decrease' && target.value > baseline.value) {
        checks.add(
          'TargetContradictsDirection',
          `targets[${i}].value`,
          `the indicator should decrease, but target ${target.value} is above the baseline ${baseline.value}`,
        );
      }
    }
    timed.push({ target, ms });
  });
  return timed.sort((a, b) => a.ms - b.ms).map(({ target }) => ({ value: target.value, at: target.at }));
}

function defineIndicator(command: DefineIndicator, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  requireGoal(state, d.goalId, 'goalId');
  if (has(state.indicators, d.indicatorId)) {
    const message = `indicator ${d.indicatorId} already exists on initiative ${state.id}`;
    throw conflict('IndicatorAlreadyExists', message, detail('indicatorId', message));
  }
  const checks = new Checks();
  checks.required('indicatorId', d.indicatorId);
  checks.required('name', d.name);
  checks.required('unit', d.unit);
  const directionOk = checks.oneOf('direction', d.direction, INDICATOR_DIRECTIONS);
  const aggregation = d.aggregation ?? 'none';
  checks.oneOf('aggregation', aggregation, AGGREGATIONS);
  let baselineMs: number | undefined;
  if (d.baseline === undefined || d.baseline === null || typeof d.baseline !== 'object') {
    checks.add('Required', 'baseline', 'baseline { value, at } is required');
  } else {
    checks.finiteNumber('baseline.value', d.baseline.value);
    baselineMs = checks.instant('baseline.at', d.baseline.at);
  }
  const targets = checkedTargets(
    checks,
    d.targets,
    d.baseline ?? undefined,
    baselineMs,
    directionOk ? d.direction : undefined,
  );
  checks.throwIfAny();
  return [
    {
      type: 'IndicatorDefined',
      data: {
        initiativeId: d.initiativeId,
        goalId: d.goalId,
        indicatorId: d.indicatorId,
        name: d.name,
        unit: d.unit,
        direction: d.direction,
        baseline: { value: d.baseline.value, at: d.baseline.at },
        targets,
        aggregation,
      },
      metadata: metaOf(ctx),
    },
  ];
}

function requireIndicator(state: InitiativeState, indicatorId: string, field: string) {
  const indicator = lookup(state.indicators, indicatorId);
  if (!indicator) {
    const message = `indicator ${indicatorId} does not exist on initiative ${state.id}`;
    throw notFound('IndicatorNotFound', message, detail(field, message));
  }
  return indicator;
}

/** Shared by a course correction's changeTargets change. */
function targetsChange(
  state: InitiativeState,
  change: { indicatorId: string; targets: DatedValue[] },
  reason: string,
  checks: Checks,
  metadata: DomainEventMetadata,
): IndicatorTargetsChanged {
  const indicator = requireIndicator(state, change.indicatorId, 'indicatorId');
  const after = checkedTargets(
    checks,
    change.targets,
    indicator.baseline,
    checks.instant('baseline.at', indicator.baseline.at),
    indicator.direction,
  );
  if (checks.ok) {
    const same =
      after.length === indicator.targets.length &&
      after.every((t, i) => t.value === indicator.targets[i].value && t.at === indicator.targets[i].at);
    if (same) checks.add('NoChange', 'targets', `indicator ${change.indicatorId} already has exactly these targets`);
  }
  checks.throwIfAny();
  return {
    type: 'IndicatorTargetsChanged',
    data: {
      initiativeId: state.id as string,
      indicatorId: change.indicatorId,
      before: indicator.targets.map((t) => ({ value: t.value, at: t.at })),
      after,
      reason,
    },
    metadata,
  };
}

function recordMeasurement(command: RecordMeasurement, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  requireIndicator(state, d.indicatorId, 'indicatorId');
  if (has(state.measurementIds, d.measurementId)) {
    const message = `measurement ${d.measurementId} is already recorded`;
    throw conflict('MeasurementAlreadyRecorded', message, detail('measurementId', message));
  }
  const checks = new Checks();
  checks.required('measurementId', d.measurementId);
  checks.finiteNumber('value', d.value);
  const atMs = checks.instant('at', d.at);
  checks.notInFuture('at', d.at, atMs, ctx.now, ctx.nowMs);
  checks.notBlankIfGiven('source', d.source);
  checks.throwIfAny();
  return [
    {
      type: 'MeasurementRecorded',
      data: {
        initiativeId: d.initiativeId,
        indicatorId: d.indicatorId,
        measurementId: d.measurementId,
        value: d.value,
        at: d.at,
        source: d.source ?? null,
        note: d.note ?? null,
      },
      metadata: metaOf(ctx),
    },
  ];
}

/* ------------------------------------------------------------------ milestones */

function requireMilestone(state: InitiativeState, milestoneId: string, field: string): MilestoneState {
  const milestone = lookup(state.milestones, milestoneId);
  if (!milestone) {
    const message = `milestone ${milestoneId} does not exist on initiative ${state.id}`;
    throw notFound('MilestoneNotFound', message, detail(field, message));
  }
  return milestone;
}

function milestoneTransitionRefused(milestoneId: string, milestone: MilestoneState, action: string): DomainError {
  const message = `milestone ${milestoneId} is already ${milestone.status}; it cannot be ${action}`;
  return conflict('InvalidMilestoneTransition', message, detail('milestoneId', message));
}

function milestonePlan(
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

function planMilestone(command: PlanMilestone, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  return [milestonePlan(state, command.data, new Checks(), metaOf(ctx))];
}

function achieveMilestone(command: AchieveMilestone, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  const milestone = requireMilestone(state, d.milestoneId, 'milestoneId');
  if (milestone.status !== 'planned' && milestone.status !== 'missed') {
    throw milestoneTransitionRefused(d.milestoneId, milestone, 'achieved');
  }
  const checks = new Checks();
  const atMs = checks.instant('achievedAt', d.achievedAt);
  checks.notInFuture('achievedAt', d.achievedAt, atMs, ctx.now, ctx.nowMs);
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
function milestoneReschedule(
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

function rescheduleMilestone(command: RescheduleMilestone, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const checks = new Checks();
  requireMilestone(state, command.data.milestoneId, 'milestoneId');
  if (ctx.reason === undefined) {
    checks.add('ReasonRequired', 'reason', `rescheduling milestone ${command.data.milestoneId} needs a reason`);
  }
  return [milestoneReschedule(state, command.data, ctx.reason ?? '', checks, metaOf(ctx))];
}

function missMilestone(command: MissMilestone, state: InitiativeState, ctx: Context): InitiativeEvent[] {
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
  checks.throwIfAny();
  return [
    {
      type: 'MilestoneMissed',
      data: { initiativeId: d.initiativeId, milestoneId: d.milestoneId, reason: d.reason },
      metadata: metaOf(ctx, d.reason),
    },
  ];
}

function cancelMilestone(command: CancelMilestone, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  const milestone = requireMilestone(state, d.milestoneId, 'milestoneId');
  if (milestone.status !== 'planned') throw milestoneTransitionRefused(d.milestoneId, milestone, 'cancelled');
  const checks = new Checks();
  checks.required('reason', d.reason, 'ReasonRequired');
  checks.throwIfAny();
  return [
    {
      type: 'MilestoneCancelled',
      data: { initiativeId: d.initiativeId, milestoneId: d.milestoneId, reason: d.reason },
      metadata: metaOf(ctx, d.reason),
    },
  ];
}

/* ------------------------------------------------------------------ follow-up decisions */

function requireFreshDecisionId(state: InitiativeState, decisionId: string, field: string): void {
  if (has(state.decisionIds, decisionId)) {
    const message = `decision ${decisionId} is already recorded on initiative ${state.id}`;
    throw conflict('DecisionAlreadyRecorded', message, detail(field, message));
  }
}

function isPartOf(state: InitiativeState, id: string): boolean {
  return has(state.goals, id) || has(state.indicators, id) || has(state.milestones, id) || has(state.benefits, id);
}

function recordFollowUpDecision(
  command: RecordFollowUpDecision,
  state: InitiativeState,
  ctx: Context,
): InitiativeEvent[] {
  const d = command.data;
  requireFreshDecisionId(state, d.decisionId, 'decisionId');
  const checks = new Checks();
  checks.required('decisionId', d.decisionId);
  checks.oneOf('kind', d.kind, DECISION_KINDS);
  checks.required('summary', d.summary);
  checks.required('rationale', d.rationale);
  checks.required('decidedBy', d.decidedBy);
  checks.notBlankIfGiven('caseRef', d.caseRef);
  const occurredMs = checks.instant('occurredAt', d.occurredAt);
  checks.notInFuture('occurredAt', d.occurredAt, occurredMs, ctx.now, ctx.nowMs);
  if (d.followUpBy !== undefined && d.followUpBy !== null) {
    const followMs = checks.instant('followUpBy', d.followUpBy);
    if (followMs !== undefined && occurredMs !== undefined && followMs < occurredMs) {
      checks.add(
        'FollowUpBeforeDecision',
        'followUpBy',
        `followUpBy ${d.followUpBy} is before the decision was made (${d.occurredAt})`,
      );
    }
  }
  const affects = d.affects ?? [];
  const seen = new Set<string>();
  affects.forEach((id, i) => {
    if (seen.has(id)) {
      checks.add('DuplicateReference', `affects[${i}]`, `${id} is listed twice in affects`);
    } else if (!isPartOf(state, id)) {
      checks.add(
        'UnknownReference',
        `affects[${i}]`,
        `${id} is not a goal, indicator, milestone or benefit of initiative ${state.id}`,
      );
    }
    seen.add(id);
  });
  checks.throwIfAny();

  if (d.kind === 'pause' && state.status !== 'active') {
    const message =
      state.status === 'paused'
        ? `initiative ${state.id} is already paused`
        : `only an active initiative can be paused; initiative ${state.id} is ${state.status}`;
    throw conflict('InvalidStatusTransition', message, detail('kind', message));
  }
  if (d.kind === 'resume' && state.status !== 'paused') {
    const message = `only a paused initiative can be resumed; initiative ${state.id} is ${state.status}`;
    throw conflict('InvalidStatusTransition', message, detail('kind', message));
  }

  const caseRef = present(d.caseRef) ?? ctx.caseRef;
  const metadata = decisionMeta(d.decisionId, d.occurredAt, caseRef, d.rationale);
  const events: InitiativeEvent[] = [
    {
      type: 'FollowUpDecisionRecorded',
      data: {
        initiativeId: d.initiativeId,
        decisionId: d.decisionId,
        kind: d.kind,
        summary: d.summary,
        rationale: d.rationale,
        caseRef: caseRef ?? null,
        decidedBy: d.decidedBy,
        occurredAt: d.occurredAt,
        followUpBy: d.followUpBy ?? null,
        affects: [...affects],
      },
      metadata,
    },
  ];
  if (d.kind === 'pause') {
    events.push({
      type: 'InitiativePaused',
      data: { initiativeId: d.initiativeId, decisionId: d.decisionId },
      metadata: { ...metadata },
    });
  } else if (d.kind === 'resume') {
    events.push({
      type: 'InitiativeResumed',
      data: { initiativeId: d.initiativeId, decisionId: d.decisionId },
      metadata: { ...metadata },
    });
  }
  return events;
}

/* ------------------------------------------------------------------ course correction */

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

function correctCourse(command: CorrectCourse, state: InitiativeState, ctx: Context): InitiativeEvent[] {
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
  return events;
}

/* ------------------------------------------------------------------ benefits */

function registerBenefit(command: RegisterBenefit, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  if (has(state.benefits, d.benefitId)) {
    const message = `benefit ${d.benefitId} already exists on initiative ${state.id}`;
    throw conflict('BenefitAlreadyExists', message, detail('benefitId', message));
  }
  const checks = new Checks();
  checks.required('benefitId', d.benefitId);
  checks.required('description', d.description);
  checks.required('owner', d.owner, 'BenefitOwnerRequired');
  checks.oneOf('kind', d.kind, BENEFIT_KINDS);
  if (isBlank(d.realisationDue)) {
    checks.add('RealisationDueRequired', 'realisationDue', 'realisationDue (when the benefit is expected) is required');
  } else {
    checks.instant('realisationDue', d.realisationDue);
  }
  const indicatorId = d.indicatorId ?? null;
  if (indicatorId !== null && !has(state.indicators, indicatorId)) {
    checks.add('IndicatorNotFound', 'indicatorId', `indicator ${indicatorId} does not exist on initiative ${state.id}`);
  }
  if (d.baseline !== undefined && d.baseline !== null) checks.finiteNumber('baseline', d.baseline);
  if (d.target !== undefined && d.target !== null) checks.finiteNumber('target', d.target);
  checks.throwIfAny();
  return [
    {
      type: 'BenefitRegistered',
      data: {
        initiativeId: d.initiativeId,
        benefitId: d.benefitId,
        kind: d.kind,
        description: d.description,
        owner: d.owner,
        indicatorId,
        baseline: d.baseline ?? null,
        target: d.target ?? null,
        realisationDue: d.realisationDue,
      },
      metadata: metaOf(ctx),
    },
  ];
}

function recordBenefitRealisation(
  command: RecordBenefitRealisation,
  state: InitiativeState,
  ctx: Context,
): InitiativeEvent[] {
  const d = command.data;
  if (!has(state.benefits, d.benefitId)) {
    const message = `benefit ${d.benefitId} does not exist on initiative ${state.id}`;
    throw notFound('BenefitNotFound', message, detail('benefitId', message));
  }
  if (has(state.realisationIds, d.realisationId)) {
    const message = `realisation ${d.realisationId} is already recorded`;
    throw conflict('RealisationAlreadyRecorded', message, detail('realisationId', message));
  }
  const checks = new Checks();
  checks.required('realisationId', d.realisationId);
  checks.finiteNumber('value', d.value);
  const atMs = checks.instant('at', d.at);
  checks.notInFuture('at', d.at, atMs, ctx.now, ctx.nowMs);
  checks.throwIfAny();
  return [
    {
      type: 'BenefitRealisationRecorded',
      data: {
        initiativeId: d.initiativeId,
        benefitId: d.benefitId,
        realisationId: d.realisationId,
        value: d.value,
        at: d.at,
        note: d.note ?? null,
      },
      metadata: metaOf(ctx),
    },
  ];
}

/* ------------------------------------------------------------------ closure */

function closeInitiative(command: CloseInitiative, state: InitiativeState, ctx: Context): InitiativeEvent[] {
  const d = command.data;
  const checks = new Checks();
  checks.oneOf('outcome', d.outcome, CLOSURE_OUTCOMES);
  checks.required('finalEvaluation', d.finalEvaluation, 'FinalEvaluationRequired');
  checks.notBlankIfGiven('lessons', d.lessons);
  const assessments = Array.isArray(d.goalAssessments) ? d.goalAssessments : [];
  const assessed = new Map<string, number>();
  assessments.forEach((a, i) => {
    const field = `goalAssessments[${i}]`;
    const goalId = a?.goalId;
    if (!has(state.goals, goalId)) {
      checks.add('UnknownGoal', `${field}.goalId`, `goal ${goalId} does not exist on initiative ${state.id}`);
    } else if (assessed.has(goalId)) {
      checks.add(
        'DuplicateGoalAssessment',
        `${field}.goalId`,
        `goal ${goalId} is assessed twice (goalAssessments[${assessed.get(goalId)}] and ${field})`,
      );
    } else {
      assessed.set(goalId, i);
    }
    checks.oneOf(`${field}.achievement`, a?.achievement, GOAL_ACHIEVEMENTS);
    checks.required(`${field}.comment`, a?.comment);
  });
  for (const [goalId, goal] of Object.entries(state.goals)) {
    if (!assessed.has(goalId)) {
      checks.add(
        'GoalAssessmentMissing',
        'goalAssessments',
        `goal ${goalId} ("${goal.statement}") has no assessment; every goal must be assessed at closure`,
      );
    }
  }
  for (const [benefitId, benefit] of Object.entries(state.benefits)) {
    if (isBlank(benefit.owner) || isBlank(benefit.realisationDue)) {
      checks.add(
        'BenefitIncomplete',
        `benefits.${benefitId}`,
        `benefit ${benefitId} needs an owner and a realisation date before the initiative can be closed`,
      );
    }
  }
  checks.throwIfAny();

  if (d.outcome === 'completed') {
    const open = Object.entries(state.milestones).filter(([, m]) => m.status === 'planned');
    if (open.length > 0) {
      throw conflict(
        'MilestonesOpen',
        `initiative ${state.id} cannot be closed as completed while ${open.length} milestone(s) are still planned: ${open
          .map(([id]) => id)
          .join(', ')}; achieve, miss or cancel them first (or close with outcome "cancelled")`,
        open.map(([id, m]) => ({
          field: `milestones.${id}`,
          message: `milestone ${id} ("${m.title}", due ${m.dueAt}) is still planned`,
        })),
      );
    }
  }

  return [
    {
      type: 'InitiativeClosed',
      data: {
        initiativeId: d.initiativeId,
        outcome: d.outcome,
        finalEvaluation: d.finalEvaluation,
        goalAssessments: assessments.map((a) => ({ goalId: a.goalId, achievement: a.achievement, comment: a.comment })),
        lessons: d.lessons ?? null,
        closedAt: ctx.occurredAt,
      },
      metadata: metaOf(ctx),
    },
  ];
}

/* ------------------------------------------------------------------ evolve */

function withMilestone(
  state: InitiativeState,
  milestoneId: string,
  update: (m: MilestoneState) => MilestoneState,
): InitiativeState {
  const milestone = lookup(state.milestones, milestoneId);
  if (!milestone) return state;
  return { ...state, milestones: withEntry(state.milestones, milestoneId, update(milestone)) };
}

export function evolve(state: InitiativeState, event: InitiativeEvent): InitiativeState {
  switch (event.type) {
    case 'InitiativeRegistered': {
      const d = event.data;
      return {
        ...initialState(),
        status: 'planned',
        id: d.initiativeId,
        kind: d.kind,
        parentId: d.parentId,
        title: d.title,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
      };
    }
    case 'InitiativeActivated':
      return { ...state, status: 'active' };
    case 'GoalDefined':
      return {
        ...state,
        goals: withEntry(state.goals, event.data.goalId, {
          statement: event.data.statement,
          resultLevel: event.data.resultLevel,
        }),
      };
    case 'GoalRevised':
      return {
        ...state,
        goals: withEntry(state.goals, event.data.goalId, {
          statement: event.data.after.statement,
          resultLevel: event.data.after.resultLevel,
        }),
      };
    case 'IndicatorDefined': {
      const d = event.data;
      return {
        ...state,
        indicators: withEntry(state.indicators, d.indicatorId, {
          goalId: d.goalId,
          name: d.name,
          unit: d.unit,
          direction: d.direction,
          baseline: d.baseline,
          targets: d.targets,
          aggregation: d.aggregation,
        }),
      };
    }
    case 'IndicatorTargetsChanged': {
      const indicator = lookup(state.indicators, event.data.indicatorId);
      if (!indicator) return state;
      return {
        ...state,
        indicators: withEntry(state.indicators, event.data.indicatorId, { ...indicator, targets: event.data.after }),
      };
    }
    case 'MeasurementRecorded':
      return { ...state, measurementIds: withEntry(state.measurementIds, event.data.measurementId, true as const) };
    case 'MilestonePlanned':
      return {
        ...state,
        milestones: withEntry(state.milestones, event.data.milestoneId, {
          title: event.data.title,
          status: 'planned',
          dueAt: event.data.dueAt,
          achievedAt: null,
        }),
      };
    case 'MilestoneAchieved':
      return withMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        status: 'achieved',
        achievedAt: event.data.achievedAt,
      }));
    case 'MilestoneRescheduled':
      return withMilestone(state, event.data.milestoneId, (m) => ({
        ...m,
        status: 'planned',
        dueAt: event.data.dueAt,
      }));
    case 'MilestoneMissed':
      return withMilestone(state, event.data.milestoneId, (m) => ({ ...m, status: 'missed' }));
    case 'MilestoneCancelled':
      return withMilestone(state, event.data.milestoneId, (m) => ({ ...m, status: 'cancelled' }));
    case 'FollowUpDecisionRecorded':
      return { ...state, decisionIds: withEntry(state.decisionIds, event.data.decisionId, true as const) };
    case 'InitiativePaused':
      return { ...state, status: 'paused', pausedByDecisionId: event.data.decisionId };
    case 'InitiativeResumed':
      return { ...state, status: 'active', pausedByDecisionId: null };
    case 'CourseCorrected':
      return { ...state, decisionIds: withEntry(state.decisionIds, event.data.courseCorrectionId, true as const) };
    case 'BenefitRegistered': {
      const d = event.data;
      return {
        ...state,
        benefits: withEntry(state.benefits, d.benefitId, {
          kind: d.kind,
          description: d.description,
          owner: d.owner,
          realisationDue: d.realisationDue,
          indicatorId: d.indicatorId,
        }),
      };
    }
    case 'BenefitRealisationRecorded':
      return { ...state, realisationIds: withEntry(state.realisationIds, event.data.realisationId, true as const) };
    case 'InitiativeClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt, pausedByDecisionId: null };
    default:
      return assertNever(event, 'event');
  }
}

/** Folds a stream's events into its state. */
export function evolveAll(events: Iterable<InitiativeEvent>, from: InitiativeState = initialState()): InitiativeState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}

export const initiativeDecider: Decider<InitiativeState, InitiativeCommand, InitiativeEvent> = {
  decide,
  evolve,
  initialState,
};
