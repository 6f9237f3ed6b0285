import type { StoredEvent } from '@followup/event-store';

/** One event of a hand-built stream: when it happened (business time), its type and data, and when recorded. */
export type Entry = [occurredAt: string, type: string, data: Record<string, unknown>, recordedAt?: string];

/** Stores a stream as the event store would, each event recorded when it occurred unless told otherwise. */
export function storedStream(streamId: string, entries: readonly Entry[]): StoredEvent[] {
  return entries.map(([occurredAt, type, data, recordedAt], i) => ({
    eventId: `${streamId}-e${i + 1}`,
    type,
    schemaVersion: 1,
    data: { initiativeId: streamId, ...data },
    occurredAt,
    actor: { sub: 'u-1', roles: ['caseworker'] },
    correlationId: `${streamId}-c${i}`,
    causationId: null,
    decisionId: null,
    caseRef: null,
    reason: null,
    streamId,
    streamVersion: i + 1,
    position: i + 1,
    commitId: `${streamId}-commit-${i}`,
    recordedAt: recordedAt ?? occurredAt,
    prevHash: null,
    hash: null,
  }));
}

export const registeredAs = (kind: string, title: string, ownerUnit: string, parentId: string | null) => ({
  kind,
  title,
  parentId,
  description: null,
  ownerUnit,
  responsible: 'Ola Nordmann',
  partners: [],
  startsAt: '2026-01-01',
  endsAt: '2027-12-31',
});

export const indicator = (goalId: string, indicatorId: string, extra: Record<string, unknown> = {}) => ({
  goalId,
  indicatorId,
  name: `Indicator ${indicatorId}`,
  unit: 'count',
  direction: 'increase',
  baseline: { value: 0, at: '2026-01-01T00:00:00.000Z' },
  targets: [{ value: 100, at: '2026-12-31T00:00:00.000Z' }],
  aggregation: 'sum',
  frequency: 'quarterly',
  role: 'performance',
  ...extra,
});

export const decision = (decisionId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  decisionId,
  kind: 'adjust',
  summary: `Decision ${decisionId}`,
  rationale: 'Behind plan',
  caseRef: '2026/1',
  decidedBy: 'Steering group',
  occurredAt,
  followUpBy: null,
  affects: [],
  ...extra,
});

export const resolved = (followUpId: string, resolvedByDecisionId: string, resolvedAt: string) => ({
  followUpId,
  resolvedByDecisionId,
  resolvedBy: 'Steering group',
  resolvedAt,
});

export const profiledBenefit = (benefitId: string, target: number, targetAt: string) => ({
  benefitId,
  kind: 'benefit',
  description: `Benefit ${benefitId}`,
  owner: 'Finance',
  indicatorId: null,
  baseline: 0,
  target,
  realisationDue: targetAt,
  profile: {
    unit: 'NOK',
    baseline: { value: 0, at: '2026-01-01T00:00:00.000Z' },
    target: { value: target, at: targetAt },
    measurementPlan: { frequency: 'tertial', method: 'report', source: 'Accounts' },
    responsible: 'Kari',
    aggregation: 'cumulative',
  },
});
