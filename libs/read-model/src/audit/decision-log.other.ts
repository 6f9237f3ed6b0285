import type { StoredEvent } from '@followup/event-store';
import { decidedByOf } from '../decided-by';
import type { AuditHistoryItem } from './audit-history';
import { kindOfEventType, type DecisionLogEntry } from './decision-log.entry';

/**
 * Besides follow-up decisions and course corrections, the log shows acknowledgements of alerts and any other
 * change made outside a decision whose request named who decided it or the case it was decided in.
 */
export function isOtherDecision(stored: StoredEvent): boolean {
  if (stored.type === 'AlertAcknowledged') return true;
  if (stored.decisionId !== null) return false;
  return decidedByOf(stored) !== null || (stored.type === 'InitiativeClosed' && stored.caseRef !== null);
}

export function otherDecisionEntry(
  stored: StoredEvent,
  line: AuditHistoryItem,
  initiativeTitle: string | null,
): DecisionLogEntry {
  const data = stored.data as { decisionId?: unknown };
  const decisionId = typeof data.decisionId === 'string' ? data.decisionId : (stored.decisionId ?? stored.eventId);
  const recordedBy = { sub: stored.actor.sub, name: stored.actor.name ?? null };
  return {
    decisionId,
    initiativeId: stored.streamId,
    initiativeTitle,
    kind: kindOfEventType(stored.type),
    summary: line.summary,
    rationale: stored.reason ?? '',
    caseRef: stored.caseRef,
    decidedBy: decidedByOf(stored) ?? recordedBy.name ?? recordedBy.sub,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    recordedBy,
    followUpBy: null,
    affects: [],
    changes: [line],
    followedBy: [],
  };
}
