import type { ContributionLinks } from './initiative.contributions.types';
import type {
  Aggregation,
  BenefitKind,
  DatedValue,
  IndicatorDirection,
  InitiativeKind,
  InitiativeStatus,
  MilestoneStatus,
  ResultLevel,
} from './initiative.types';
import type { InitiativeDetails, InitiativeRole, RoleHolder } from './initiative.records.events';
import type { IndicatorRole } from './initiative.results-vocabulary';
import type { RiskState } from './initiative.economy.types';

/** What the decider needs to know about one initiative, folded from its events. Plain, JSON-safe data. */
export interface GoalState {
  readonly statement: string;
  readonly resultLevel: ResultLevel;
}

export interface IndicatorState {
  readonly goalId: string;
  readonly name: string;
  readonly unit: string;
  readonly direction: IndicatorDirection;
  readonly baseline: DatedValue;
  /** Sorted by `at`. */
  readonly targets: readonly DatedValue[];
  readonly aggregation: Aggregation;
  readonly role: IndicatorRole;
  /** The measurement with the latest `at`, so closure can be checked against the data. */
  readonly latest: DatedValue | null;
}

export interface MilestoneState {
  readonly title: string;
  readonly status: MilestoneStatus;
  readonly dueAt: string;
  readonly achievedAt: string | null;
  /** Business time the milestone was planned (null for history recorded without one). */
  readonly plannedAt: string | null;
}

export interface BenefitState {
  readonly kind: BenefitKind;
  readonly description: string;
  readonly owner: string;
  readonly realisationDue: string;
  readonly indicatorId: string | null;
  /** Set on a benefit with a profile: its measurement plan goes on after closure. */
  readonly profiled?: true;
  /** Set once the benefit is handed over to the line organisation. */
  readonly handedOverTo?: string;
}

export type InitiativeStateStatus = 'absent' | InitiativeStatus;

export interface InitiativeState {
  readonly status: InitiativeStateStatus;
  /** Also the stream id. `null` while absent. */
  readonly id: string | null;
  readonly kind: InitiativeKind | null;
  readonly parentId: string | null;
  readonly title: string | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly goals: Readonly<Record<string, GoalState>>;
  readonly indicators: Readonly<Record<string, IndicatorState>>;
  readonly milestones: Readonly<Record<string, MilestoneState>>;
  readonly benefits: Readonly<Record<string, BenefitState>>;
  /** Ids already used, so a part cannot be recorded twice under one id. */
  readonly measurementIds: Readonly<Record<string, true>>;
  /** Follow-up decisions and course corrections share one id space (both are `metadata.decisionId`). */
  readonly decisionIds: Readonly<Record<string, true>>;
  readonly realisationIds: Readonly<Record<string, true>>;
  /** The follow-up decision that paused the initiative, while paused. */
  readonly pausedByDecisionId: string | null;
  readonly closedAt: string | null;
  /** Goal id -> the goals of this or other initiatives it contributes to; absent until the first link. */
  readonly contributions?: ContributionLinks;
  /** Open follow-up items: the id of the decision that set followUpBy, and that date. */
  readonly openFollowUps: Readonly<Record<string, string>>;
  /** Recorded values that a correction or withdrawal may change, by measurement or realisation id. */
  readonly measuredValues: Readonly<Record<string, RecordedValueState>>;
  readonly realisedValues: Readonly<Record<string, RecordedValueState>>;
  /** Current details, compared by ChangeInitiativeDetails; null while absent. */
  readonly details: InitiativeDetails | null;
  readonly roles: Readonly<Partial<Record<InitiativeRole, RoleHolder>>>;
  /** Risks by id; absent until the first is identified. */
  readonly risks?: Readonly<Record<string, RiskState>>;
}

export interface RecordedValueState {
  /** The indicator or benefit the value belongs to. */
  readonly ownerId: string;
  readonly value: number;
  readonly withdrawn: boolean;
  /** When the value was measured or realised; absent on values folded before it was kept. */
  readonly at?: string;
}

export function initialState(): InitiativeState {
  return {
    status: 'absent',
    id: null,
    kind: null,
    parentId: null,
    title: null,
    startsAt: null,
    endsAt: null,
    goals: {},
    indicators: {},
    milestones: {},
    benefits: {},
    measurementIds: {},
    decisionIds: {},
    realisationIds: {},
    pausedByDecisionId: null,
    closedAt: null,
    measuredValues: {},
    realisedValues: {},
    details: null,
    roles: {},
    openFollowUps: {},
  };
}

/** Own-property lookup, safe for ids such as `constructor` or `__proto__`. */
export function lookup<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, id) ? record[id] : undefined;
}

export function has(record: Readonly<Record<string, unknown>>, id: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, id);
}

/** Records `withEntry` may change in place, while `evolveOwning` runs (null otherwise). */
let ownedRecords: WeakSet<object> | null = null;

/**
 * Copy of `record` with `id` set to `value`; defines an own property even for `__proto__`.
 * Inside `evolveOwning`, a record its caller owns is changed in place instead of copied.
 */
export function withEntry<T>(record: Readonly<Record<string, T>>, id: string, value: T): Readonly<Record<string, T>> {
  const target: Record<string, T> = ownedRecords?.has(record) ? (record as Record<string, T>) : { ...record };
  // Plain assignment is several times faster; only `__proto__` would set the prototype instead.
  if (id === '__proto__')
    Object.defineProperty(target, id, { value, enumerable: true, writable: true, configurable: true });
  else target[id] = value;
  ownedRecords?.add(target);
  return target;
}

/**
 * Folds `events` onto `state` for a caller that owns `state` and never looks at it again (a cache
 * of folded streams): the records of `owned` are changed in place rather than copied, so adding the
 * ten-thousandth measurement costs what adding the first did. Every state returned may be changed
 * by a later call with the same `owned`; a fold with a fresh `owned` behaves as `events.reduce(evolve)`.
 */
export function evolveOwning<S, E>(
  owned: WeakSet<object>,
  state: S,
  events: readonly E[],
  evolve: (s: S, e: E) => S,
): S {
  ownedRecords = owned;
  try {
    return events.reduce(evolve, state);
  } finally {
    ownedRecords = null;
  }
}
