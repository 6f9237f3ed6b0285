import { dueBy } from '@followup/domain';
import { isOverdue, type InitiativeView, type MilestoneView } from '@followup/read-model';
import type { AlertRule, Severity } from '../model';
import { DAY_MS, day, ms, type RuleContext } from './context';

/** What a rule found, before silencing and identity are added (see evaluate.ts). */
export interface RawCondition {
  readonly rule: AlertRule;
  readonly severity: Severity;
  readonly subjectId: string;
  readonly subjectTitle: string;
  readonly dueAt: string | null;
  readonly variant: string | null;
  readonly message: string;
}

/**
 * Milestones: due soon (only the tightest configured window fires, so the 14-day alert
 * resolves when the 3-day one is raised), overdue (reuses `isOverdue`), missed, and a
 * notice when achieved. The due date is part of every identity, so a reschedule resolves
 * the old alerts and the new date starts afresh.
 */
export function milestoneConditions(view: InitiativeView, ctx: RuleContext): RawCondition[] {
  if (view.status === 'closed') return [];
  return view.milestones.flatMap((m) => conditionsOf(view, m, ctx));
}

function conditionsOf(view: InitiativeView, m: MilestoneView, { now, options }: RuleContext): RawCondition[] {
  const nowMs = now.getTime();
  const what = `Milestone "${m.title}" of "${view.title}"`;
  const base = { subjectId: m.id, subjectTitle: m.title } as const;
  if (m.status === 'planned') {
    if (isOverdue(m, now)) {
      return [
        {
          ...base,
          rule: 'milestone.overdue',
          severity: 'critical',
          dueAt: m.dueAt,
          variant: null,
          message: `${what} was due ${day(m.dueAt)} and is overdue`,
        },
      ];
    }
    const left = dueBy(m.dueAt) - nowMs;
    const windows = [...options.dueSoonDays].sort((a, b) => a - b);
    const window = windows.find((days) => left <= days * DAY_MS);
    if (window === undefined) return [];
    return [
      {
        ...base,
        rule: 'milestone.dueSoon',
        severity: window === windows[0] ? 'warning' : 'info',
        dueAt: m.dueAt,
        variant: `${window}d`,
        message: `${what} is due ${day(m.dueAt)}, within ${window} days`,
      },
    ];
  }
  if (m.status === 'missed') {
    return [
      {
        ...base,
        rule: 'milestone.missed',
        severity: 'critical',
        dueAt: m.dueAt,
        variant: null,
        message: `${what} due ${day(m.dueAt)} was declared missed${m.reason ? `: ${m.reason}` : ''}`,
      },
    ];
  }
  if (m.status === 'achieved' && m.achievedAt && nowMs - ms(m.achievedAt) < options.achievedNoticeMs) {
    return [
      {
        ...base,
        rule: 'milestone.achieved',
        severity: 'info',
        dueAt: m.dueAt,
        variant: new Date(m.achievedAt).toISOString(),
        message: `${what} was achieved ${day(m.achievedAt)} (due ${day(m.dueAt)})`,
      },
    ];
  }
  return [];
}
