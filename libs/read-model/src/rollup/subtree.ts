import { ALLOWED_PARENT_KINDS, type InitiativeKind } from '@followup/domain';
import type { InitiativeView } from '../initiative/initiative-view';
import type { InitiativeFilter, ReadModelStore } from '../read-model-store.port';

export const SUBTREE_PAGE_SIZE = 200;

/** Kinds that may have children (focusArea, programme, agreedDelivery); the others are leaves by the domain's rules. */
const PARENT_KINDS: ReadonlySet<InitiativeKind> = new Set(Object.values(ALLOWED_PARENT_KINDS).flat());

/** Every view matching `filter`, paged by id. */
export async function listAllInitiatives(
  store: ReadModelStore,
  filter: InitiativeFilter,
  pageSize = SUBTREE_PAGE_SIZE,
): Promise<InitiativeView[]> {
  const all: InitiativeView[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listInitiatives(filter, { limit: pageSize, ...(afterId ? { afterId } : {}) });
    all.push(...page);
    if (page.length < pageSize) return all;
    afterId = page[page.length - 1]!.id;
  }
}

/**
 * The root followed by all its descendants, breadth first, through the read-model port only
 * (so it works on every adapter). Children are asked for only where the kind may have any, and
 * an id met twice is skipped, so a damaged hierarchy cannot loop.
 */
export async function collectSubtree(
  store: ReadModelStore,
  root: InitiativeView,
  pageSize = SUBTREE_PAGE_SIZE,
): Promise<InitiativeView[]> {
  const subtree: InitiativeView[] = [root];
  const seen = new Set<string>([root.id]);
  for (let next = 0; next < subtree.length; next++) {
    const parent = subtree[next]!;
    if (!PARENT_KINDS.has(parent.kind)) continue;
    for (const child of await listAllInitiatives(store, { parentId: parent.id }, pageSize)) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      subtree.push(child);
    }
  }
  return subtree;
}
