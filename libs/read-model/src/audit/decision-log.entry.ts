import type { AuditHistoryItem } from './audit-history';

/** A follow-up decision or course correction, what it changed, and what happened to those things later. */
export interface DecisionLogEntry {
  decisionId: string;
  initiativeId: string;
  initiativeTitle: string | null;
  kind: string;
  summary: string;
  rationale: string;
  caseRef: string | null;
  decidedBy: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: { sub: string; name: string | null };
  followUpBy: string | null;
  affects: string[];
  /** Events of the same commit (or correlation) linked to the decision. */
  changes: AuditHistoryItem[];
  /**
   * Later events on what the decision touched: a rescheduled milestone achieved or missed,
   * a paused initiative resumed...
   */
  followedBy: AuditHistoryItem[];
  /** Risks of the initiative the decision answers; absent when it names none. */
  risks?: string[];
}

/** Kinds of entries for events that are not decision records, where the event type's name would mislead. */
const SPECIAL_KINDS: Readonly<Record<string, string>> = { InitiativeClosed: 'closure' };

/** `GoalRevised` -> `goalRevised`; `InitiativeClosed` -> `closure`: the kind of a log entry for any other event. */
export const kindOfEventType = (type: string): string =>
  SPECIAL_KINDS[type] ?? type.charAt(0).toLowerCase() + type.slice(1);
