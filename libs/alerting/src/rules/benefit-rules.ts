import { dueBy } from '@followup/domain';
import type { InitiativeView } from '@followup/read-model';
import { day, type RuleContext } from './context';
import type { RawCondition } from './milestone-rules';

/** A benefit whose realisation date has passed with no realisation recorded (also after closure). */
export function benefitConditions(view: InitiativeView, { now }: RuleContext): RawCondition[] {
  return view.benefits
    .filter((b) => b.realisations.length === 0 && dueBy(b.realisationDue) < now.getTime())
    .map((b) => ({
      rule: 'benefit.realisationOverdue',
      severity: 'warning',
      subjectId: b.id,
      subjectTitle: b.description,
      dueAt: b.realisationDue,
      variant: null,
      message: `Benefit "${b.description}" of "${view.title}" was due to be realised ${day(b.realisationDue)}; no realisation is recorded (owner: ${b.owner})`,
    }));
}
