import { indicatorStatus, isContextIndicator, type InitiativeView } from '@followup/read-model';
import type { RuleContext } from './context';
import type { RawCondition } from './milestone-rules';

/** A performance indicator judged off track today (`indicatorStatus`, the status API's own judgement). */
export function indicatorConditions(view: InitiativeView, { now, options }: RuleContext): RawCondition[] {
  if (view.status === 'closed') return [];
  return view.goals.flatMap((goal) =>
    goal.indicators
      // Context indicators describe the surroundings: they are not judged, so they never alert.
      .filter((indicator) => !isContextIndicator(indicator))
      .filter((indicator) => indicatorStatus(indicator, now, options.thresholds) === 'offTrack')
      .map((indicator): RawCondition => ({
        rule: 'indicator.offTrack',
        severity: 'warning',
        subjectId: indicator.id,
        subjectTitle: indicator.name,
        dueAt: null,
        variant: null,
        message:
          `Indicator "${indicator.name}" of "${view.title}" is off track` +
          (indicator.latest
            ? ` (latest ${indicator.latest.value} ${indicator.unit} at ${indicator.latest.at.slice(0, 10)})`
            : ''),
      })),
  );
}
