import { benefitStatus } from '@followup/domain';
import { isHighRisk, nextMeasurementDue, type BenefitView, type InitiativeView } from '@followup/read-model';
import { day, ms, type RuleContext } from './context';
import type { RawCondition } from './milestone-rules';

/** Profiled benefits: behind their path, a measurement due by the plan, or not realised by the target date. */
export function profiledBenefitConditions(view: InitiativeView, { now }: RuleContext): RawCondition[] {
  return view.benefits.flatMap((benefit) => (benefit.profile ? conditionsOf(view, benefit, now) : []));
}

function conditionsOf(view: InitiativeView, benefit: BenefitView, now: Date): RawCondition[] {
  const profile = benefit.profile!;
  const status = benefitStatus(profile, benefit.realisations, now);
  const base = { subjectId: benefit.id, subjectTitle: benefit.description } as const;
  const what = `Benefit "${benefit.description}" of "${view.title}"`;
  const who = `responsible: ${profile.responsible}, owner: ${benefit.owner}`;
  if (status === 'realised') return [];
  if (status === 'notRealised') {
    const message = `${what} was to reach ${profile.target.value} ${profile.unit} by ${day(profile.target.at)} and did not (${who})`;
    return [
      { rule: 'benefit.notRealised', severity: 'critical', ...base, dueAt: profile.target.at, variant: null, message },
    ];
  }
  const conditions: RawCondition[] = [];
  if (status === 'atRisk' || status === 'offTrack') {
    const message = `${what} is ${status} on its path to ${profile.target.value} ${profile.unit} by ${day(profile.target.at)} (${who})`;
    const severity = status === 'offTrack' ? 'critical' : 'warning';
    conditions.push({ rule: 'benefit.atRisk', severity, ...base, dueAt: profile.target.at, variant: status, message });
  }
  const due = nextMeasurementDue(benefit);
  if (due !== null && ms(due) <= now.getTime()) {
    const plan = profile.measurementPlan;
    const message = `${what} is due to be measured (${plan.frequency}, ${plan.method} from ${plan.source}) since ${day(due)} (${who})`;
    conditions.push({
      rule: 'benefit.measurementDue',
      severity: 'warning',
      ...base,
      dueAt: due,
      variant: null,
      message,
    });
  }
  return conditions;
}

/** Open risks scoring HIGH_RISK_SCORE or more; closed initiatives raise none. */
export function riskConditions(view: InitiativeView): RawCondition[] {
  if (view.status === 'closed') return [];
  return (view.risks ?? []).filter(isHighRisk).map((risk) => ({
    rule: 'risk.high',
    severity: risk.score >= 20 ? 'critical' : 'warning',
    subjectId: risk.id,
    subjectTitle: risk.title,
    dueAt: null,
    variant: null,
    message: `Risk "${risk.title}" (${risk.category}) of "${view.title}" scores ${risk.score}; owner ${risk.owner}; mitigation: ${risk.mitigation}`,
  }));
}
