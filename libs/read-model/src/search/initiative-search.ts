import type { InitiativeView } from '../initiative/initiative-view';
import type { InitiativeFilter } from '../read-model-store.port';

/** The filters of `GET /initiatives` beyond kind, parent and status, which every store answers from the view. */
export type InitiativeSearch = Pick<InitiativeFilter, 'targetGroup' | 'ownerUnit' | 'responsible' | 'partner' | 'q'>;

/** The search part of `filter`, or null when it has none (the store then needs no document scan). */
export function searchOf(filter: InitiativeFilter): InitiativeSearch | null {
  const { targetGroup, ownerUnit, responsible, partner, q } = filter;
  const search = Object.fromEntries(
    Object.entries({ targetGroup, ownerUnit, responsible, partner, q }).filter(([, v]) => v !== undefined && v !== ''),
  ) as InitiativeSearch;
  return Object.keys(search).length > 0 ? search : null;
}

/** The words of a free-text query: separated by blanks, compared case-insensitively. */
export const wordsOf = (q: string): string[] =>
  q
    .toLocaleLowerCase('nn')
    .split(/\s+/)
    .filter((word) => word.length > 0);

/**
 * Whether a view matches: unit, responsible, partner and target group exactly; every word of `q` somewhere
 * in the title or description, case-insensitively.
 */
export function matchesSearch(view: InitiativeView, search: InitiativeSearch): boolean {
  if (search.ownerUnit !== undefined && view.ownerUnit !== search.ownerUnit) return false;
  if (search.responsible !== undefined && view.responsible !== search.responsible) return false;
  if (search.partner !== undefined && !view.partners.includes(search.partner)) return false;
  if (search.targetGroup !== undefined && !(view.targetGroups ?? []).includes(search.targetGroup)) return false;
  if (search.q !== undefined) {
    const text = `${view.title}\n${view.description ?? ''}`.toLocaleLowerCase('nn');
    if (!wordsOf(search.q).every((word) => text.includes(word))) return false;
  }
  return true;
}
