import Database from 'better-sqlite3';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '@followup/platform';
import { canonicalJson, sha256Hex } from '../hash-chain';

export const ACCESS_LOG = Symbol('ACCESS_LOG');

/** One read of the audit endpoints: who, which path, when, with which filters. */
export interface AccessRecord {
  readonly at: string;
  readonly actor: { readonly sub: string; readonly name: string | null; readonly roles: readonly string[] };
  readonly path: string;
  readonly query: Readonly<Record<string, unknown>>;
}

/** As stored: numbered from 1, each entry carrying the hash of the one before (null for the first). */
export interface AccessLogEntry extends AccessRecord {
  readonly seq: number;
  readonly prevHash: string | null;
  readonly hash: string;
}

export interface AccessLogVerification {
  readonly ok: boolean;
  readonly entries: number;
  /** The first entry whose hash or link does not hold. */
  readonly brokenAt: number | null;
}

/** Append-only, hash-chained log of audit reads, kept in the event store's database. */
export interface AccessLog {
  record(record: AccessRecord): Promise<AccessLogEntry>;
  list(afterSeq: number, limit: number): Promise<AccessLogEntry[]>;
  verify(): Promise<AccessLogVerification>;
  close(): Promise<void>;
}

const hashOf = (entry: Omit<AccessLogEntry, 'hash'>): string =>
  sha256Hex(canonicalJson({ ...entry, actor: { ...entry.actor, roles: [...entry.actor.roles] } }));

function chained(record: AccessRecord, previous: AccessLogEntry | null): AccessLogEntry {
  const unhashed = { ...record, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? null };
  return { ...unhashed, hash: hashOf(unhashed) };
}

/** Walks the chain: each hash recomputed, each link to the entry before checked. */
function verifyChain(entries: readonly AccessLogEntry[]): AccessLogVerification {
  let previous: AccessLogEntry | null = null;
  for (const entry of entries) {
    const { hash, ...unhashed } = entry;
    const linked = entry.prevHash === (previous?.hash ?? null) && entry.seq === (previous?.seq ?? 0) + 1;
    if (!linked || hashOf(unhashed) !== hash) return { ok: false, entries: entries.length, brokenAt: entry.seq };
    previous = entry;
  }
  return { ok: true, entries: entries.length, brokenAt: null };
}

/** A table `access_log` in the event store's SQLite file; one transaction per entry keeps the chain linear. */
export class SqliteAccessLog implements AccessLog {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS access_log (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL)');
    this.statements = {
      last: this.db.prepare('SELECT entry FROM access_log ORDER BY seq DESC LIMIT 1'),
      insert: this.db.prepare('INSERT INTO access_log (seq, entry) VALUES (?, ?)'),
      after: this.db.prepare('SELECT entry FROM access_log WHERE seq > ? ORDER BY seq LIMIT ?'),
    };
  }

  record(record: AccessRecord): Promise<AccessLogEntry> {
    const append = this.db.transaction(() => {
      const last = this.statements.last.get() as { entry: string } | undefined;
      const entry = chained(record, last ? (JSON.parse(last.entry) as AccessLogEntry) : null);
      this.statements.insert.run(entry.seq, JSON.stringify(entry));
      return entry;
    });
    return Promise.resolve(append.immediate());
  }

  list(afterSeq: number, limit: number): Promise<AccessLogEntry[]> {
    const rows = this.statements.after.all(afterSeq, limit) as Array<{ entry: string }>;
    return Promise.resolve(rows.map((row) => JSON.parse(row.entry) as AccessLogEntry));
  }

  async verify(): Promise<AccessLogVerification> {
    return verifyChain(await this.list(0, Number.MAX_SAFE_INTEGER));
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/** A collection `access_log` in the event store's MongoDB database; a unique seq makes racing writers retry. */
export class MongoAccessLog implements AccessLog {
  private readonly entries: Collection<AccessLogEntry>;
  private indexed: Promise<unknown> | null = null;

  constructor(db: Db) {
    this.entries = db.collection<AccessLogEntry>('access_log');
  }

  async record(record: AccessRecord): Promise<AccessLogEntry> {
    this.indexed ??= this.entries.createIndex({ seq: 1 }, { unique: true });
    await this.indexed;
    for (let attempt = 0; ; attempt++) {
      const [last] = await this.entries
        .find({}, { projection: { _id: 0 } })
        .sort({ seq: -1 })
        .limit(1)
        .toArray();
      const entry = chained(record, last ?? null);
      try {
        await this.entries.insertOne({ ...entry });
        return entry;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= 20) throw error;
      }
    }
  }

  list(afterSeq: number, limit: number): Promise<AccessLogEntry[]> {
    return this.entries
      .find({ seq: { $gt: afterSeq } }, { projection: { _id: 0 } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
  }

  async verify(): Promise<AccessLogVerification> {
    return verifyChain(await this.list(0, 0));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
