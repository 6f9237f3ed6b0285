/**
 * The shared vocabulary: every controlled term of the model with its Nynorsk and English label and a
 * one-line definition, so that forms, reports and integrations name things the same way. Pure data.
 */
import {
  AGGREGATIONS,
  CLOSURE_OUTCOMES,
  DECISION_KINDS,
  INDICATOR_DIRECTIONS,
  INITIATIVE_KINDS,
  MILESTONE_STATUSES,
  RESULT_LEVELS,
} from '../initiative/initiative.types';
import { SCORECARD_MEASURES, SCORECARD_MEASURE_TERMS } from './scorecard-measures';

export interface VocabularyTerm {
  readonly code: string;
  readonly nn: string;
  readonly en: string;
  readonly definition: string;
}

export type VocabularyList = readonly VocabularyTerm[];

const term = (code: string, nn: string, en: string, definition: string): VocabularyTerm => ({
  code,
  nn,
  en,
  definition,
});

export const RESULT_LEVEL_TERMS: VocabularyList = [
  term('input', 'innsatsfaktorar', 'inputs', 'Resources put in: money, people, time and equipment.'),
  term('activity', 'aktivitetar', 'activities', 'What is done with the inputs.'),
  term('output', 'produkt/teneste', 'outputs', 'The products and services the activities deliver.'),
  term('userEffect', 'brukareffekt', 'user effect', 'The change for those who use the products and services.'),
  term('societalEffect', 'samfunnseffekt', 'societal effect', 'The lasting change for society the effort aims at.'),
];

export const INITIATIVE_KIND_TERMS: VocabularyList = [
  term('focusArea', 'satsingsområde', 'focus area', 'A political priority of the regional plan, at the top.'),
  term('programme', 'program', 'programme', 'A group of projects and measures towards shared goals.'),
  term('agreedDelivery', 'avtalt arbeid', 'agreed delivery', 'Work agreed with partners under a focus area.'),
  term('project', 'prosjekt', 'project', 'A time-limited effort with its own goals and milestones.'),
  term('measure', 'tiltak', 'measure', 'A concrete action, smaller than a project.'),
];

export const DECISION_KIND_TERMS: VocabularyList = [
  term('continue', 'hald fram', 'continue', 'Go on as planned.'),
  term('adjust', 'juster', 'adjust', 'Go on with changes to goals, targets or plan.'),
  term('pause', 'set på pause', 'pause', 'Stop the work for now; it can be resumed.'),
  term('resume', 'ta opp att', 'resume', 'Take up paused work again.'),
  term('stop', 'avslutt', 'stop', 'End the work before it is completed.'),
  term('escalate', 'løft', 'escalate', 'Send the matter to a higher decision level.'),
];

export const INDICATOR_DIRECTION_TERMS: VocabularyList = [
  term('increase', 'auke', 'increase', 'Higher values are better.'),
  term('decrease', 'minke', 'decrease', 'Lower values are better.'),
  term('maintain', 'halde', 'maintain', 'The value should stay at its target.'),
];

export const AGGREGATION_TERMS: VocabularyList = [
  term('sum', 'sum', 'sum', 'Values of the same indicator add up across initiatives.'),
  term('mean', 'gjennomsnitt', 'mean', 'Values are averaged across initiatives.'),
  term('none', 'ingen', 'none', 'Values are not combined across initiatives.'),
];

export const CLOSURE_OUTCOME_TERMS: VocabularyList = [
  term('completed', 'fullført', 'completed', 'The work was carried out as planned.'),
  term('cancelled', 'avbroten', 'cancelled', 'The work was stopped before completion.'),
];

export const MILESTONE_STATUS_TERMS: VocabularyList = [
  term('planned', 'planlagd', 'planned', 'Not reached yet; due at its date.'),
  term('achieved', 'nådd', 'achieved', 'Reached, with an evaluation.'),
  term('missed', 'ikkje nådd', 'missed', 'Not reached by its date, with a reason.'),
  term('cancelled', 'avlyst', 'cancelled', 'No longer to be reached, with a reason.'),
];

/** The default target groups (målgrupper); a deployment may add more through its vocabulary file. */
export const DEFAULT_TARGET_GROUP_TERMS: VocabularyList = [
  term('ungdom', 'ungdom', 'young people', 'People from about 13 to 25 years.'),
  term('innbyggjarar', 'innbyggjarar', 'residents', 'Everyone who lives in the county.'),
  term('næringsliv', 'næringsliv', 'business', 'Companies and other business actors.'),
  term('kommunar', 'kommunar', 'municipalities', 'The municipalities of the county.'),
  term('frivillig sektor', 'frivillig sektor', 'voluntary sector', 'Associations, clubs and other non-profits.'),
  term('utdanning', 'utdanning', 'education', 'Schools, colleges and universities, their pupils and students.'),
];

export interface Vocabulary {
  readonly resultLevels: VocabularyList;
  readonly initiativeKinds: VocabularyList;
  readonly decisionKinds: VocabularyList;
  readonly indicatorDirections: VocabularyList;
  readonly aggregations: VocabularyList;
  readonly closureOutcomes: VocabularyList;
  readonly milestoneStatuses: VocabularyList;
  readonly targetGroups: VocabularyList;
  readonly scorecardMeasures: VocabularyList;
}

/** The vocabulary with the default target groups, then `extraTargetGroups` (a code given twice keeps the first). */
export function vocabularyWith(extraTargetGroups: VocabularyList = []): Vocabulary {
  const targetGroups = [...DEFAULT_TARGET_GROUP_TERMS];
  for (const extra of extraTargetGroups) {
    if (!targetGroups.some((t) => t.code === extra.code)) targetGroups.push(extra);
  }
  return {
    resultLevels: RESULT_LEVEL_TERMS,
    initiativeKinds: INITIATIVE_KIND_TERMS,
    decisionKinds: DECISION_KIND_TERMS,
    indicatorDirections: INDICATOR_DIRECTION_TERMS,
    aggregations: AGGREGATION_TERMS,
    closureOutcomes: CLOSURE_OUTCOME_TERMS,
    milestoneStatuses: MILESTONE_STATUS_TERMS,
    targetGroups,
    scorecardMeasures: SCORECARD_MEASURE_TERMS,
  };
}

/** Every code list of the domain has a term for each of its codes (checked by the vocabulary's spec). */
export const CODE_LISTS: Readonly<Record<Exclude<keyof Vocabulary, 'targetGroups'>, readonly string[]>> = {
  resultLevels: RESULT_LEVELS,
  initiativeKinds: INITIATIVE_KINDS,
  decisionKinds: DECISION_KINDS,
  indicatorDirections: INDICATOR_DIRECTIONS,
  aggregations: AGGREGATIONS,
  closureOutcomes: CLOSURE_OUTCOMES,
  milestoneStatuses: MILESTONE_STATUSES,
  scorecardMeasures: SCORECARD_MEASURES,
};

/** The target groups among `given` that the vocabulary does not know. */
export function unknownTargetGroups(vocabulary: Vocabulary, given: readonly string[]): string[] {
  return given.filter((code) => !vocabulary.targetGroups.some((t) => t.code === code));
}
