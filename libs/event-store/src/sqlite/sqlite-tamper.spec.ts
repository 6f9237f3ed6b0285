import type Database from 'better-sqlite3';
import type { StoredEvent } from '../event-store.port';
import { tamperContract, type Tamperer } from '../testing/tamper.contract';
import { SqliteEventStore } from './sqlite-event-store';

/** Edits rows of the events table directly, as anyone with the file could. */
function sqliteTamperer(db: Database.Database): Tamperer {
  const row = (eventId: string) =>
    db.prepare('SELECT position, stream_version FROM events WHERE event_id = ?').get(eventId) as {
      position: number;
      stream_version: number;
    };
  return {
    async update(eventId, change) {
      const current = (await readEvent(db, eventId))!;
      const next = change(current);
      db.prepare(
        `UPDATE events SET event_id = @eventId, stream_id = @streamId, commit_id = @commitId, type = @type,
           schema_version = @schemaVersion, data = @data, occurred_at = @occurredAt, recorded_at = @recordedAt,
           actor = @actor, correlation_id = @correlationId, causation_id = @causationId, decision_id = @decisionId,
           case_ref = @caseRef, reason = @reason, prev_hash = @prevHash, hash = @hash
         WHERE event_id = @where`,
      ).run({ ...next, data: JSON.stringify(next.data), actor: JSON.stringify(next.actor), where: eventId });
    },
    async remove(eventId) {
      db.prepare('DELETE FROM events WHERE event_id = ?').run(eventId);
    },
    async swapPlaces(a, b) {
      const [ra, rb] = [row(a), row(b)];
      const move = db.prepare('UPDATE events SET position = ?, stream_version = ? WHERE event_id = ?');
      db.transaction(() => {
        move.run(-1, -1, a);
        move.run(ra.position, ra.stream_version, b);
        move.run(rb.position, rb.stream_version, a);
      })();
    },
  };
}

async function readEvent(db: Database.Database, eventId: string): Promise<StoredEvent | undefined> {
  const r = db.prepare('SELECT * FROM events WHERE event_id = ?').get(eventId) as Record<string, never> | undefined;
  if (!r) return undefined;
  return {
    eventId: r['event_id'],
    streamId: r['stream_id'],
    streamVersion: r['stream_version'],
    position: r['position'],
    commitId: r['commit_id'],
    type: r['type'],
    schemaVersion: r['schema_version'],
    data: JSON.parse(r['data']),
    occurredAt: r['occurred_at'],
    recordedAt: r['recorded_at'],
    actor: JSON.parse(r['actor']),
    correlationId: r['correlation_id'],
    causationId: r['causation_id'],
    decisionId: r['decision_id'],
    caseRef: r['case_ref'],
    reason: r['reason'],
    prevHash: r['prev_hash'],
    hash: r['hash'],
  };
}

tamperContract('SQLite (rows edited through SqliteEventStore.database)', async () => {
  const store = new SqliteEventStore({ filename: ':memory:' });
  return { store, tamper: sqliteTamperer(store.database), close: () => store.close() };
});
