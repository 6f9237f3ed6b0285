import { toInitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { InitiativeView } from '../initiative/initiative-view';
import { evolveInPlace } from '../initiative/initiative-view.projection';
import { decidedByOf } from '../decided-by';
import { describeEvent, type AuditLanguage } from './audit-summaries';

/** One line of an initiative's audit history (docs/api.md, "Audit history items"). */
export interface AuditHistoryItem {
  position: number;
  version: number;
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { sub: string; name: string | null };
  summary: string;
  decisionId: string | null;
  caseRef: string | null;
  /** Who decided, when the request named it. */
  decidedBy: string | null;
  reason: string | null;
  correlationId: string;
  /** For revisions, reschedules and target changes: what it was and what it became. */
  before?: unknown;
  after?: unknown;
}

/**
 * Turns a stream into readable history. The view is folded alongside, so a line can name
 * the goal, indicator or milestone an event refers to by its title.
 */
export function auditHistory(events: readonly StoredEvent[], language: AuditLanguage = 'en'): AuditHistoryItem[] {
  let view: InitiativeView | null = null;
  return events.map((stored) => {
    const item = describe(stored, view, language);
    view = evolveInPlace(view, stored);
    return item;
  });
}

function describe(stored: StoredEvent, view: InitiativeView | null, language: AuditLanguage): AuditHistoryItem {
  const base: AuditHistoryItem = {
    position: stored.position,
    version: stored.streamVersion,
    eventId: stored.eventId,
    type: stored.type,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    actor: { sub: stored.actor.sub, name: stored.actor.name ?? null },
    summary: '',
    decisionId: stored.decisionId,
    caseRef: stored.caseRef,
    decidedBy: decidedByOf(stored),
    reason: stored.reason,
    correlationId: stored.correlationId,
  };
  return { ...base, ...describeEvent(toInitiativeEvent(stored), view, language) };
}
