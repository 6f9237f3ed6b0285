import type { ContributionTargetSnapshot, GoalRef, InitiativeState } from '@followup/domain';

/** Folds one initiative's stream; the handler's own fold, passed in so this stays free of the event store. */
export type LoadInitiative = (initiativeId: string) => Promise<InitiativeState>;

const owns = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/**
 * What the decider needs to judge a contribution link: whether the target goal exists, the target
 * initiative's ancestors (a goal may not contribute to a descendant) and every goal the target goal
 * already contributes to (a link back would close a cycle). null when the target initiative does not exist.
 */
export async function contributionTarget(
  load: LoadInitiative,
  toInitiativeId: string,
  toGoalId: string,
): Promise<ContributionTargetSnapshot | null> {
  const cache = new Map<string, InitiativeState>();
  const loadOnce = async (id: string) => {
    const known = cache.get(id);
    if (known) return known;
    const state = await load(id);
    cache.set(id, state);
    return state;
  };
  const target = await loadOnce(toInitiativeId);
  if (target.status === 'absent') return null;
  return {
    initiativeId: toInitiativeId,
    goalExists: owns(target.goals, toGoalId),
    ancestorIds: await ancestorsOf(loadOnce, target),
    reachableGoals: await reachableFrom(loadOnce, { initiativeId: toInitiativeId, goalId: toGoalId }),
  };
}

async function ancestorsOf(load: LoadInitiative, state: InitiativeState): Promise<string[]> {
  const ancestors: string[] = [];
  let parentId = state.parentId;
  // A damaged hierarchy must not loop: an id met twice ends the walk.
  while (parentId && !ancestors.includes(parentId)) {
    ancestors.push(parentId);
    parentId = (await load(parentId)).parentId;
  }
  return ancestors;
}

async function reachableFrom(load: LoadInitiative, start: GoalRef): Promise<GoalRef[]> {
  const reached: GoalRef[] = [];
  const seen = new Set<string>([JSON.stringify([start.initiativeId, start.goalId])]);
  const queue: GoalRef[] = [start];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const links = (await load(next.initiativeId)).contributions ?? {};
    const outgoing = owns(links, next.goalId) ? Object.values(links[next.goalId]!) : [];
    for (const ref of outgoing) {
      const key = JSON.stringify([ref.initiativeId, ref.goalId]);
      if (seen.has(key)) continue;
      seen.add(key);
      reached.push(ref);
      queue.push(ref);
    }
  }
  return reached;
}
