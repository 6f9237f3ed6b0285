import type { ResultLevel } from './initiative.types';

/** Whether unverifiable goals block activation (`strict`) or are only reported (`advisory`). */
export const GOAL_POLICIES = ['strict', 'advisory'] as const;
export type GoalPolicy = (typeof GOAL_POLICIES)[number];
export const DEFAULT_GOAL_POLICY: GoalPolicy = 'strict';

/** How often an indicator is measured; the read side judges a measurement stale by it. */
export const INDICATOR_FREQUENCIES = ['monthly', 'quarterly', 'tertial', 'yearly', 'once'] as const;
export type IndicatorFrequency = (typeof INDICATOR_FREQUENCIES)[number];

export const MEASUREMENT_METHODS = ['register', 'survey', 'statistics', 'report', 'other'] as const;
export type MeasurementMethod = (typeof MEASUREMENT_METHODS)[number];

/** A performance indicator measures the goal; a context indicator describes the surroundings and is not judged. */
export const INDICATOR_ROLES = ['performance', 'context'] as const;
export type IndicatorRole = (typeof INDICATOR_ROLES)[number];

/** Result levels whose goals must be verifiable: what the initiative delivers and the effects it aims at. */
export const VERIFIABLE_RESULT_LEVELS: readonly ResultLevel[] = ['output', 'userEffect', 'societalEffect'];
