import type { InitiativeView, MeasurementView } from '../initiative/initiative-view';
import { copyForChange } from '../initiative/initiative-view.projection';
import { initiativeView } from '../testing/initiative-views';
import { READ_ADMISSION_EVERY, ViewCache } from './view-cache';

const VIEW_CHARS = 100;

function view(id: string): InitiativeView {
  return { id, version: 1 } as unknown as InitiativeView;
}

/** Reads `ids` in turn as the store does: found in the cache, or brought in and offered to it. */
function readAll(cache: ViewCache, ids: readonly string[]): { found: number; brought: number } {
  let found = 0;
  let brought = 0;
  for (const id of ids) {
    if (cache.get(id)) found++;
    else {
      brought++;
      cache.offer(id, 1, VIEW_CHARS, view(id));
    }
  }
  return { found, brought };
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('ViewCache', () => {
  it('keeps a view a read brings in while there is room, frozen', () => {
    const cache = new ViewCache(4 * VIEW_CHARS);
    const handedOut = cache.offer('a', 1, VIEW_CHARS, view('a'));

    expect(cache.get('a')).toBe(handedOut);
    expect(Object.isFrozen(handedOut)).toBe(true);
  });

  it('finds most views when reads go round more views than fit', () => {
    const cache = new ViewCache(56 * VIEW_CHARS);
    const round = ids('i', 64);
    readAll(cache, round);

    const later = readAll(cache, [...round, ...round, ...round, ...round]);

    // Least recently used eviction alone would find none: each read evicts the view read next.
    expect(later.found / (4 * round.length)).toBeGreaterThan(0.8);
  });

  it('follows a shift in what is read', () => {
    const cache = new ViewCache(8 * VIEW_CHARS);
    readAll(cache, ids('old', 8));
    const now = ids('new', 8);

    for (let i = 0; i < READ_ADMISSION_EVERY * 8; i++) readAll(cache, now);

    expect(readAll(cache, now).found).toBe(8);
  });

  it('always keeps what a save keeps, dropping the least recently used', () => {
    const cache = new ViewCache(2 * VIEW_CHARS);
    cache.set('a', 1, VIEW_CHARS, view('a'));
    cache.set('b', 1, VIEW_CHARS, view('b'));
    cache.get('a');

    cache.set('c', 1, VIEW_CHARS, view('c'));

    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('hands out, frozen but not kept, a view larger than the whole cache', () => {
    const cache = new ViewCache(VIEW_CHARS);
    const handedOut = cache.offer('big', 1, 2 * VIEW_CHARS, view('big'));

    expect(Object.isFrozen(handedOut)).toBe(true);
    expect(cache.get('big')).toBeUndefined();
  });

  it("freezes what a change appended to, or replaced in, a cached view's measurements", () => {
    const cache = new ViewCache(4 * VIEW_CHARS);
    const recorded = (value: number): MeasurementView => ({
      id: `m-${value}`,
      value,
      at: '2025-03-01',
      source: null,
      note: null,
    });
    const first = initiativeView({
      goals: [
        {
          id: 'g-1',
          statement: 'More pupils online',
          resultLevel: 'output',
          indicators: [{ id: 'i-1', measurements: [recorded(1)] } as never],
        },
      ],
    });
    cache.set(first.id, 1, VIEW_CHARS, first);
    const appended = copyForChange(first);
    const list = () => appended.goals[0]!.indicators[0]!.measurements!;
    list().push(recorded(2));
    cache.set(first.id, 2, VIEW_CHARS, appended);
    expect(list().every((m) => Object.isFrozen(m))).toBe(true);
    const corrected = copyForChange(appended);
    corrected.goals[0]!.indicators[0]!.measurements = list().map((m) => (m.value === 1 ? { ...m, value: 10 } : m));
    cache.set(first.id, 3, VIEW_CHARS, corrected);

    expect(corrected.goals[0]!.indicators[0]!.measurements!.every((m) => Object.isFrozen(m))).toBe(true);
  });
});
