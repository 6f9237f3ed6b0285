import { isBenefitRealised, summariseFunding, type FundingSummary, type ReportPeriod } from '@followup/domain';
import type { DecisionLogEntry } from '../audit/decision-log.entry';
import {
  DEFAULT_THRESHOLDS,
  presentInitiative,
  type InitiativeStatusDocument,
  type Rag,
  type StatusThresholds,
} from '../initiative/initiative-status';
import type { IndicatorView, InitiativeView, MeasurementView } from '../initiative/initiative-view';
import type { RagReason } from '../initiative/rag-reasons';
import { rollupSubtree } from '../rollup/rollup';

/** One initiative of the report's subtree: where it stands and why. */
export interface ReportStatusRow {
  initiativeId: string;
  parentId: string | null;
  kind: string;
  title: string;
  status: string;
  rag: Rag | null;
  ragReasons: RagReason[];
}

/** An indicator's actual value at the end of the period against a target that falls in the period. */
export interface ReportIndicatorRow {
  initiativeId: string;
  initiativeTitle: string;
  goalId: string;
  indicatorId: string;
  name: string;
  unit: string;
  direction: string;
  baseline: number;
  targetAt: string;
  target: number;
  /** The latest measurement before the end of the period; null when none. */
  actual: number | null;
  actualAt: string | null;
  /** Whether the actual meets the target; null without an actual. */
  met: boolean | null;
  /** The indicator's status when the report was compiled. */
  status: string;
}

export interface ReportMilestoneRow {
  initiativeId: string;
  initiativeTitle: string;
  milestoneId: string;
  title: string;
  dueAt: string;
  status: string;
  achievedAt: string | null;
  overdue: boolean;
}

export interface ReportDecisionRow {
  initiativeId: string;
  initiativeTitle: string;
  decisionId: string;
  kind: string;
  summary: string;
  caseRef: string | null;
  decidedBy: string;
  occurredAt: string;
  /** Risks the decision answers. */
  risks: string[];
}

export interface ReportBenefitRow {
  initiativeId: string;
  initiativeTitle: string;
  benefitId: string;
  kind: string;
  description: string;
  owner: string;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  realisationDue: string;
  realisedValue: number | null;
  /** As judged when compiled: the profile's status, `realised` without one once met, else null. */
  status: string | null;
  realisationsInPeriod: number;
}

export interface ReportRiskRow {
  initiativeId: string;
  initiativeTitle: string;
  riskId: string;
  title: string;
  category: string;
  likelihood: number;
  impact: number;
  score: number;
  owner: string;
  mitigation: string;
}

/** What a period report freezes: the subtree of its root as it stood when compiled, for the period. */
export interface PeriodReportContent {
  computedAt: string;
  root: { id: string; kind: string; title: string; status: string; rag: Rag | null; subtreeRag: Rag };
  ragReasons: RagReason[];
  initiatives: ReportStatusRow[];
  indicators: ReportIndicatorRow[];
  milestones: ReportMilestoneRow[];
  decisions: ReportDecisionRow[];
  /** Funding lines of the years the period touches. */
  funding: FundingSummary & { years: number[] };
  benefits: ReportBenefitRow[];
  topRisks: ReportRiskRow[];
}

export interface PeriodReportInput {
  /** The root first, then its descendants (as `collectSubtree` loads them). */
  readonly subtree: readonly InitiativeView[];
  /** Decision-log entries of the subtree's streams; those outside the period are left out here. */
  readonly decisions: readonly DecisionLogEntry[];
  readonly period: ReportPeriod;
  readonly now: Date;
  readonly thresholds?: StatusThresholds;
}

const ms = (iso: string) => Date.parse(iso);

/** Whether `iso` falls in [from, to). */
export const inPeriod = (iso: string, period: ReportPeriod): boolean =>
  ms(iso) >= ms(period.from) && ms(iso) < ms(period.to);

export function compilePeriodReport(input: PeriodReportInput): PeriodReportContent {
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const { now, period } = input;
  const rollup = rollupSubtree(input.subtree, now, thresholds);
  const presented = input.subtree.map((view) => presentInitiative(view, now, thresholds));
  const titles = new Map(presented.map((p) => [p.id, p.title]));
  return {
    computedAt: now.toISOString(),
    root: {
      id: rollup.root.id,
      kind: rollup.root.kind,
      title: rollup.root.title,
      status: rollup.root.status,
      rag: rollup.root.rag,
      subtreeRag: rollup.root.subtreeRag,
    },
    ragReasons: rollup.root.ragReasons,
    initiatives: presented.map(statusRow),
    indicators: presented.flatMap((p) => indicatorRows(p, period, thresholds)),
    milestones: presented.flatMap((p) => milestoneRows(p, period)).sort((a, b) => ms(a.dueAt) - ms(b.dueAt)),
    decisions: input.decisions
      .filter((entry) => inPeriod(entry.occurredAt, period))
      .map((entry) => decisionRow(entry, titles))
      .sort((a, b) => ms(a.occurredAt) - ms(b.occurredAt) || a.decisionId.localeCompare(b.decisionId)),
    funding: fundingOfPeriod(presented, period),
    benefits: presented.flatMap((p) => benefitRows(p, period)),
    topRisks: rollup.topRisks.map((risk) => ({
      initiativeId: risk.initiativeId,
      initiativeTitle: risk.initiativeTitle,
      riskId: risk.id,
      title: risk.title,
      category: risk.category,
      likelihood: risk.likelihood,
      impact: risk.impact,
      score: risk.score,
      owner: risk.owner,
      mitigation: risk.mitigation,
    })),
  };
}

