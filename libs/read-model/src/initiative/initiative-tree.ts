import type { ReadModelStore } from '../read-model-store.port';
import type { InitiativeView } from './initiative-view';

const PAGE = 200;

/** Every view matching a filter, page by page, without holding more than one page of ids in flight. */
export async function* allInitiatives(
  store: ReadModelStore,
  filter: Parameters<ReadModelStore['listInitiatives']>[0] = {},
): AsyncGenerator<InitiativeView> {
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listInitiatives(filter, { limit: PAGE, ...(afterId ? { afterId } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    afterId = page[page.length - 1]!.id;
  }
}

/** The root and all its descendants, breadth first; null when the root is unknown. */
export async function loadSubtree(store: ReadModelStore, rootId: string): Promise<InitiativeView[] | null> {
  const root = await store.getInitiative(rootId);
  if (!root) return null;
  const subtree = [root];
  for (let next = 0; next < subtree.length; next++) {
    for await (const child of allInitiatives(store, { parentId: subtree[next]!.id })) subtree.push(child);
  }
  return subtree;
}
