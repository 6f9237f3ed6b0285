import type { BenefitProfile } from '@followup/domain';
import type { InitiativeView, RiskView } from '@followup/read-model';
import type { FiringCondition } from '../model';
import { benefit, view } from '../testing/views';
import { profiledBenefitConditions, riskConditions } from './economy-rules';
import { DEFAULT_RULE_OPTIONS } from './context';
import { evaluateInitiative } from './evaluate';

const at = (iso: string) => new Date(iso);
const ctx = (iso: string) => ({ now: at(iso), options: DEFAULT_RULE_OPTIONS });
const economyRules = new Set(['benefit.atRisk', 'benefit.measurementDue', 'benefit.notRealised', 'risk.high']);
/** The economy rules' conditions for one initiative, as `rule:severity:subject`. */
const fired = (v: InitiativeView, iso: string) =>
  evaluateInitiative({ view: v, ancestors: [] }, at(iso))
    .filter((c: FiringCondition) => economyRules.has(c.rule))
    .map((c) => `${c.rule}:${c.severity}:${c.subjectId}`)
    .sort();

/** 0 -> 1000 hours over 2025, measured quarterly, summed. */
const profile = (overrides: Partial<BenefitProfile> = {}): BenefitProfile => ({
  unit: 'hours',
  baseline: { value: 0, at: '2025-01-01T00:00:00.000Z' },
  target: { value: 1000, at: '2025-12-31T00:00:00.000Z' },
  measurementPlan: { frequency: 'quarterly', method: 'register', source: 'Time registration' },
  responsible: 'Head of school services',
  aggregation: 'cumulative',
  ...overrides,
});

const realisation = (value: number, iso: string) => ({ id: `r-${iso}`, value, at: iso, note: null });

const profiled = (realisations: ReturnType<typeof realisation>[], overrides: Partial<BenefitProfile> = {}) =>
  view('p1', {
    benefits: [
      benefit('b1', '2025-12-31T00:00:00.000Z', {
        profile: profile(overrides),
        realisations,
        baseline: 0,
        target: 1000,
      }),
    ],
  });

const risk = (id: string, likelihood: number, impact: number, overrides: Partial<RiskView> = {}): RiskView => ({
  id,
  title: `Risk ${id}`,
  category: 'finances',
  likelihood,
  impact,
  score: likelihood * impact,
  owner: 'County director',
  mitigation: 'Brief the committee',
  status: 'open',
  identifiedAt: '2025-01-15T00:00:00.000Z',
  assessments: [],
  closed: null,
  ...overrides,
});