function statusRow(p: InitiativeStatusDocument): ReportStatusRow {
  return {
    initiativeId: p.id,
    parentId: p.parentId,
    kind: p.kind,
    title: p.title,
    status: p.status,
    rag: p.rag,
    ragReasons: p.ragReasons,
  };
}

/** The latest measurement before the end of the period. */
function actualBy(indicator: IndicatorView, to: string): MeasurementView | null {
  const measured = indicator.measurements ?? (indicator.latest ? [indicator.latest] : []);
  return measured
    .filter((m) => ms(m.at) < ms(to))
    .reduce<MeasurementView | null>((latest, m) => (latest === null || ms(m.at) >= ms(latest.at) ? m : latest), null);
}

function meets(indicator: IndicatorView, actual: number, target: number, thresholds: StatusThresholds): boolean {
  if (indicator.direction === 'increase') return actual >= target;
  if (indicator.direction === 'decrease') return actual <= target;
  const reference = target === 0 ? 1 : Math.abs(target);
  return Math.abs(actual - target) / reference <= thresholds.maintainOnTrack;
}

function indicatorRows(
  p: InitiativeStatusDocument,
  period: ReportPeriod,
  thresholds: StatusThresholds,
): ReportIndicatorRow[] {
  return p.goals.flatMap((goal) =>
    [...goal.indicators, ...goal.contextIndicators].flatMap((indicator) => {
      const actual = actualBy(indicator, period.to);
      return indicator.targets
        .filter((target) => inPeriod(target.at, period))
        .map((target) => ({
          initiativeId: p.id,
          initiativeTitle: p.title,
          goalId: goal.id,
          indicatorId: indicator.id,
          name: indicator.name,
          unit: indicator.unit,
          direction: indicator.direction,
          baseline: indicator.baseline.value,
          targetAt: target.at,
          target: target.value,
          actual: actual?.value ?? null,
          actualAt: actual?.at ?? null,
          met: actual ? meets(indicator, actual.value, target.value, thresholds) : null,
          status: indicator.status,
        }));
    }),
  );
}

function milestoneRows(p: InitiativeStatusDocument, period: ReportPeriod): ReportMilestoneRow[] {
  return p.milestones
    .filter((m) => inPeriod(m.dueAt, period))
    .map((m) => ({
      initiativeId: p.id,
      initiativeTitle: p.title,
      milestoneId: m.id,
      title: m.title,
      dueAt: m.dueAt,
      status: m.status,
      achievedAt: m.achievedAt,
      overdue: m.overdue,
    }));
}

function decisionRow(entry: DecisionLogEntry, titles: ReadonlyMap<string, string>): ReportDecisionRow {
  return {
    initiativeId: entry.initiativeId,
    initiativeTitle: titles.get(entry.initiativeId) ?? entry.initiativeTitle ?? entry.initiativeId,
    decisionId: entry.decisionId,
    kind: entry.kind,
    summary: entry.summary,
    caseRef: entry.caseRef,
    decidedBy: entry.decidedBy,
    occurredAt: entry.occurredAt,
    risks: entry.risks ?? [],
  };
}

/** The years from the period's first to its last instant. */
function yearsOf(period: ReportPeriod): number[] {
  const first = new Date(ms(period.from)).getUTCFullYear();
  const last = new Date(ms(period.to) - 1).getUTCFullYear();
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function fundingOfPeriod(presented: readonly InitiativeStatusDocument[], period: ReportPeriod) {
  const years = yearsOf(period);
  const lines = presented.flatMap((p) => p.fundingLines).filter((line) => years.includes(line.year));
  return { ...summariseFunding(lines), years };
}

function benefitRows(p: InitiativeStatusDocument, period: ReportPeriod): ReportBenefitRow[] {
  return p.benefits.map((benefit) => {
    const profile = benefit.profile ?? null;
    const judged = {
      baseline: profile ? null : (benefit.baseline as number | null),
      target: profile ? null : (benefit.target as number | null),
      profile,
      realisations: benefit.realisations,
    };
    const status = 'status' in benefit ? benefit.status : isBenefitRealised(judged) ? 'realised' : null;
    return {
      initiativeId: p.id,
      initiativeTitle: p.title,
      benefitId: benefit.id,
      kind: benefit.kind,
      description: benefit.description,
      owner: benefit.owner,
      unit: profile?.unit ?? null,
      baseline: profile ? profile.baseline.value : judged.baseline,
      target: profile ? profile.target.value : judged.target,
      realisationDue: benefit.realisationDue,
      realisedValue: 'realisedValue' in benefit ? benefit.realisedValue : null,
      status,
      realisationsInPeriod: benefit.realisations.filter((r) => inPeriod(r.at, period)).length,
    };
  });
}
