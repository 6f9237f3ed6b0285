import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { collectSubtree, listAllInitiatives } from './subtree';
import { view } from './testing/views';

describe('collectSubtree', () => {
  let store: SqliteReadModelStore;

  beforeEach(async () => {
    store = new SqliteReadModelStore(':memory:');
    // fa -> p1 -> (pr-a .. pr-e), fa -> pr-direct; fb elsewhere.
    const views = [
      view('fa', 'focusArea', null, 'active'),
      view('fb', 'focusArea', null, 'active'),
      view('p1', 'programme', 'fa', 'active'),
      view('pr-direct', 'project', 'fa', 'active'),
      ...['pr-a', 'pr-b', 'pr-c', 'pr-d', 'pr-e'].map((id) => view(id, 'project', 'p1', 'active')),
      view('p2', 'programme', 'fb', 'active'),
    ];
    for (const v of views) await store.putInitiative(v);
  });
  afterEach(() => store.close());

  it('loads every descendant breadth first, paging through the children', async () => {
    const list = jest.spyOn(store, 'listInitiatives');
    const fa = (await store.getInitiative('fa'))!;
    const subtree = await collectSubtree(store, fa, 2);
    expect(subtree.map((v) => v.id)).toEqual(['fa', 'p1', 'pr-direct', 'pr-a', 'pr-b', 'pr-c', 'pr-d', 'pr-e']);
    // fa: pages [p1, pr-direct], [] ; p1: [pr-a, pr-b], [pr-c, pr-d], [pr-e]; projects are leaves and never asked.
    expect(list.mock.calls.map(([filter, page]) => [filter.parentId, page.afterId ?? null, page.limit])).toEqual([
      ['fa', null, 2],
      ['fa', 'pr-direct', 2],
      ['p1', null, 2],
      ['p1', 'pr-b', 2],
      ['p1', 'pr-d', 2],
    ]);
  });

  it('does not loop when a damaged hierarchy points back at an ancestor', async () => {
    await store.putInitiative({ ...view('fa', 'focusArea', 'p1', 'active'), version: 2 });
    const fa = (await store.getInitiative('fa'))!;
    expect((await collectSubtree(store, fa)).map((v) => v.id)).toHaveLength(8);
  });

  it('lists every focus area across pages', async () => {
    expect((await listAllInitiatives(store, { kind: 'focusArea' }, 1)).map((v) => v.id)).toEqual(['fa', 'fb']);
  });
});
