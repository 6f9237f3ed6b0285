import { dueBy } from '@followup/domain';
import type { DecisionSummary, InitiativeView } from '@followup/read-model';
import { day, type RuleContext } from './context';
import type { RawCondition } from './milestone-rules';

/**
 * Each open follow-up item whose `followUpBy` has passed: an item stays open until a later decision
 * or course correction names it in `resolves`, so an unrelated decision does not clear it. Views
 * projected before follow-up items existed have no `openFollowUps`: there the newest decision counts.
 */
export function followUpConditions(view: InitiativeView, { now }: RuleContext): RawCondition[] {
  if (view.status === 'closed') return [];
  const items = view.openFollowUps ?? (view.lastDecision ? [view.lastDecision] : []);
  return items.flatMap((d) => {
    if (!d.followUpBy || dueBy(d.followUpBy) >= now.getTime()) return [];
    return [
      {
        rule: 'decision.followUpOverdue' as const,
        severity: 'warning' as const,
        subjectId: d.id,
        subjectTitle: d.summary,
        dueAt: d.followUpBy,
        variant: null,
        message: `The ${d.kind} decision "${d.summary}" on "${view.title}" (${described(d)}) was to be followed up by ${day(d.followUpBy)}; it is not resolved`,
      },
    ];
  });
}

const described = (d: DecisionSummary) => `${day(d.occurredAt)}${d.caseRef ? `, case ${d.caseRef}` : ''}`;

/**
 * An `escalate` decision, while it is the newest decision: raised for the initiative and seen by the
 * subscribers of every ancestor (its path), the parent's above all.
 */
export function escalationConditions(view: InitiativeView): RawCondition[] {
  const d = view.lastDecision;
  if (view.status === 'closed' || !d || d.kind !== 'escalate') return [];
  return [
    {
      rule: 'decision.escalated',
      severity: 'warning',
      subjectId: d.id,
      subjectTitle: d.summary,
      dueAt: null,
      variant: null,
      message: `"${view.title}" escalated by ${d.decidedBy} (${described(d)}): ${d.summary}`,
    },
  ];
}

/** A stopping initiative not closed by its stop decision's `followUpBy`. */
export function stopConditions(view: InitiativeView, { now }: RuleContext): RawCondition[] {
  const d = view.stoppedBy;
  if (view.status !== 'stopping' || !d?.followUpBy || dueBy(d.followUpBy) >= now.getTime()) return [];
  return [
    {
      rule: 'decision.stopOverdue',
      severity: 'critical',
      subjectId: d.id,
      subjectTitle: d.summary,
      dueAt: d.followUpBy,
      variant: null,
      message: `"${view.title}" was to be stopped and closed by ${day(d.followUpBy)} (${described(d)}); it is not closed`,
    },
  ];
}
