import type { StoredEvent } from '@followup/event-store';

/**
 * Who decided what an event records. Decisions and course corrections carry `decidedBy` in their data; any
 * other event carries it there too when its request named who decided.
 */
export function decidedByOf(stored: Pick<StoredEvent, 'data'>): string | null {
  const value = (stored.data as { decidedBy?: unknown } | null)?.decidedBy;
  return typeof value === 'string' ? value : null;
}
