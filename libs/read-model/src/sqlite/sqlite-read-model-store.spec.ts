import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readModelStoreContract } from '../testing/read-model-store.contract';
import { initiativeView } from '../testing/initiative-views';
import { copyForChange } from '../initiative/initiative-view.projection';
import type { IndicatorView, InitiativeView, MeasurementView } from '../initiative/initiative-view';
import { SqliteReadModelStore } from './sqlite-read-model-store';

readModelStoreContract('SQLite (in memory)', async () => new SqliteReadModelStore(':memory:'));

function indicator(id: string, measurements: MeasurementView[] | undefined): IndicatorView {
  return {
    id,
    goalId: 'g-1',
    name: `Indicator ${id}`,
    unit: 'percent',
    direction: 'increase',
    aggregation: 'none',
    baseline: { value: 0, at: '2025-01-01T00:00:00.000Z' },
    targets: [{ value: 10, at: '2026-01-01T00:00:00.000Z' }],
    latest: null,
    measurementCount: measurements?.length ?? 0,
    ...(measurements ? { measurements } : {}),
  };
}

const measurement = (value: number): MeasurementView => ({
  id: randomUUID(),
  value,
  at: `2025-02-${String(1 + (value % 27)).padStart(2, '0')}T00:00:00.000Z`,
  source: null,
  note: value % 2 ? 'odd' : null,
});

/** The next version as the projection makes it: a copy sharing the measurement records it does not change. */
function next(view: InitiativeView, change: (indicators: IndicatorView[]) => void): InitiativeView {
  const copy = copyForChange(view);
  change(copy.goals[0]!.indicators);
  return { ...copy, version: view.version + 1 };
}

describe('SQLite read-model store: measurements kept beside the view', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-'));
    file = join(dir, 'read-model.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Saves each view over the one before it, as a projection pass does. */
  async function saveChain(store: SqliteReadModelStore, views: InitiativeView[]): Promise<void> {
    for (const view of views) expect(await store.saveInitiative(view, view.version - 1)).toBe(true);
  }

  function chain(): InitiativeView[] {
    const first = initiativeView({
      goals: [
        {
          id: 'g-1',
          statement: 'More pupils online',
          resultLevel: 'output',
          indicators: [indicator('i-1', []), indicator('i-2', undefined), indicator('i-3', [measurement(1)])],
        },
      ],
    });
    const views = [first];
    const step = (change: (indicators: IndicatorView[]) => void) => views.push(next(views.at(-1)!, change));
    for (let value = 2; value < 40; value++) step(([a]) => a!.measurements!.push(measurement(value)));
    // A correction replaces one record; a withdrawal shortens the list; an indicator goes away.
    step(([a]) => (a!.measurements = a!.measurements!.map((m, i) => (i === 5 ? { ...m, value: 99 } : m))));
    step(([a]) => (a!.measurements = a!.measurements!.filter((_, i) => i !== 2)));
    step((indicators) => indicators.splice(2, 1));
    step(([a]) => a!.measurements!.push(measurement(7)));
    return views;
  }

  it('reads back every measurement, in order, after appends, a correction, a withdrawal and a removed indicator', async () => {
    const views = chain();
    const writer = new SqliteReadModelStore(file);
    const reader = new SqliteReadModelStore(file);
    for (const view of views) {
      await saveChain(writer, [view]);
      // The reader looks for other connections' writes once per turn of the event loop.
      await new Promise(setImmediate);
      expect(await reader.getInitiative(view.id)).toEqual(view);
    }
    const last = views.at(-1)!;
    expect(await reader.getInitiative(last.id)).toEqual(last);
    expect(await reader.listInitiatives({ kind: 'project' }, { limit: 10 })).toEqual([last]);
    expect((await reader.getInitiative(last.id))?.goals[0]?.indicators[0]?.measurements).toHaveLength(38);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('writes every row again when the view it replaces is not the one it remembers', async () => {
    const views = chain();
    const first = new SqliteReadModelStore(file);
    await saveChain(first, views.slice(0, 20));
    // Another process moves the view on; this one's memory of it is stale.
    const other = new SqliteReadModelStore(file);
    await other.getInitiative(views[0]!.id);
    await saveChain(other, views.slice(20, 42));
    expect(await first.saveInitiative(views[42]!, 42)).toBe(true);
    const reader = new SqliteReadModelStore(file);
    expect(await reader.getInitiative(views[0]!.id)).toEqual(views[42]);
    await Promise.all([first.close(), other.close(), reader.close()]);
  });

  it('moves on a view stored with its measurements inline without losing any of them', async () => {
    const legacy = chain()[20]!;
    await new SqliteReadModelStore(file).close();
    const db = new Database(file);
    db.prepare(
      'INSERT INTO initiative_views (id, version, kind, parent_id, status, doc) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(legacy.id, legacy.version, legacy.kind, legacy.parentId, legacy.status, JSON.stringify(legacy));
    db.close();
    const store = new SqliteReadModelStore(file);
    const stored = await store.getInitiative(legacy.id);
    expect(stored).toEqual(legacy);
    // The next version as the projection makes it from what it read: sharing that view's records.
    const moved = next(stored!, ([a]) => a!.measurements!.push(measurement(77)));
    await saveChain(store, [moved]);
    const reader = new SqliteReadModelStore(file);
    expect(await reader.getInitiative(legacy.id)).toEqual(moved);
    expect(moved.goals[0]!.indicators[0]!.measurements).toHaveLength(21);
    await Promise.all([store.close(), reader.close()]);
  });

  it('puts a rebuilt view with its measurements, and clears them with everything else', async () => {
    const last = chain().at(-1)!;
    const store = new SqliteReadModelStore(file);
    await store.putInitiative(last);
    await store.putInitiative({ ...last, version: 1, goals: [] });
    const reader = new SqliteReadModelStore(file);
    expect(await reader.getInitiative(last.id)).toEqual(last);
    await store.clear();
    const afterClear = new SqliteReadModelStore(file);
    await store.putInitiative({ ...last, goals: [{ ...last.goals[0]!, indicators: [indicator('i-1', [])] }] });
    expect((await afterClear.getInitiative(last.id))?.goals[0]?.indicators[0]?.measurements).toEqual([]);
    await Promise.all([store.close(), reader.close(), afterClear.close()]);
  });
});
