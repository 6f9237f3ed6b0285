import type { InitiativeView } from '@followup/read-model';
import { day, ms, type RuleContext } from './context';
import type { RawCondition } from './milestone-rules';

/**
 * The last follow-up decision's `followUpBy` has passed and no newer decision (or course
 * correction) has been recorded: `lastDecision` is the newest, so a newer one clears it.
 */
export function followUpConditions(view: InitiativeView, { now }: RuleContext): RawCondition[] {
  const d = view.lastDecision;
  if (view.status === 'closed' || !d || !d.followUpBy || ms(d.followUpBy) >= now.getTime()) return [];
  return [
    {
      rule: 'decision.followUpOverdue',
      severity: 'warning',
      subjectId: d.id,
      subjectTitle: d.summary,
      dueAt: d.followUpBy,
      variant: null,
      message: `The ${d.kind} decision "${d.summary}" on "${view.title}" (${day(d.occurredAt)}${d.caseRef ? `, case ${d.caseRef}` : ''}) was to be followed up by ${day(d.followUpBy)}; no newer decision is recorded`,
    },
  ];
}
