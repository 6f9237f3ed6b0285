import type { InitiativeView } from '@followup/read-model';
import type { AlertRecord, FiringCondition } from '../model';
import { benefit, decision, indicator, milestone, view, withIndicators } from '../testing/views';
import { DEFAULT_RULE_OPTIONS } from './context';
import { evaluateAll, evaluateInitiative } from './evaluate';
import { alertIdOf, conditionKey } from './identity';
import { newAlertRecord, planReconciliation } from './reconcile';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);
const summary = (conditions: FiringCondition[]) =>
  conditions.map((c) => `${c.rule}:${c.severity}:${c.subjectId}`).sort();

/**
 * A pure stand-in for the store: applies each reconciliation plan the way the engine does, so
 * a walk through time shows exactly which alerts exist and which resolved at each step.
 */
class Simulation {
  readonly alerts: AlertRecord[] = [];
  constructor(private readonly repeatMs = DAY) {}

  step(views: InitiativeView[], now: Date) {
    const conditions = evaluateAll(views, now);
    const unresolved = this.alerts.filter((a) => a.status !== 'resolved');
    const history = new Map<string, AlertRecord>();
    for (const a of this.alerts)
      if (!history.has(a.key) || history.get(a.key)!.occurrence < a.occurrence) history.set(a.key, a);
    const plan = planReconciliation({
      conditions,
      versions: new Map(views.map((v) => [v.id, v.version])),
      unresolved,
      history,
      now,
      repeatMs: this.repeatMs,
    });
    const iso = now.toISOString();
    const replace = (id: string, patch: Partial<AlertRecord>) => {
      const i = this.alerts.findIndex((a) => a.id === id);
      this.alerts[i] = { ...this.alerts[i]!, ...patch };
    };
    for (const r of plan.raise) {
      const c = r.condition;
      this.alerts.push(newAlertRecord(c, r.occurrence, r.alertId, iso));
    }
    for (const a of plan.resolve)
      replace(a.id, {
        status: 'resolved',
        resolvedAt: iso,
        resolvedBasisVersion: views.find((v) => v.id === a.initiativeId)!.version,
      });
    for (const { alert, silencedBy } of plan.silence)
      replace(alert.id, { silenced: true, silencedBy, silencedSince: iso });
    for (const a of plan.restore) replace(a.id, { silenced: false, silencedBy: null, silencedSince: null });
    for (const { alert, n } of plan.repeat) replace(alert.id, { repeats: n });
    return {
      raised: plan.raise.map((r) => this.describe(this.alerts.find((a) => a.id === r.alertId)!)),
      resolved: plan.resolve.map((a) => this.describe(a)),
      silenced: plan.silence.map((s) => this.describe(s.alert)),
      restored: plan.restore.map((a) => this.describe(a)),
      repeated: plan.repeat.map((r) => `${this.describe(r.alert)}#${r.n}`),
    };
  }

  /** Unresolved alerts, described. */
  get open(): string[] {
    return this.alerts
      .filter((a) => a.status !== 'resolved')
      .map((a) => this.describe(a))
      .sort();
  }

  describe(a: AlertRecord): string {
    const variant = a.rule === 'milestone.dueSoon' ? `(${a.severity === 'info' ? '14d' : '3d'})` : '';
    return `${a.rule}${variant}@${a.subjectId}${a.dueAt ? `/${a.dueAt.slice(0, 10)}` : ''}`;
  }

  acknowledge(id: string) {
    const i = this.alerts.findIndex((a) => a.id === id);
    this.alerts[i] = { ...this.alerts[i]!, status: 'acknowledged' };
  }
}

