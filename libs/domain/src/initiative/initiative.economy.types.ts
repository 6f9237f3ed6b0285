import type { Command, DomainEvent } from '../core/message';

/** Where the money comes from: the county itself, the state, the EU, municipalities, partners or elsewhere. */
export const FUNDING_SOURCES = ['county', 'state', 'eu', 'municipality', 'partner', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** One funding line in whole kroner (NOK): planned (budget) and/or actual (accounts) for one year and source. */
export interface FundingLine {
  readonly fundingId: string;
  readonly year: number;
  readonly source: FundingSource;
  readonly partner: string | null;
  readonly planned: number | null;
  readonly actual: number | null;
  readonly reason: string;
  readonly caseRef: string | null;
}

export type RecordFunding = Command<
  'RecordFunding',
  {
    initiativeId: string;
    fundingId: string;
    year: number;
    source: FundingSource;
    partner?: string;
    planned?: number;
    actual?: number;
    reason: string;
    caseRef?: string;
  }
>;
export type FundingRecorded = DomainEvent<'FundingRecorded', { initiativeId: string } & FundingLine>;

/** The preconditions for results the county follows: political decisions, finances, organisation, knowledge. */
export const RISK_CATEGORIES = [
  'politicalDecision',
  'finances',
  'organisation',
  'knowledge',
  'partner',
  'other',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

/** A score at or above this is high: a RAG reason and an alert. */
export const HIGH_RISK_SCORE = 15;

/** Likelihood times impact, each 1-5, so 1-25. */
export const riskScore = (likelihood: number, impact: number): number => likelihood * impact;

export interface RiskAssessment {
  readonly likelihood: number;
  readonly impact: number;
}

export type IdentifyRisk = Command<
  'IdentifyRisk',
  {
    initiativeId: string;
    riskId: string;
    title: string;
    category: RiskCategory;
    likelihood: number;
    impact: number;
    owner: string;
    mitigation: string;
  }
>;
export type AssessRisk = Command<
  'AssessRisk',
  { initiativeId: string; riskId: string; likelihood: number; impact: number; note: string }
>;
export type CloseRisk = Command<'CloseRisk', { initiativeId: string; riskId: string; reason: string }>;

export type RiskIdentified = DomainEvent<'RiskIdentified', IdentifyRisk['data'] & { score: number }>;
export type RiskAssessed = DomainEvent<
  'RiskAssessed',
  AssessRisk['data'] & { before: RiskAssessment; score: number; assessedAt: string }
>;
export type RiskClosed = DomainEvent<'RiskClosed', CloseRisk['data'] & { closedAt: string }>;

/** What the decider keeps of a risk. */
export interface RiskState extends RiskAssessment {
  readonly open: boolean;
}
