import { summariseEconomy, type EconomySummary } from './economy-rollup';
import {
  dueBy,
  isBenefitRealised,
  BENEFIT_KINDS,
  CLOSURE_OUTCOMES,
  RESULT_LEVELS,
  type ClosureOutcome,
  type ResultLevel,
  INITIATIVE_KINDS,
  INITIATIVE_STATUSES,
  type BenefitKind,
  type InitiativeKind,
  type InitiativeStatus,
} from '@followup/domain';
import {
  DEFAULT_THRESHOLDS,
  presentInitiative,
  worstRag,
  type IndicatorStatus,
  type InitiativeStatusDocument,
  type Rag,
  type StatusThresholds,
} from '../initiative/initiative-status';
import type { InitiativeView } from '../initiative/initiative-view';
import type { RagReason } from '../initiative/rag-reasons';
import { shareOf, type Verifiability } from '../initiative/status-rules';
import {
  aggregateIndicators,
  type AggregationInput,
  type IndicatorAggregate,
  type NotAggregated,
} from './indicator-aggregation';

/** Milestones due within this many days from now count as "due soon". */
export const DUE_SOON_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const INDICATOR_STATUSES: readonly IndicatorStatus[] = ['onTrack', 'atRisk', 'offTrack', 'stale', 'unknown'];
const RAGS: readonly Rag[] = ['green', 'amber', 'red', 'unknown'];

export interface MilestoneRef {
  initiativeId: string;
  initiativeTitle: string;
  milestoneId: string;
  title: string;
  dueAt: string;
}

export interface BenefitCounts {
  /** Registered benefits (the plan). */
  planned: number;
  /** Meeting its target (without a target: with at least one realisation recorded). */
  realised: number;
  /** `realisationDue` has passed and nothing is recorded. */
  overdue: number;
}

/** Counts over a set of initiatives: a subtree (rollup) or the whole portfolio (totals). */
export interface SubtreeSummary {
  initiatives: number;
  /** The worst own RAG of any initiative counted (unknown only when none is known). */
  subtreeRag: Rag;
  byStatus: Record<InitiativeStatus, number>;
  /** Each open initiative counted once, by its own RAG as `GET /initiatives/{id}` shows it; closed ones are not. */
  byRag: Record<Rag, number>;
  /** Closed initiatives by outcome. */
  byOutcome: Record<ClosureOutcome, number>;
  /** Goals per result level, and how many of those that must be verifiable are. */
  verifiability: Verifiability & { byResultLevel: Record<ResultLevel, number> };
  byKind: Record<InitiativeKind, number>;
  milestones: {
    /** Planned and past due, most overdue first. */
    overdue: MilestoneRef[];
    /** Planned, not overdue, due within DUE_SOON_DAYS, soonest first. */
    dueIn30Days: MilestoneRef[];
    planned: number;
    achieved: number;
    missed: number;
    cancelled: number;
  };
  indicators: { total: number; byStatus: Record<IndicatorStatus, number> };
  benefits: BenefitCounts & { byKind: Record<BenefitKind, BenefitCounts> };
  aggregates: IndicatorAggregate[];
  notAggregated: NotAggregated[];
  /** Planned and realised value of profiled benefits per unit. */
  benefitValues: EconomySummary['benefitValues'];
  funding: EconomySummary['funding'];
  /** The highest-scoring open risks of the set. */
  topRisks: EconomySummary['topRisks'];
}

export interface RollupRoot {
  id: string;
  kind: InitiativeKind;
  title: string;
  status: InitiativeStatus;
  /** The root's own RAG (its indicators and milestones only), as `GET /initiatives/{id}`; null once closed. */
  rag: Rag | null;
  /** The worst RAG over the root and all its open descendants. */
  subtreeRag: Rag;
  /** The open descendant with the worst RAG, which `subtreeRag` comes from when it is worse than the root's own. */
  worstChild: { id: string; title: string; rag: Rag } | null;
  /** The root's own reasons, and one `childRed` per red descendant. */
  ragReasons: RagReason[];
}

