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
}
