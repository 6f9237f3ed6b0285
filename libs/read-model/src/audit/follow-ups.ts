import { daysLate, dueBy, toInitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';

export const FOLLOW_UP_STATUSES = ['open', 'overdue', 'resolved'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** A follow-up item: opened by a decision with followUpBy (same id), resolved by a later decision naming it. */
export interface FollowUpItem {
  id: string;
  initiativeId: string;
  initiativeTitle: string | null;
  kind: string;
  summary: string;
  caseRef: string | null;
  decidedBy: string;
  occurredAt: string;
  recordedAt: string;
  dueAt: string;
  /** `overdue` is an open item whose dueAt has passed. */
  status: FollowUpStatus;
  /** Whole days past dueAt (at resolution for a resolved item); 0 when not late. */
  daysOverdue: number;
  resolvedBy: string | null;
  resolvedByDecisionId: string | null;
  resolvedAt: string | null;
}

/** The follow-up items of one initiative's stream, judged at `now`. */
export function followUpsOfStream(events: readonly StoredEvent[], now: Date): FollowUpItem[] {
  const title = (events[0]?.data as { title?: string } | undefined)?.title ?? null;
  const items = new Map<string, FollowUpItem>();
  for (const stored of events) {
    if (stored.type !== 'FollowUpDecisionRecorded' && stored.type !== 'FollowUpResolved') continue;
    const event = toInitiativeEvent(stored);
    if (event.type === 'FollowUpDecisionRecorded' && event.data.followUpBy !== null) {
      const d = { ...event.data, followUpBy: event.data.followUpBy };
      items.set(d.decisionId, {
        id: d.decisionId,
        initiativeId: stored.streamId,
        initiativeTitle: title,
        kind: d.kind,
        summary: d.summary,
        caseRef: d.caseRef,
        decidedBy: d.decidedBy,
        occurredAt: d.occurredAt,
        recordedAt: stored.recordedAt,
        dueAt: d.followUpBy,
        status: 'open',
        daysOverdue: 0,
        resolvedBy: null,
        resolvedByDecisionId: null,
        resolvedAt: null,
      });
    } else if (event.type === 'FollowUpResolved') {
      const item = items.get(event.data.followUpId);
      if (item) {
        Object.assign(item, {
          status: 'resolved',
          resolvedBy: event.data.resolvedBy,
          resolvedByDecisionId: event.data.resolvedByDecisionId,
          resolvedAt: event.data.resolvedAt,
        });
      }
    }
  }
  return [...items.values()].map((item) => {
    if (item.status === 'resolved') return { ...item, daysOverdue: daysLate(item.dueAt, Date.parse(item.resolvedAt!)) };
    const daysOverdue = daysLate(item.dueAt, now.getTime());
    return { ...item, daysOverdue, status: dueBy(item.dueAt) < now.getTime() ? 'overdue' : 'open' };
  });
}