export type Rollup = { computedAt: string; root: RollupRoot } & Omit<SubtreeSummary, 'subtreeRag'>;

export interface Portfolio {
  computedAt: string;
  focusAreas: Rollup[];
  totals: SubtreeSummary & { focusAreas: number };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const ms = (iso: string) => Date.parse(iso);

/** Summarises initiatives already presented with `presentInitiative` (so their RAG and statuses share one clock). */
export function summarise(presented: readonly InitiativeStatusDocument[], now: Date): SubtreeSummary {
  const byStatus = zeros(INITIATIVE_STATUSES);
  const byRag = zeros(RAGS);
  const byOutcome = zeros(CLOSURE_OUTCOMES);
  const byKind = zeros(INITIATIVE_KINDS);
  const indicators = new IndicatorTally();
  const milestones = new MilestoneTally(now);
  const benefits = new BenefitTally(now);
  for (const initiative of presented) {
    byStatus[initiative.status]++;
    if (initiative.rag !== null) byRag[initiative.rag]++;
    if (initiative.outcome !== null) byOutcome[initiative.outcome]++;
    byKind[initiative.kind]++;
    indicators.add(initiative);
    milestones.add(initiative);
    benefits.add(initiative);
  }
  return {
    initiatives: presented.length,
    subtreeRag: worstRag(openRags(presented)),
    byStatus,
    byRag,
    byOutcome,
    verifiability: verifiabilitySummary(presented),
    byKind,
    milestones: milestones.summary(),
    indicators: { total: indicators.total, byStatus: indicators.byStatus },
    benefits: benefits.summary(),
    ...aggregateIndicators(indicators.inputs, now),
    ...summariseEconomy(presented),
  };
}

const openRags = (presented: readonly InitiativeStatusDocument[]): Rag[] =>
  presented.flatMap((p) => (p.rag === null ? [] : [p.rag]));

function verifiabilitySummary(presented: readonly InitiativeStatusDocument[]): SubtreeSummary['verifiability'] {
  const byResultLevel = zeros(RESULT_LEVELS);
  let goals = 0;
  let verifiable = 0;
  for (const initiative of presented) {
    for (const goal of initiative.goals) byResultLevel[goal.resultLevel]++;
    goals += initiative.verifiability.goals;
    verifiable += initiative.verifiability.verifiable;
  }
  return { goals, verifiable, share: shareOf(verifiable, goals), byResultLevel };
}

/** The open descendant with the worst RAG (the first by id among equals). */
function worstChildOf(descendants: readonly InitiativeStatusDocument[]): RollupRoot['worstChild'] {
  const open = descendants.filter((d) => d.rag !== null).sort((a, b) => a.id.localeCompare(b.id));
  const worst = worstRag(openRags(open));
  const child = open.find((d) => d.rag === worst);
  return child ? { id: child.id, title: child.title, rag: worst } : null;
}

function childRedReasons(descendants: readonly InitiativeStatusDocument[]): RagReason[] {
  return descendants
    .filter((d) => d.rag === 'red')
    .map((d) => ({
      kind: 'childRed' as const,
      subjectId: d.id,
      title: d.title,
      detail: `${d.kind} is red: ${d.ragReasons.map((r) => `${r.title} (${r.detail})`).join('; ')}`,
    }));
}

class IndicatorTally {
  total = 0;
  readonly byStatus = zeros(INDICATOR_STATUSES);
  readonly inputs: AggregationInput[] = [];

  add(initiative: InitiativeStatusDocument): void {
    for (const goal of initiative.goals) {
      for (const indicator of goal.indicators) {
        this.total++;
        this.byStatus[indicator.status]++;
        this.inputs.push({
          initiativeId: initiative.id,
          initiativeTitle: initiative.title,
          indicator,
          status: indicator.status,
        });
      }
    }
  }
}

class MilestoneTally {
  private readonly counts = { planned: 0, achieved: 0, missed: 0, cancelled: 0 };
  private readonly overdue: MilestoneRef[] = [];
  private readonly dueSoon: MilestoneRef[] = [];
  private readonly soonLimit: number;

