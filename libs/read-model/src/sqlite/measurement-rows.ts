import type Database from 'better-sqlite3';
import type { IndicatorView, InitiativeView, MeasurementView } from '../initiative/initiative-view';
import { recordsSharedWith } from '../initiative/record-list-copies';

export const MEASUREMENT_ROWS_SCHEMA = `
CREATE TABLE IF NOT EXISTS indicator_measurements (
  initiative_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (initiative_id, indicator_id, seq)
) WITHOUT ROWID;
`;

/** What a stored document holds in place of an indicator's list: how many rows it has apart. */
type StoredIndicator = Omit<IndicatorView, 'measurements'> & { measurements?: MeasurementView[] | number };

/**
 * An initiative's measurements, one row each beside its view's document. A view holds every
 * measurement of its indicators, so a document with them inside grows with the history and each
 * save of it would write (and serialise) all of them again; apart, a save writes the rows that
 * changed. The document keeps each list's length in its place, so a read puts the rows back.
 */
export class MeasurementRows {
  private readonly statements;
  /**
   * Views whose lists are stored as rows (written or read so): only such a view can be the base a
   * save compares with. A document stored before measurements were kept apart holds its lists
   * inline and has no rows yet.
   */
  private readonly apart = new WeakSet<InitiativeView>();

  constructor(db: Database.Database) {
    this.statements = {
      ofInitiative: db.prepare(
        'SELECT indicator_id, doc FROM indicator_measurements WHERE initiative_id = ? ORDER BY indicator_id, seq',
      ),
      put: db.prepare(
        `INSERT INTO indicator_measurements (initiative_id, indicator_id, seq, doc) VALUES (?, ?, ?, ?)
         ON CONFLICT (initiative_id, indicator_id, seq) DO UPDATE SET doc = excluded.doc`,
      ),
      dropFrom: db.prepare(
        'DELETE FROM indicator_measurements WHERE initiative_id = ? AND indicator_id = ? AND seq >= ?',
      ),
      dropAll: db.prepare('DELETE FROM indicator_measurements WHERE initiative_id = ?'),
    };
  }

  /** The view's document as stored: each indicator's list of measurements replaced by its length. */
  static documentOf(view: InitiativeView): string {
    if (!view.goals.some((goal) => goal.indicators.some((indicator) => indicator.measurements))) {
      return JSON.stringify(view);
    }
    const goals = view.goals.map((goal) => ({
      ...goal,
      indicators: goal.indicators.map((indicator): StoredIndicator =>
        indicator.measurements ? { ...indicator, measurements: indicator.measurements.length } : indicator,
      ),
    }));
    return JSON.stringify({ ...view, goals });
  }

  /**
   * Writes the rows of `view` that differ from those of `before` (the view the stored rows were
   * written for, compared record by record: a new view shares the records it did not change);
   * without `before`, all of them.
   */
  write(view: InitiativeView, before: InitiativeView | null): void {
    const previous = before && this.apart.has(before) ? listsOf(before) : null;
    if (!previous) this.statements.dropAll.run(view.id);
    const current = listsOf(view);
    for (const [indicatorId, measurements] of current) {
      const old = previous?.get(indicatorId) ?? [];
      if (old === measurements) continue;
      // An appended-to copy of the stored list differs only after the records it shares.
      for (let seq = recordsSharedWith(measurements, old); seq < measurements.length; seq++) {
        if (old[seq] !== measurements[seq]) {
          this.statements.put.run(view.id, indicatorId, seq, JSON.stringify(measurements[seq]));
        }
      }
      if (old.length > measurements.length) this.statements.dropFrom.run(view.id, indicatorId, measurements.length);
    }
    for (const indicatorId of previous?.keys() ?? []) {
      if (!current.has(indicatorId)) this.statements.dropFrom.run(view.id, indicatorId, 0);
    }
    this.apart.add(view);
  }

  /** The view a stored document describes, its measurements read back from their rows. */
  read(id: string, doc: string): InitiativeView {
    const view = JSON.parse(doc) as InitiativeView;
    const indicators = view.goals.flatMap((goal) => goal.indicators as StoredIndicator[]);
    if (!indicators.some((indicator) => Array.isArray(indicator.measurements))) this.apart.add(view);
    const lengths = indicators.filter((indicator) => typeof indicator.measurements === 'number');
    if (!lengths.length) return view;
    const rows = this.statements.ofInitiative.all(id) as Array<{ indicator_id: string; doc: string }>;
    const byIndicator = new Map<string, MeasurementView[]>();
    for (const row of rows) {
      let list = byIndicator.get(row.indicator_id);
      if (!list) byIndicator.set(row.indicator_id, (list = []));
      list.push(JSON.parse(row.doc) as MeasurementView);
    }
    for (const indicator of lengths) indicator.measurements = byIndicator.get(indicator.id) ?? [];
    return view;
  }
}

/** Each indicator's list of measurements by indicator id; indicators without one are left out. */
function listsOf(view: InitiativeView): Map<string, readonly MeasurementView[]> {
  const lists = new Map<string, readonly MeasurementView[]>();
  for (const goal of view.goals) {
    for (const indicator of goal.indicators) {
      if (indicator.measurements) lists.set(indicator.id, indicator.measurements);
    }
  }
  return lists;
}

/** About how many characters a view's measurements take as text, for the cache's bound. */
export function measurementChars(view: InitiativeView): number {
  let count = 0;
  for (const list of listsOf(view).values()) count += list.length;
  return count * 120;
}
