import Database from 'better-sqlite3';
import { PreparedStatements } from '@followup/platform';
import type { InitiativeView } from '../initiative/initiative-view';
import type {
  DecisionAnchor,
  DecisionAnchorFilter,
  DecisionAnchorPage,
  DecisionAnchorPageRequest,
} from '../audit/decision-anchors';
import type { Checkpoint, InitiativeFilter, PageRequest, ReadModelStore, ViewChange } from '../read-model-store.port';
import { matchesSearch, searchOf, type InitiativeSearch } from '../search/initiative-search';
import { DECISION_LOG_SCHEMA, SqliteDecisionLog } from './sqlite-decision-log';
import { ViewCache } from './view-cache';
import { MEASUREMENT_ROWS_SCHEMA, MeasurementRows, measurementChars } from './measurement-rows';

/**
 * Documents of the views kept parsed in memory, in characters (about twice as many bytes), a
 * measurement counted as 120: about 130,000 measurements. A view read that misses parses all its
 * rows again, so a round of reads over more than this costs several times one that fits.
 */
const VIEW_CACHE_CHARS = 16 * 1024 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS initiative_views (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  parent_id TEXT,
  status TEXT NOT NULL,
  doc TEXT NOT NULL
);
-- Children in id order straight from the index: asked for on every alert evaluation of a subtree.
CREATE INDEX IF NOT EXISTS initiative_views_parent_id ON initiative_views (parent_id, id);
DROP INDEX IF EXISTS initiative_views_parent;
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
`;

/** Every fixed statement, prepared once when the store opens. */
function prepareStatements(db: Database.Database) {
  return {
    getDoc: db.prepare('SELECT version, doc FROM initiative_views WHERE id = ?'),
    insertNew: db.prepare(
      `INSERT INTO initiative_views (id, version, kind, parent_id, status, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    updateFrom: db.prepare('UPDATE initiative_views SET version = ?, status = ?, doc = ? WHERE id = ? AND version = ?'),
    put: db.prepare(
      `INSERT INTO initiative_views (id, version, kind, parent_id, status, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, doc = excluded.doc
       WHERE initiative_views.version <= excluded.version`,
    ),
    getCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE name = ?'),
    saveCheckpoint: db.prepare(
      `INSERT INTO checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position)`,
    ),
    // Changes whenever another connection (a rebuild beside the service) commits to the file.
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    ping: db.prepare('SELECT 1'),
  };
}

/** What the cache counts for a view stored as `doc`, its measurements in rows beside it. */
function cachedChars(view: InitiativeView, doc: string): number {
  return doc.length + measurementChars(view);
}