  constructor(now: Date) {
    this.soonLimit = now.getTime() + DUE_SOON_DAYS * DAY_MS;
  }

  add(initiative: InitiativeStatusDocument): void {
    for (const milestone of initiative.milestones) {
      this.counts[milestone.status]++;
      // A closed initiative's open milestones ended with it: neither overdue nor coming due.
      if (milestone.status !== 'planned' || initiative.status === 'closed') continue;
      const ref: MilestoneRef = {
        initiativeId: initiative.id,
        initiativeTitle: initiative.title,
        milestoneId: milestone.id,
        title: milestone.title,
        dueAt: milestone.dueAt,
      };
      if (milestone.overdue) this.overdue.push(ref);
      else if (dueBy(milestone.dueAt) <= this.soonLimit) this.dueSoon.push(ref);
    }
  }

  summary(): SubtreeSummary['milestones'] {
    const byDue = (a: MilestoneRef, b: MilestoneRef) =>
      ms(a.dueAt) - ms(b.dueAt) || a.milestoneId.localeCompare(b.milestoneId);
    return { overdue: this.overdue.sort(byDue), dueIn30Days: this.dueSoon.sort(byDue), ...this.counts };
  }
}

const judged = (benefit: InitiativeStatusDocument['benefits'][number]) => ({
  baseline: typeof benefit.baseline === 'number' ? benefit.baseline : null,
  target: typeof benefit.target === 'number' ? benefit.target : null,
  profile: benefit.profile ?? null,
  realisations: benefit.realisations,
});

class BenefitTally {
  private readonly byKind = Object.fromEntries(
    BENEFIT_KINDS.map((k) => [k, { planned: 0, realised: 0, overdue: 0 }]),
  ) as Record<BenefitKind, BenefitCounts>;

  constructor(private readonly now: Date) {}

  add(initiative: InitiativeStatusDocument): void {
    for (const benefit of initiative.benefits) {
      const counts = this.byKind[benefit.kind];
      counts.planned++;
      if (isBenefitRealised(judged(benefit))) counts.realised++;
      else if (dueBy(benefit.realisationDue) < this.now.getTime()) counts.overdue++;
    }
  }

  summary(): SubtreeSummary['benefits'] {
    const totals = Object.values(this.byKind).reduce(
      (total, c) => ({
        planned: total.planned + c.planned,
        realised: total.realised + c.realised,
        overdue: total.overdue + c.overdue,
      }),
      { planned: 0, realised: 0, overdue: 0 },
    );
    return { ...totals, byKind: this.byKind };
  }
}

function rollupOfPresented(presented: readonly InitiativeStatusDocument[], now: Date): Rollup {
  const root = presented[0];
  if (!root) throw new Error('a rollup needs its root initiative');
  const { subtreeRag, ...summary } = summarise(presented, now);
  const descendants = presented.slice(1);
  return {
    computedAt: now.toISOString(),
    root: {
      ...{ id: root.id, kind: root.kind, title: root.title, status: root.status, rag: root.rag, subtreeRag },
      worstChild: worstChildOf(descendants),
      ragReasons: [...root.ragReasons, ...childRedReasons(descendants)],
    },
    ...summary,
  };
}

/**
 * The subtree of `subtree[0]` aggregated: `subtree` is the root followed by all its
 * descendants (any order), as `collectSubtree` loads them.
 */
export function rollupSubtree(
  subtree: readonly InitiativeView[],
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): Rollup {
  return rollupOfPresented(
    subtree.map((view) => presentInitiative(view, now, thresholds)),
    now,
  );
}

/** A rollup per focus area (each given as its subtree, root first) and the same counts over all of them. */
export function portfolioOf(
  focusAreaSubtrees: readonly (readonly InitiativeView[])[],
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): Portfolio {
  const presented = focusAreaSubtrees.map((subtree) => subtree.map((view) => presentInitiative(view, now, thresholds)));
  return {
    computedAt: now.toISOString(),
    focusAreas: presented.map((subtree) => rollupOfPresented(subtree, now)),
    totals: { focusAreas: presented.length, ...summarise(presented.flat(), now) },
  };
}
