import type { InitiativeView } from '@followup/read-model';
import { isMilestoneRule, type FiringCondition } from '../model';
import { benefitConditions } from './benefit-rules';
import { profiledBenefitConditions, riskConditions } from './economy-rules';
import { DEFAULT_RULE_OPTIONS, type InitiativeInScope, type RuleContext, type RuleOptions } from './context';
import { escalationConditions, followUpConditions, stopConditions } from './follow-up-rules';
import { goalConditions } from './goal-rules';
import { conditionKey } from './identity';
import { indicatorConditions } from './indicator-rules';
import { milestoneConditions, type RawCondition } from './milestone-rules';

const RULES: ReadonlyArray<(view: InitiativeView, ctx: RuleContext) => RawCondition[]> = [
  milestoneConditions,
  indicatorConditions,
  benefitConditions,
  followUpConditions,
  goalConditions,
  escalationConditions,
  stopConditions,
  profiledBenefitConditions,
  riskConditions,
];

/** The nearest paused initiative among the initiative itself and its ancestors: a pause silences its subtree. */
export function silencingInitiative({ view, ancestors }: InitiativeInScope): InitiativeView | null {
  const chain = [...ancestors, view];
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i]!.status === 'paused') return chain[i]!;
  return null;
}

/** Every condition that holds for one initiative at `now`. Pure: same input, same output. */
export function evaluateInitiative(
  scope: InitiativeInScope,
  now: Date,
  options: RuleOptions = DEFAULT_RULE_OPTIONS,
): FiringCondition[] {
  const { view, ancestors } = scope;
  const ctx: RuleContext = { now, options };
  const path = [...ancestors.map((a) => a.id), view.id];
  const silencer = silencingInitiative(scope);
  return RULES.flatMap((rule) => rule(view, ctx)).map((raw) => ({
    key: conditionKey(raw.rule, view.id, raw.subjectId, raw.dueAt, raw.variant),
    rule: raw.rule,
    severity: raw.severity,
    initiativeId: view.id,
    initiativeTitle: view.title,
    path,
    subjectId: raw.subjectId,
    subjectTitle: raw.subjectTitle,
    dueAt: raw.dueAt,
    message: raw.message,
    silencedBy: silencer && isMilestoneRule(raw.rule) ? silencer.id : null,
    basisVersion: view.version,
  }));
}

/**
 * Attaches each view's ancestors (root first) from `known` (views by id); missing ancestors
 * end the chain.
 */
export function inScope(
  views: Iterable<InitiativeView>,
  known: ReadonlyMap<string, InitiativeView>,
): InitiativeInScope[] {
  const result: InitiativeInScope[] = [];
  for (const view of views) {
    const ancestors: InitiativeView[] = [];
    const seen = new Set([view.id]);
    let parentId = view.parentId;
    while (parentId && !seen.has(parentId)) {
      const parent = known.get(parentId);
      if (!parent) break;
      ancestors.unshift(parent);
      seen.add(parentId);
      parentId = parent.parentId;
    }
    result.push({ view, ancestors });
  }
  return result;
}

/** Every condition over a whole set of views (the clock-driven pass). */
export function evaluateAll(
  views: readonly InitiativeView[],
  now: Date,
  options: RuleOptions = DEFAULT_RULE_OPTIONS,
): FiringCondition[] {
  const known = new Map(views.map((v) => [v.id, v]));
  return inScope(views, known).flatMap((scope) => evaluateInitiative(scope, now, options));
}
