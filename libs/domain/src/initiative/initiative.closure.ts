import { Checks, isBlank } from '../core/checks';
import { conflict, invalid } from '../core/errors';
import type { CloseInitiative } from './initiative.commands';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { indicatorsMissingFinalTarget } from './initiative.results-chain';
import { has, type InitiativeState } from './initiative.state';
import { CLOSURE_OUTCOMES, GOAL_ACHIEVEMENTS, type GoalAssessment } from './initiative.types';

export function closeInitiative(
  command: CloseInitiative,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  const checks = new Checks();
  checks.oneOf('outcome', d.outcome, CLOSURE_OUTCOMES);
  checks.required('finalEvaluation', d.finalEvaluation, 'FinalEvaluationRequired');
  checks.notBlankIfGiven('lessons', d.lessons);
  const assessments = Array.isArray(d.goalAssessments) ? d.goalAssessments : [];
  checkGoalAssessments(checks, state, assessments);
  checkBenefitsComplete(checks, state);
  checks.throwIfAny();
  requireAssessmentsMatchData(state, assessments);
  if (d.outcome === 'completed') requireNoPlannedMilestones(state);

  return [
    {
      type: 'InitiativeClosed',
      data: {
        initiativeId: d.initiativeId,
        outcome: d.outcome,
        finalEvaluation: d.finalEvaluation,
        goalAssessments: assessments.map((a) => ({
          goalId: a.goalId,
          achievement: a.achievement,
          comment: a.comment,
          ...(a.override ? { override: { reason: a.override.reason } } : {}),
        })),
        lessons: d.lessons ?? null,
        closedAt: ctx.occurredAt,
      },
      metadata: metaOf(ctx),
    },
  ];
}

/** Every goal of the initiative is assessed exactly once, and nothing else is. */
function checkGoalAssessments(checks: Checks, state: InitiativeState, assessments: readonly GoalAssessment[]): void {
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
    if (a?.override !== undefined && a.override !== null)
      checks.required(`${field}.override.reason`, a.override.reason);
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
}

/** Benefits are followed up after closure, so each needs an owner and a date by then. */
function checkBenefitsComplete(checks: Checks, state: InitiativeState): void {
  for (const [benefitId, benefit] of Object.entries(state.benefits)) {
    if (isBlank(benefit.owner) || isBlank(benefit.realisationDue)) {
      checks.add(
        'BenefitIncomplete',
        `benefits.${benefitId}`,
        `benefit ${benefitId} needs an owner and a realisation date before the initiative can be closed`,
      );
    }
  }
}

/** An initiative closed as completed has no milestone left open. */
function requireNoPlannedMilestones(state: InitiativeState): void {
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

/** A goal assessed `full` while one of its performance indicators misses its final target needs an override. */
function requireAssessmentsMatchData(state: InitiativeState, assessments: readonly GoalAssessment[]): void {
  const details = assessments.flatMap((a, i) => {
    if (a.achievement !== 'full' || a.override) return [];
    return indicatorsMissingFinalTarget(state, a.goalId).map(({ indicatorId, indicator, value, target }) => ({
      field: `goalAssessments[${i}].achievement`,
      message:
        `goal ${a.goalId} is assessed full, but indicator ${indicatorId} ("${indicator.name}") stands at ${value} ` +
        `${indicator.unit} against its final target ${target.value} (${target.at}); ` +
        'give override { reason } to assess it full anyway',
    }));
  });
  if (details.length === 0) return;
  throw invalid(
    'AssessmentContradictsData',
    details.length === 1 ? details[0]!.message : `${details.length} assessments contradict the data`,
    details,
  );
}
