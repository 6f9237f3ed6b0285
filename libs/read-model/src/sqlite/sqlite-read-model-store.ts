import Database from 'better-sqlite3';
import type { InitiativeView } from '../initiative/initiative-view';
import type {
  DecisionAnchor,
  DecisionAnchorFilter,
  DecisionAnchorPage,
  DecisionAnchorPageRequest,
} from '../audit/decision-anchors';
import type { InitiativeFilter, PageRequest, ReadModelStore } from '../read-model-store.port';
import { matchesSearch, searchOf, type InitiativeSearch } from '../search/initiative-search';
import { DECISION_LOG_SCHEMA, SqliteDecisionLog } from './sqlite-decision-log';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS initiative_views (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  parent_id TEXT,
  status TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS initiative_views_parent ON initiative_views (parent_id);
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
`;

/** Embedded read models in their own SQLite file, so a rebuild never touches the event store. */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly decisionLog: SqliteDecisionLog;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // Read models are disposable and rebuilt from the store, so NORMAL is durable enough.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.exec(DECISION_LOG_SCHEMA);
    this.decisionLog = new SqliteDecisionLog(this.db);
    // The search filters compare inside the stored document with the same predicate as every store.
    this.db.function('view_matches', { deterministic: true }, (doc: unknown, search: unknown) =>
      matchesSearch(JSON.parse(String(doc)) as InitiativeView, JSON.parse(String(search)) as InitiativeSearch) ? 1 : 0,
    );
  }

  async getInitiative(id: string): Promise<InitiativeView | null> {
    const row = this.db.prepare('SELECT doc FROM initiative_views WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as InitiativeView) : null;
  }

  async saveInitiative(view: InitiativeView, previousVersion: number): Promise<boolean> {
    const doc = JSON.stringify(view);
    if (previousVersion === 0) {
      const info = this.db
        .prepare(
          `INSERT INTO initiative_views (id, version, kind, parent_id, status, doc) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING`,
        )
        .run(view.id, view.version, view.kind, view.parentId, view.status, doc);
      return info.changes === 1;
    }
    const info = this.db
      .prepare('UPDATE initiative_views SET version = ?, status = ?, doc = ? WHERE id = ? AND version = ?')
      .run(view.version, view.status, doc, view.id, previousVersion);
    return info.changes === 1;
  }

  async putInitiative(view: InitiativeView): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO initiative_views (id, version, kind, parent_id, status, doc) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, doc = excluded.doc
         WHERE initiative_views.version <= excluded.version`,
      )
      .run(view.id, view.version, view.kind, view.parentId, view.status, JSON.stringify(view));
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
    const sql = `SELECT doc FROM initiative_views ${where} ORDER BY id LIMIT ?`;
    const args = conditions.map(([, value]) => value);
    const rows = this.db.prepare(sql).all(...args, page.limit) as Array<{ doc: string }>;
    return rows.map((r) => JSON.parse(r.doc) as InitiativeView);
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
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as
      { position: number } | undefined;
    return row?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position)`,
      )
      .run(name, position);
  }

  async clear(): Promise<void> {
    this.db.exec('DELETE FROM initiative_views; DELETE FROM decision_log; DELETE FROM checkpoints;');
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
