/** Enum values the forms offer (labels come from i18n). The API refuses others at their field. */
export const KINDS = ['focusArea', 'programme', 'agreedDelivery', 'project', 'measure'] as const;
export const RESULT_LEVELS = ['input', 'activity', 'output', 'userEffect', 'societalEffect'] as const;
export const DIRECTIONS = ['increase', 'decrease', 'maintain'] as const;
export const AGGREGATIONS = ['none', 'sum', 'mean'] as const;
export const DECISION_KINDS = ['continue', 'adjust', 'pause', 'resume', 'stop', 'escalate'] as const;
export const CHANGE_TYPES = ['reviseGoal', 'changeTargets', 'rescheduleMilestone', 'planMilestone'] as const;
export const BENEFIT_KINDS = ['benefit', 'disbenefit'] as const;
export const OUTCOMES = ['completed', 'cancelled'] as const;
export const ACHIEVEMENTS = ['full', 'partial', 'none'] as const;
export const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** A form value as one of an enum's values (the server checks it). */
export const oneOf = <V extends readonly string[]>(data: FormData, name: string, _values: V): V[number] =>
  String(data.get(name) ?? '') as V[number];