describe('alert rules (pure)', () => {
  describe('identity', () => {
    it('gives the same key for the same condition and a new one when the due date or window changes', () => {
      const a = conditionKey('milestone.overdue', 'i1', 'm1', '2025-06-01T00:00:00Z');
      expect(conditionKey('milestone.overdue', 'i1', 'm1', '2025-06-01T00:00:00.000Z')).toBe(a);
      expect(conditionKey('milestone.overdue', 'i1', 'm1', '2025-06-02T00:00:00Z')).not.toBe(a);
      expect(conditionKey('milestone.dueSoon', 'i1', 'm1', '2025-06-01T00:00:00Z', '14d')).not.toBe(
        conditionKey('milestone.dueSoon', 'i1', 'm1', '2025-06-01T00:00:00Z', '3d'),
      );
      expect(alertIdOf(a, 1)).toBe(alertIdOf(a, 1));
      expect(alertIdOf(a, 1)).toMatch(/^al_[0-9a-f]{32}$/);
      expect(alertIdOf(a, 2)).not.toBe(alertIdOf(a, 1));
    });

    it('evaluates the same input to the same conditions (deterministic)', () => {
      const v = view('p1', { milestones: [milestone('m1', '2025-03-10T00:00:00Z')] });
      const now = at('2025-03-09T00:00:00Z');
      expect(evaluateInitiative({ view: v, ancestors: [] }, now)).toEqual(
        evaluateInitiative({ view: v, ancestors: [] }, now),
      );
    });
  });

  describe('a milestone walked through time', () => {
    it('due soon at 14 and 3 days, overdue, rescheduled, achieved: exactly these alerts at each step', () => {
      const sim = new Simulation();
      let p = view('p1', { milestones: [milestone('m1', '2025-06-01T00:00:00.000Z')] });

      // 31 days ahead: nothing.
      expect(sim.step([p], at('2025-05-01T00:00:00Z')).raised).toEqual([]);
      expect(sim.open).toEqual([]);

      // 14 days ahead: the 14-day warning (info).
      let s = sim.step([p], at('2025-05-18T00:00:00Z'));
      expect(s.raised).toEqual(['milestone.dueSoon(14d)@m1/2025-06-01']);
      expect(sim.open).toEqual(['milestone.dueSoon(14d)@m1/2025-06-01']);
      // Evaluating again changes nothing (no duplicate).
      expect(sim.step([p], at('2025-05-18T00:01:00Z'))).toMatchObject({ raised: [], resolved: [] });

      // 3 days ahead: the 3-day warning replaces the 14-day one.
      s = sim.step([p], at('2025-05-29T00:00:00Z'));
      expect(s.raised).toEqual(['milestone.dueSoon(3d)@m1/2025-06-01']);
      expect(s.resolved).toEqual(['milestone.dueSoon(14d)@m1/2025-06-01']);
      expect(sim.alerts.find((a) => a.rule === 'milestone.dueSoon' && a.severity === 'warning')).toBeDefined();

      // Past due: overdue (critical) and the 3-day warning resolved.
      s = sim.step([p], at('2025-06-01T00:00:01Z'));
      expect(s.raised).toEqual(['milestone.overdue@m1/2025-06-01']);
      expect(s.resolved).toEqual(['milestone.dueSoon(3d)@m1/2025-06-01']);
      expect(sim.alerts.find((a) => a.rule === 'milestone.overdue')!.severity).toBe('critical');

      // Rescheduled to 2025-06-20 (19 days ahead): overdue resolved, nothing new yet.
      p = { ...p, version: 2, milestones: [milestone('m1', '2025-06-20T00:00:00.000Z', { rescheduleCount: 1 })] };
      s = sim.step([p], at('2025-06-01T12:00:00Z'));
      expect(s.resolved).toEqual(['milestone.overdue@m1/2025-06-01']);
      expect(s.raised).toEqual([]);
      expect(sim.open).toEqual([]);

      // 14 days before the new date: a new 14-day alert for the new date.
      s = sim.step([p], at('2025-06-06T00:00:00Z'));
      expect(s.raised).toEqual(['milestone.dueSoon(14d)@m1/2025-06-20']);

      // Achieved: the due-soon alert resolves, an "achieved" notice is raised ...
      p = {
        ...p,
        version: 3,
        milestones: [
          milestone('m1', '2025-06-20T00:00:00.000Z', { status: 'achieved', achievedAt: '2025-06-10T00:00:00.000Z' }),
        ],
      };
      s = sim.step([p], at('2025-06-10T01:00:00Z'));
      expect(s.resolved).toEqual(['milestone.dueSoon(14d)@m1/2025-06-20']);
      expect(s.raised).toEqual(['milestone.achieved@m1/2025-06-20']);
      expect(sim.open).toEqual(['milestone.achieved@m1/2025-06-20']);

      // ... which resolves itself after the notice period (7 days by default).
      s = sim.step([p], at('2025-06-17T00:00:01Z'));
      expect(s.resolved).toEqual(['milestone.achieved@m1/2025-06-20']);
      expect(sim.open).toEqual([]);
      expect(sim.alerts).toHaveLength(5);
      expect(new Set(sim.alerts.map((a) => a.id)).size).toBe(5);
    });

    it('a milestone due on a date is on time all that day in Oslo, and overdue from the next midnight there', () => {
      const sim = new Simulation();
      const p = view('p1', { milestones: [milestone('m1', '2025-12-20')] });
      // 01:00 in Oslo on the due day (midnight UTC has passed): due within 3 days, not overdue.
      expect(sim.step([p], at('2025-12-20T00:00:01Z')).raised).toEqual(['milestone.dueSoon(3d)@m1/2025-12-20']);
      // 23:59 in Oslo, still the due day.
      expect(sim.step([p], at('2025-12-20T22:59:00Z')).raised).toEqual([]);
      const s = sim.step([p], at('2025-12-20T23:00:00Z'));
      expect(s.raised).toEqual(['milestone.overdue@m1/2025-12-20']);
      expect(s.resolved).toEqual(['milestone.dueSoon(3d)@m1/2025-12-20']);
    });

    it('a missed milestone raises a critical alert that clears when it is rescheduled', () => {
      const sim = new Simulation();
      let p = view('p1', { milestones: [milestone('m1', '2025-03-05T00:00:00.000Z')] });
      expect(sim.step([p], at('2025-03-06T00:00:00Z')).raised).toEqual(['milestone.overdue@m1/2025-03-05']);
      p = {
        ...p,
        version: 2,
        milestones: [
          milestone('m1', '2025-03-05T00:00:00.000Z', { status: 'missed', reason: 'Supplier went bankrupt' }),
        ],
      };
      const s = sim.step([p], at('2025-03-06T01:00:00Z'));
      expect(s).toMatchObject({
        raised: ['milestone.missed@m1/2025-03-05'],
        resolved: ['milestone.overdue@m1/2025-03-05'],
      });
      expect(sim.alerts.find((a) => a.rule === 'milestone.missed')!.message).toContain('Supplier went bankrupt');
      p = { ...p, version: 3, milestones: [milestone('m1', '2025-09-01T00:00:00.000Z')] };
      expect(sim.step([p], at('2025-03-07T00:00:00Z'))).toMatchObject({
        raised: [],
        resolved: ['milestone.missed@m1/2025-03-05'],
      });
    });

    it('cancelled milestones and closed initiatives raise no milestone alerts', () => {
      const cancelled = view('p1', { milestones: [milestone('m1', '2025-03-05T00:00:00Z', { status: 'cancelled' })] });
      const closed = view('p2', { status: 'closed', milestones: [milestone('m2', '2025-03-05T00:00:00Z')] });
      expect(evaluateAll([cancelled, closed], at('2025-03-06T00:00:00Z'))).toEqual([]);
    });

    it('uses the configured windows', () => {
      const p = view('p1', { milestones: [milestone('m1', '2025-03-10T00:00:00Z')] });
      const options = { ...DEFAULT_RULE_OPTIONS, dueSoonDays: [30, 7, 1] };
      const [c] = evaluateInitiative({ view: p, ancestors: [] }, at('2025-03-02T00:00:00Z'), options);
      expect(c).toMatchObject({ rule: 'milestone.dueSoon', severity: 'info' });
      expect(c!.message).toContain('within 30 days');
      const [d] = evaluateInitiative({ view: p, ancestors: [] }, at('2025-03-09T12:00:00Z'), options);
      expect(d).toMatchObject({ rule: 'milestone.dueSoon', severity: 'warning' });
      expect(d!.message).toContain('within 1 days');
    });
  });

  describe('indicators', () => {
    it('off track after a measurement raises, back on track resolves, off track again raises a new occurrence', () => {
      const sim = new Simulation();
      const now = at('2025-03-01T12:00:00Z');
      // Expected on 2025-03-01 is about 16.5 (10 -> 30 over the half year); 11 is far behind.
      let p = withIndicators(view('p1', { version: 3 }), [
        indicator('i1', { value: 11, at: '2025-03-01T00:00:00.000Z' }),
      ]);
      expect(summary(evaluateAll([p], now))).toEqual(['indicator.offTrack:warning:i1']);
      let s = sim.step([p], now);
      expect(s.raised).toEqual(['indicator.offTrack@i1']);
      const first = sim.alerts[0]!.id;

      p = withIndicators({ ...p, version: 4 }, [indicator('i1', { value: 17, at: '2025-03-01T06:00:00.000Z' })]);
      s = sim.step([p], now);
      expect(s).toMatchObject({ raised: [], resolved: ['indicator.offTrack@i1'] });

      p = withIndicators({ ...p, version: 5 }, [indicator('i1', { value: 12, at: '2025-03-01T10:00:00.000Z' })]);
      s = sim.step([p], now);
      expect(s.raised).toEqual(['indicator.offTrack@i1']);
      const second = sim.alerts[1]!;
      expect(second.occurrence).toBe(2);
      expect(second.id).not.toBe(first);
    });

    it('at risk, stale and unknown indicators raise nothing', () => {
      const now = at('2025-03-01T12:00:00Z');
      const atRisk = indicator('i1', { value: 15, at: '2025-03-01T00:00:00.000Z' });
      const unknown = indicator('i2', null);
      // Measured monthly, last on 1 Jan: stale since 1 Feb (its target date is still ahead).
      const stale = indicator('i3', { value: 11, at: '2025-01-01T00:00:00.000Z' }, { frequency: 'monthly' });
      expect(evaluateAll([withIndicators(view('p1'), [atRisk, unknown, stale])], now)).toEqual([]);
    });
  });

  describe('benefits and follow-up decisions', () => {
    it('a benefit past its realisation date with no realisation raises; a realisation resolves it', () => {
      const sim = new Simulation();
      let p = view('p1', { benefits: [benefit('b1', '2025-04-01T00:00:00.000Z')] });
      expect(sim.step([p], at('2025-03-31T00:00:00Z')).raised).toEqual([]);
      expect(sim.step([p], at('2025-04-01T00:00:01Z')).raised).toEqual(['benefit.realisationOverdue@b1/2025-04-01']);
      p = {
        ...p,
        version: 2,
        benefits: [
          benefit('b1', '2025-04-01T00:00:00.000Z', {
            realisations: [{ id: 'r1', value: 3, at: '2025-04-01T00:00:00.000Z', note: null }],
          }),
        ],
      };
      expect(sim.step([p], at('2025-04-02T00:00:00Z')).resolved).toEqual(['benefit.realisationOverdue@b1/2025-04-01']);
    });

    it('benefits of a closed initiative are still followed', () => {
      const p = view('p1', { status: 'closed', benefits: [benefit('b1', '2025-04-01T00:00:00.000Z')] });
      expect(summary(evaluateAll([p], at('2025-05-01T00:00:00Z')))).toEqual(['benefit.realisationOverdue:warning:b1']);
    });

    it('followUpBy passed with no newer decision raises; a newer decision resolves it', () => {
      const sim = new Simulation();
      let p = view('p1', { lastDecision: decision('d1', '2025-03-10T00:00:00.000Z') });
      expect(sim.step([p], at('2025-03-09T00:00:00Z')).raised).toEqual([]);
      expect(sim.step([p], at('2025-03-10T00:00:01Z')).raised).toEqual(['decision.followUpOverdue@d1/2025-03-10']);
      p = { ...p, version: 2, lastDecision: decision('d2', null, { occurredAt: '2025-03-11T00:00:00.000Z' }) };
      expect(sim.step([p], at('2025-03-11T00:00:00Z')).resolved).toEqual(['decision.followUpOverdue@d1/2025-03-10']);
    });
  });

  describe('pause and resume', () => {
    it('a paused ancestor silences milestone alerts of its subtree (not the others); resume restores them', () => {
      const sim = new Simulation();
      const fa = view('fa', { kind: 'focusArea' });
      let prog = view('prog', { kind: 'programme', parentId: 'fa' });
      const proj = withIndicators(
        view('proj', { parentId: 'prog', milestones: [milestone('m1', '2025-03-03T00:00:00.000Z')] }),
        [indicator('i1', { value: 11, at: '2025-03-01T00:00:00.000Z' })],
      );
      let s = sim.step([fa, prog, proj], at('2025-03-01T12:00:00Z'));
      expect(s.raised.sort()).toEqual(['indicator.offTrack@i1', 'milestone.dueSoon(3d)@m1/2025-03-03']);

      prog = { ...prog, status: 'paused', version: 2 };
      s = sim.step([fa, prog, proj], at('2025-03-01T13:00:00Z'));
      expect(s.silenced).toEqual(['milestone.dueSoon(3d)@m1/2025-03-03']);
      expect(sim.alerts.find((a) => a.rule === 'indicator.offTrack')!.silenced).toBe(false);

      // Raised while paused: silenced from the start.
      s = sim.step([fa, prog, proj], at('2025-03-03T00:00:01Z'));
      expect(s.raised).toEqual(['milestone.overdue@m1/2025-03-03']);
      const overdue = sim.alerts.find((a) => a.rule === 'milestone.overdue')!;
      expect(overdue).toMatchObject({ silenced: true, silencedBy: 'prog' });
      // Silenced alerts are not repeated.
      expect(sim.step([fa, prog, proj], at('2025-03-04T00:00:02Z')).repeated).toEqual([]);

      prog = { ...prog, status: 'active', version: 3 };
      s = sim.step([fa, prog, proj], at('2025-03-04T01:00:00Z'));
      expect(s.restored).toEqual(['milestone.overdue@m1/2025-03-03']);
      expect(sim.alerts.find((a) => a.id === overdue.id)!.silenced).toBe(false);
    });
  });

  describe('repeat interval', () => {
    it('re-notifies unacknowledged overdue alerts once per interval, not acknowledged ones', () => {
      const sim = new Simulation(DAY);
      const p = view('p1', {
        milestones: [milestone('m1', '2025-03-01T00:00:00.000Z')],
        benefits: [benefit('b1', '2025-03-01T00:00:00.000Z')],
      });
      sim.step([p], at('2025-03-02T00:00:00Z'));
      expect(sim.step([p], at('2025-03-02T23:59:59Z')).repeated).toEqual([]);
      expect(sim.step([p], at('2025-03-03T00:00:00Z')).repeated.sort()).toEqual([
        'benefit.realisationOverdue@b1/2025-03-01#1',
        'milestone.overdue@m1/2025-03-01#1',
      ]);
      expect(sim.step([p], at('2025-03-03T06:00:00Z')).repeated).toEqual([]);
      sim.acknowledge(sim.alerts.find((a) => a.rule === 'milestone.overdue')!.id);
      expect(sim.step([p], at('2025-03-04T00:00:00Z')).repeated).toEqual([
        'benefit.realisationOverdue@b1/2025-03-01#2',
      ]);
    });
  });

  describe('stale evaluations', () => {
    it('an instance on an older view neither resolves a newer alert nor re-raises a condition resolved from a newer view', () => {
      const now = at('2025-03-01T12:00:00Z');
      const v2 = withIndicators(view('p1', { version: 2 }), [
        indicator('i1', { value: 11, at: '2025-03-01T00:00:00.000Z' }),
      ]);
      const [condition] = evaluateAll([v2], now);
      const alert = {
        key: condition!.key,
        occurrence: 1,
        initiativeId: 'p1',
        basisVersion: 2,
        raisedAt: now.toISOString(),
        status: 'open',
        rule: 'indicator.offTrack',
        silenced: false,
        repeats: 0,
      } as AlertRecord;
      // A view at v1 (before the measurement) does not resolve the alert raised from v2.
      const stale = planReconciliation({
        conditions: [],
        versions: new Map([['p1', 1]]),
        unresolved: [alert],
        history: new Map(),
        now,
        repeatMs: DAY,
      });
      expect(stale.resolve).toEqual([]);
      // Resolved from v3; an instance still at v2 does not raise it again.
      const resolved = {
        ...alert,
        status: 'resolved',
        resolvedAt: now.toISOString(),
        resolvedBasisVersion: 3,
      } as AlertRecord;
      const again = planReconciliation({
        conditions: [condition!],
        versions: new Map([['p1', 2]]),
        unresolved: [],
        history: new Map([[condition!.key, resolved]]),
        now,
        repeatMs: DAY,
      });
      expect(again.raise).toEqual([]);
    });

    it('leaves alerts of initiatives it did not evaluate alone', () => {
      const alert = {
        key: 'k',
        occurrence: 1,
        initiativeId: 'elsewhere',
        basisVersion: 1,
        raisedAt: '2025-01-01T00:00:00.000Z',
        status: 'open',
      } as AlertRecord;
      const plan = planReconciliation({
        conditions: [],
        versions: new Map([['p1', 1]]),
        unresolved: [alert],
        history: new Map(),
        now: at('2025-03-01T00:00:00Z'),
        repeatMs: DAY,
      });
      expect(plan.resolve).toEqual([]);
    });
  });
});
