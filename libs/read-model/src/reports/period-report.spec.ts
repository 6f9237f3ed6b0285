import { randomUUID } from 'node:crypto';
import { activated, registered } from '@followup/domain/testing';
import { SqliteEventStore, type NewEvent } from '@followup/event-store';
import type { DecisionLogEntry } from '../audit/decision-log.entry';
import { InitiativeProjection } from '../initiative/initiative-projection';
import type { FundingLineView, IndicatorView, MilestoneView } from '../initiative/initiative-view';
import { rebuildInitiativeViews } from '../initiative/rebuild-initiative-views';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { initiativeView } from '../testing/initiative-views';
import { compilePeriodReport, inPeriod } from './period-report';

const T2 = { from: '2026-05-01', to: '2026-09-01', label: '2026-T2' };
const NOW = new Date('2026-09-15T12:00:00Z');

const measured = (value: number, at: string) => ({ id: `me-${at}`, value, at, source: null, note: null });

function indicator(overrides: Partial<IndicatorView> = {}): IndicatorView {
  const measurements = [measured(25, '2026-08-15T00:00:00Z'), measured(40, '2026-09-10T00:00:00Z')];
  return {
    id: 'ind-1',
    goalId: 'g-1',
    name: 'Apprentices',
    unit: 'people',
    direction: 'increase',
    aggregation: 'sum',
    baseline: { value: 10, at: '2026-01-01T00:00:00Z' },
    targets: [
      { value: 20, at: '2026-06-30T00:00:00Z' },
      { value: 30, at: '2026-08-31T00:00:00Z' },
      { value: 50, at: '2026-12-31T00:00:00Z' },
    ],
    latest: measurements[1]!,
    measurementCount: 2,
    measurements,
    ...overrides,
  };
}

const milestone = (id: string, dueAt: string, status: MilestoneView['status'] = 'planned'): MilestoneView => ({
  id,
  title: id,
  description: null,
  dueAt,
  status,
  achievedAt: null,
  evaluation: null,
  reason: null,
  rescheduleCount: 0,
});

const fundingLine = (fundingId: string, year: number, planned: number, actual: number | null): FundingLineView => ({
  fundingId,
  year,
  source: 'county',
  partner: null,
  planned,
  actual,
  reason: 'Budget',
  caseRef: null,
  recordedAt: '2026-01-01T00:00:00Z',
});

const entry = (decisionId: string, occurredAt: string, initiativeId: string): DecisionLogEntry => ({
  decisionId,
  initiativeId,
  initiativeTitle: null,
  kind: 'continue',
  summary: `Decision ${decisionId}`,
  rationale: 'Because',
  caseRef: null,
  decidedBy: 'Board',
  occurredAt,
  recordedAt: occurredAt,
  recordedBy: { sub: 'u', name: null },
  followUpBy: null,
  affects: [],
  changes: [],
  followedBy: [],
});

describe('compilePeriodReport', () => {
  const root = initiativeView({ id: 'fa', kind: 'focusArea', title: 'Skills', status: 'active' });
  const project = initiativeView({
    id: 'p',
    parentId: 'fa',
    title: 'Apprentices',
    status: 'active',
    goals: [{ id: 'g-1', statement: 'More apprentices', resultLevel: 'output', indicators: [indicator()] }],
    milestones: [milestone('m-in', '2026-08-31T23:59:59Z', 'achieved'), milestone('m-out', '2026-09-01T00:00:00Z')],
    funding: [fundingLine('f1', 2026, 100, 40), fundingLine('f2', 2025, 70, null)],
  });

  const report = compilePeriodReport({
    subtree: [root, project],
    decisions: [entry('d-before', '2026-04-30T23:59:59Z', 'p'), entry('d-in', '2026-05-01T00:00:00Z', 'p')],
    period: T2,
    now: NOW,
  });

  it('takes the period as [from, to)', () => {
    expect(inPeriod('2026-05-01T00:00:00Z', T2)).toBe(true);
    expect(inPeriod('2026-09-01T00:00:00Z', T2)).toBe(false);
  });

  it('sets each target in the period against the latest measurement before its end', () => {
    expect(report.indicators.map((r) => [r.targetAt, r.target, r.actual, r.met])).toEqual([
      ['2026-06-30T00:00:00Z', 20, 25, true],
      ['2026-08-31T00:00:00Z', 30, 25, false],
    ]);
  });

  it('keeps milestones due and decisions taken in the period, named by initiative', () => {
    expect(report.milestones.map((m) => m.milestoneId)).toEqual(['m-in']);
    expect(report.decisions).toEqual([
      expect.objectContaining({ decisionId: 'd-in', initiativeTitle: 'Apprentices', risks: [] }),
    ]);
  });

  it('sums funding of the years the period touches, and lists every initiative of the subtree', () => {
    expect(report.funding).toMatchObject({ plannedTotal: 100, actualTotal: 40, utilisation: 0.4, years: [2026] });
    expect(report.initiatives.map((i) => i.initiativeId)).toEqual(['fa', 'p']);
    expect(report.root).toMatchObject({ id: 'fa', title: 'Skills' });
  });
});

describe('report events in the event store', () => {
  it('are passed by when projecting and rebuilding initiative views', async () => {
    const events = new SqliteEventStore({ filename: ':memory:' });
    const views = new SqliteReadModelStore(':memory:');
    const envelope = (type: string, data: unknown): NewEvent => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      data,
      occurredAt: '2026-09-15T12:00:00.000Z',
      actor: { sub: 'u', roles: ['leader'] },
      correlationId: randomUUID(),
      causationId: null,
      decisionId: null,
      caseRef: null,
      reason: null,
    });
    const [first, second] = [registered(), activated()];
    await events.append('ini-1', [envelope(first.type, first.data)], { expectedVersion: 0, commitId: randomUUID() });
    await events.append('report-r1', [envelope('ReportCompiled', { reportId: 'r1' })], {
      expectedVersion: 0,
      commitId: randomUUID(),
    });
    await events.append('ini-1', [envelope(second.type, second.data)], { expectedVersion: 1, commitId: randomUUID() });
    expect(await new InitiativeProjection(views, events).catchUp()).toBe(3);
    expect(await views.getInitiative('report-r1')).toBeNull();
    expect((await views.getInitiative('ini-1'))!.version).toBe(2);
    expect(await rebuildInitiativeViews(events, views)).toEqual({ events: 3, views: 1 });
    await views.close();
    await events.close();
  });
});