/**
 * Embedded read models in their own SQLite file, so a rebuild never touches the event store.
 * The latest views are also kept in memory (ViewCache); a write to the file by another
 * process empties that cache, so what is read is always what the file holds.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** The listing's queries, one per combination of filters, prepared on first use. */
  private readonly sql: PreparedStatements<Database.Statement>;
  private readonly cache = new ViewCache(VIEW_CACHE_CHARS);
  private dataVersion: unknown;
  private dataVersionChecked = false;
  private readonly decisionLog: SqliteDecisionLog;
  private readonly measurements: MeasurementRows;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // Read models are disposable and rebuilt from the store, so NORMAL is durable enough.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.exec(DECISION_LOG_SCHEMA);
    this.db.exec(MEASUREMENT_ROWS_SCHEMA);
    this.measurements = new MeasurementRows(this.db);
    this.decisionLog = new SqliteDecisionLog(this.db);
    // The search filters compare inside the stored document with the same predicate as every store.
    this.db.function('view_matches', { deterministic: true }, (doc: unknown, search: unknown) =>
      matchesSearch(JSON.parse(String(doc)) as InitiativeView, JSON.parse(String(search)) as InitiativeSearch) ? 1 : 0,
    );
    this.statements = prepareStatements(this.db);
    this.sql = new PreparedStatements(this.db);
    this.dataVersion = this.statements.dataVersion.get();
  }

  /** The view, frozen: it may be shared with other callers. */
  async getInitiative(id: string): Promise<InitiativeView | null> {
    this.forgetOthersWrites();
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = this.statements.getDoc.get(id) as { version: number; doc: string } | undefined;
    return row ? this.remembered(id, row.version, row.doc) : null;
  }

  /** The view a stored row describes, frozen, and kept in the cache if it has room (ViewCache.offer). */
  private remembered(id: string, version: number, doc: string): InitiativeView {
    const view = this.measurements.read(id, doc);
    return this.cache.offer(id, version, cachedChars(view, doc), view);
  }

  /** Caches `view`, stored as `doc` with its measurements in rows beside it. */
  private keep(view: InitiativeView, version: number, doc: string): void {
    this.cache.set(view.id, version, cachedChars(view, doc), view);
  }

  /** On success the store keeps `view` itself (frozen) as what it reads back: the caller must not change it. */
  async saveInitiative(view: InitiativeView, previousVersion: number): Promise<boolean> {
    const [saved] = await this.saveInitiatives([{ view, previousVersion }], null);
    return saved!;
  }

  /** One transaction for all; as `saveInitiative`, the store keeps the views it saved. */
  async saveInitiatives(changes: readonly ViewChange[], checkpoint: Checkpoint | null): Promise<boolean[]> {
    this.forgetOthersWrites();
    const docs = changes.map(({ view }) => MeasurementRows.documentOf(view));
    const saved = this.db.transaction(() => {
      const outcomes = changes.map(({ view, previousVersion }, i) => {
        const info =
          previousVersion === 0
            ? this.statements.insertNew.run(view.id, view.version, view.kind, view.parentId, view.status, docs[i])
            : this.statements.updateFrom.run(view.version, view.status, docs[i], view.id, previousVersion);
        if (info.changes !== 1) return false;
        // The cached view at the version replaced is what the stored rows were written for.
        this.measurements.write(view, this.cache.peek(view.id, previousVersion) ?? null);
        return true;
      });
      if (checkpoint) this.statements.saveCheckpoint.run(checkpoint.name, checkpoint.position);
      return outcomes;
    })();
    // Cached only once committed.
    changes.forEach(({ view }, i) => {
      if (saved[i]) this.keep(view, view.version, docs[i]!);
      else this.cache.delete(view.id);
    });
    return saved;
  }

  async putInitiative(view: InitiativeView): Promise<void> {
    this.forgetOthersWrites();
    this.cache.delete(view.id);
    const doc = MeasurementRows.documentOf(view);
    this.db.transaction(() => {
      const info = this.statements.put.run(view.id, view.version, view.kind, view.parentId, view.status, doc);
      if (info.changes === 1) this.measurements.write(view, null);
    })();
  }

  /** Another connection changed the file (a rebuild beside the service): what is cached may be stale. */
  private forgetOthersWrites(): void {
    // Asked once per turn of the event loop: under load many reads share a turn.
    if (this.dataVersionChecked) return;
    this.dataVersionChecked = true;
    setImmediate(() => (this.dataVersionChecked = false));
    const version = this.statements.dataVersion.get();
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.cache.clear();
  }

  async listInitiatives(filter: InitiativeFilter, page: PageRequest): Promise<InitiativeView[]> {
    const search = searchOf(filter);
    // Each condition applies only when its value is given.
    const conditions = (
      [
        ['kind = ?', filter.kind],
        ['parent_id = ?', filter.parentId],
        ['status = ?', filter.status],
        ['id > ?', page.afterId],
        ['view_matches(doc, ?) = 1', search ? JSON.stringify(search) : undefined],
      ] as const
    ).filter(([, value]) => value);
    const where = conditions.length ? 'WHERE ' + conditions.map(([condition]) => condition).join(' AND ') : '';
    const sql = `SELECT id, version, doc FROM initiative_views ${where} ORDER BY id LIMIT ?`;
    const args = conditions.map(([, value]) => value);
    const rows = this.sql.get(sql).all(...args, page.limit) as Array<{ id: string; version: number; doc: string }>;
    return rows.map((row) => this.cache.peek(row.id, row.version) ?? this.measurements.read(row.id, row.doc));
  }

  async decisionAnchorsOf(streamIds: readonly string[]): Promise<DecisionAnchor[]> {
    return this.decisionLog.anchorsOf(streamIds);
  }

  async replaceDecisionAnchors(streamIds: readonly string[], anchors: readonly DecisionAnchor[]): Promise<void> {
    this.decisionLog.replace(streamIds, anchors);
  }

  async listDecisionAnchors(
    filter: DecisionAnchorFilter,
    page: DecisionAnchorPageRequest,
  ): Promise<DecisionAnchorPage> {
    return this.decisionLog.list(filter, page);
  }

  async getCheckpoint(name: string): Promise<number> {
    const row = this.statements.getCheckpoint.get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    this.statements.saveCheckpoint.run(name, position);
  }

  async clear(): Promise<void> {
    this.db.exec(
      'DELETE FROM initiative_views; DELETE FROM indicator_measurements; DELETE FROM decision_log; DELETE FROM checkpoints;',
    );
    this.cache.clear();
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
