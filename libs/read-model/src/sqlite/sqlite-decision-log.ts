import type Database from 'better-sqlite3';
import { PreparedStatements } from '@followup/platform';
import type {
  DecisionAnchor,
  DecisionAnchorFilter,
  DecisionAnchorPage,
  DecisionAnchorPageRequest,
} from '../audit/decision-anchors';

export const DECISION_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS decision_log (
  position INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  decision_id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  occurred_ms REAL,
  recorded_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  case_ref TEXT,
  decided_by TEXT NOT NULL,
  actor TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  event_decision_id TEXT,
  source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decision_log_stream ON decision_log (stream_id, position);
CREATE INDEX IF NOT EXISTS decision_log_order ON decision_log (occurred_at, recorded_at, decision_id, stream_id);
`;

interface AnchorRow {
  position: number;
  stream_id: string;
  decision_id: string;
  occurred_at: string;
  occurred_ms: number | null;
  recorded_at: string;
  kind: string;
  case_ref: string | null;
  decided_by: string;
  actor: string;
  commit_id: string;
  event_decision_id: string | null;
  source: DecisionAnchor['source'];
}

/** The decision log index of the SQLite read-model store: one row per anchor, ordered by an index. */
export class SqliteDecisionLog {
  private readonly statements;
  /** The listing's queries, one per combination of filters and order, prepared on first use. */
  private readonly sql: PreparedStatements<Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.sql = new PreparedStatements(db);
    this.statements = {
      // One statement per batch of stream ids (a JSON array), not one per id.
      ofStreams: db.prepare(
        'SELECT * FROM decision_log WHERE stream_id IN (SELECT value FROM json_each(?)) ORDER BY position',
      ),
      deleteStreams: db.prepare('DELETE FROM decision_log WHERE stream_id IN (SELECT value FROM json_each(?))'),
      insert:
        db.prepare(`INSERT OR REPLACE INTO decision_log (position, stream_id, decision_id, occurred_at, occurred_ms,
        recorded_at, kind, case_ref, decided_by, actor, commit_id, event_decision_id, source)
        VALUES (@position, @streamId, @decisionId, @occurredAt, @occurredMs, @recordedAt, @kind, @caseRef, @decidedBy,
        @actor, @commitId, @eventDecisionId, @source)`),
    };
  }

  anchorsOf(streamIds: readonly string[]): DecisionAnchor[] {
    return (this.statements.ofStreams.all(JSON.stringify(streamIds)) as AnchorRow[]).map(toAnchor);
  }

  replace(streamIds: readonly string[], anchors: readonly DecisionAnchor[]): void {
    this.db.transaction(() => {
      this.statements.deleteStreams.run(JSON.stringify(streamIds));
      for (const anchor of anchors) {
        this.statements.insert.run({
          ...anchor,
          occurredMs: Number.isNaN(anchor.occurredMs) ? null : anchor.occurredMs,
        });
      }
    })();
  }

  list(filter: DecisionAnchorFilter, page: DecisionAnchorPageRequest): DecisionAnchorPage {
    // Each condition applies only when its value is given.
    const conditions = (
      [
        ['stream_id IN (SELECT value FROM json_each(?))', filter.streamIds && JSON.stringify(filter.streamIds)],
        ['occurred_ms >= ?', filter.fromMs],
        ['occurred_ms < ?', filter.toMs],
        ['actor = ?', filter.actor],
        ['case_ref = ?', filter.caseRef],
        ['decided_by = ?', filter.decidedBy],
        ['kind = ?', filter.kind],
      ] as const
    ).filter(([, value]) => value !== undefined);
    const where = conditions.length ? 'WHERE ' + conditions.map(([condition]) => condition).join(' AND ') : '';
    const args = conditions.map(([, value]) => value);
    const rows = this.sql
      .get(
        `SELECT * FROM decision_log ${where}
         ORDER BY ${page.order === 'stream' ? 'stream_id, position' : 'occurred_at, recorded_at, decision_id, stream_id'}
         LIMIT ? OFFSET ?`,
      )
      .all(...args, page.limit, page.offset) as AnchorRow[];
    const { total } = this.sql.get(`SELECT COUNT(*) AS total FROM decision_log ${where}`).get(...args) as {
      total: number;
    };
    return { anchors: rows.map(toAnchor), total };
  }
}

function toAnchor(row: AnchorRow): DecisionAnchor {
  return {
    streamId: row.stream_id,
    decisionId: row.decision_id,
    occurredAt: row.occurred_at,
    occurredMs: row.occurred_ms ?? NaN,
    recordedAt: row.recorded_at,
    kind: row.kind,
    caseRef: row.case_ref,
    decidedBy: row.decided_by,
    actor: row.actor,
    position: row.position,
    commitId: row.commit_id,
    eventDecisionId: row.event_decision_id,
    source: row.source,
  };
}
