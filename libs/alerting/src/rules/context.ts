import { DEFAULT_THRESHOLDS, type InitiativeView, type StatusThresholds } from '@followup/read-model';

export interface RuleOptions {
  /** Days before the due date at which a "due soon" alert fires, e.g. [14, 3]. */
  readonly dueSoonDays: readonly number[];
  /** How long after its achievement date a milestone's "achieved" notice stays open. */
  readonly achievedNoticeMs: number;
  readonly thresholds: StatusThresholds;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = {
  dueSoonDays: [14, 3],
  achievedNoticeMs: 7 * 24 * 60 * 60 * 1000,
  thresholds: DEFAULT_THRESHOLDS,
};

/** One initiative with its ancestors (root first): what the rules need to evaluate it. */
export interface InitiativeInScope {
  readonly view: InitiativeView;
  readonly ancestors: readonly InitiativeView[];
}

export interface RuleContext {
  readonly now: Date;
  readonly options: RuleOptions;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const day = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
export const ms = (iso: string): number => Date.parse(iso);