describe('benefit and risk alert rules (pure)', () => {
  describe('benefit.atRisk', () => {
    it('warns when the realised progress is 75-95 % of the path, and is critical (offTrack) below', () => {
      // Mid-July the path expects about 540 hours.
      const atRisk = profiled([realisation(450, '2025-07-01T00:00:00.000Z')]);
      expect(fired(atRisk, '2025-07-16T00:00:00Z')).toEqual(['benefit.atRisk:warning:b1']);
      const offTrack = profiled([realisation(200, '2025-07-01T00:00:00.000Z')]);
      expect(fired(offTrack, '2025-07-16T00:00:00Z')).toEqual(['benefit.atRisk:critical:b1']);
    });

    it('stays quiet on track, before anything is recorded, and once the target is met', () => {
      expect(fired(profiled([realisation(530, '2025-07-01T00:00:00.000Z')]), '2025-07-16T00:00:00Z')).toEqual([]);
      expect(fired(profiled([]), '2025-02-01T00:00:00Z')).toEqual([]);
      expect(fired(profiled([realisation(1000, '2025-07-01T00:00:00.000Z')]), '2025-07-16T00:00:00Z')).toEqual([]);
    });

    it('names the benefit, its target and who answers for it', () => {
      const [condition] = profiledBenefitConditions(
        profiled([realisation(200, '2025-07-01T00:00:00.000Z')]),
        ctx('2025-07-16T00:00:00Z'),
      );
      expect(condition).toMatchObject({ rule: 'benefit.atRisk', dueAt: '2025-12-31T00:00:00.000Z' });
      expect(condition!.message).toContain('1000 hours');
      expect(condition!.message).toContain('Head of school services');
    });
  });

  describe('benefit.measurementDue', () => {
    it('fires one plan period after the baseline when nothing is measured, dated then', () => {
      const v = profiled([]);
      expect(fired(v, '2025-03-31T00:00:00Z')).toEqual([]);
      const conditions = profiledBenefitConditions(v, ctx('2025-04-02T00:00:00Z'));
      expect(conditions).toEqual([
        expect.objectContaining({
          rule: 'benefit.measurementDue',
          severity: 'warning',
          dueAt: '2025-04-01T00:00:00.000Z',
        }),
      ]);
      expect(conditions[0]!.message).toContain('quarterly, register from Time registration');
    });

    it('moves on one period after the latest realisation', () => {
      const v = profiled([realisation(500, '2025-04-01T00:00:00.000Z')]);
      expect(fired(v, '2025-06-30T00:00:00Z')).toEqual([]);
      expect(profiledBenefitConditions(v, ctx('2025-07-02T00:00:00Z'))).toEqual([
        expect.objectContaining({ rule: 'benefit.measurementDue', dueAt: '2025-07-01T00:00:00.000Z' }),
      ]);
    });

    it('with a plan of `once`, is due at the target date until something is recorded', () => {
      const once = { measurementPlan: { frequency: 'once', method: 'survey', source: 'Survey' } } as const;
      expect(profiledBenefitConditions(profiled([], once), ctx('2025-12-01T00:00:00Z'))).toEqual([]);
      const measured = profiled([realisation(990, '2025-11-01T00:00:00.000Z')], once);
      expect(fired(measured, '2025-12-30T00:00:00Z')).toEqual([]);
    });
  });

  describe('benefit.notRealised', () => {
    it('is critical after the target date without the target met, and replaces the other benefit rules', () => {
      const v = profiled([realisation(400, '2025-06-01T00:00:00.000Z')]);
      expect(fired(v, '2026-01-02T00:00:00Z')).toEqual(['benefit.notRealised:critical:b1']);
      const [condition] = profiledBenefitConditions(v, ctx('2026-01-02T00:00:00Z'));
      expect(condition).toMatchObject({ dueAt: '2025-12-31T00:00:00.000Z', subjectTitle: 'Benefit b1' });
      expect(condition!.message).toContain('did not');
    });

    it('does not fire once the target is met, also after the target date', () => {
      const v = profiled([realisation(600, '2025-06-01T00:00:00.000Z'), realisation(400, '2025-11-01T00:00:00.000Z')]);
      expect(fired(v, '2026-01-02T00:00:00Z')).toEqual([]);
    });

    it('leaves benefits without a profile to benefit.realisationOverdue', () => {
      const plain = view('p1', { benefits: [benefit('b1', '2025-06-01T00:00:00.000Z')] });
      expect(profiledBenefitConditions(plain, ctx('2026-01-02T00:00:00Z'))).toEqual([]);
    });
  });

  describe('risk.high', () => {
    it('warns from score 15 and is critical from 20, for open risks only', () => {
      const v = view('p1', {
        risks: [
          risk('low', 2, 5),
          risk('high', 3, 5),
          risk('critical', 4, 5),
          risk('closed', 5, 5, { status: 'closed', closed: { reason: 'Budget adopted', at: '2025-02-01T00:00:00Z' } }),
        ],
      });
      expect(fired(v, '2025-03-01T00:00:00Z')).toEqual(['risk.high:critical:critical', 'risk.high:warning:high']);
    });

    it('names the risk, its score, owner and mitigation', () => {
      const [condition] = riskConditions(view('p1', { risks: [risk('r1', 4, 4)] }));
      expect(condition).toMatchObject({ rule: 'risk.high', subjectTitle: 'Risk r1', dueAt: null, variant: null });
      expect(condition!.message).toContain('scores 16');
      expect(condition!.message).toContain('County director');
      expect(condition!.message).toContain('Brief the committee');
    });

    it('resolves when a reassessment lowers the score, and raises nothing for a closed initiative', () => {
      expect(fired(view('p1', { risks: [risk('r1', 2, 4)] }), '2025-03-01T00:00:00Z')).toEqual([]);
      expect(riskConditions(view('p1', { status: 'closed', risks: [risk('r1', 5, 5)] }))).toEqual([]);
    });
  });
});
