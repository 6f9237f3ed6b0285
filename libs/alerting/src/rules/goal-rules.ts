import { unverifiableGoalsOf, type InitiativeView } from '@followup/read-model';
import { DAY_MS, day, ms, type RuleContext } from './context';
import type { RawCondition } from './milestone-rules';

/** How long an active initiative's goal may stay without a verifying indicator before it is flagged. */
export const GOAL_UNVERIFIABLE_DAYS = 14;

/**
 * A goal at result level output, userEffect or societalEffect of an active initiative has had no performance
 * indicator with a dated baseline and target for GOAL_UNVERIFIABLE_DAYS since it was defined (or since the
 * view was created, for goals stored before their definition time was).
 */
export function goalConditions(view: InitiativeView, { now }: RuleContext): RawCondition[] {
  return unverifiableGoalsOf(view).flatMap((goal): RawCondition[] => {
    const since = goal.definedAt ?? view.createdAt;
    const dueAt = new Date(ms(since) + GOAL_UNVERIFIABLE_DAYS * DAY_MS).toISOString();
    if (ms(dueAt) > now.getTime()) return [];
    return [
      {
        rule: 'goal.notVerifiable',
        severity: 'warning',
        subjectId: goal.id,
        subjectTitle: goal.statement,
        dueAt,
        variant: null,
        message:
          `Goal "${goal.statement}" (${goal.resultLevel}) of "${view.title}" has had no performance indicator ` +
          `with a dated baseline and target since ${day(since)}`,
      },
    ];
  });
}
