import type { Collection, IndexDescription, WriteConcernSettings } from 'mongodb';
import type { MongoCommitDocument } from './mongo-commit-document';
import { upsertRacing } from '@followup/platform';
import { seqBucketOf } from './mongo-commit-document';

/** The collections, indexes and meta document the MongoDB event store relies on. */

export interface MetaDocument {
  _id: string;
  /** On the META_ID document: 2 once every commit holds its `seqBucket`. */
  schema?: number;
  /** On the SEQUENCE_HINT_ID document: a commit sequence number known to be stored. */
  seq?: number;
  /** On the OUTBOX_ID document: every commit numbered up to this one has been published. */
  publishedSeq?: number;
}

export const COMMITS_COLLECTION = 'commits';
export const META_COLLECTION = 'store_meta';
export const META_ID = 'event-store';
export const SEQUENCE_HINT_ID = 'sequence-hint';
export const OUTBOX_ID = 'outbox';
/**
 * Schema 2: every commit holds `seqBucket`, which `readAll` and the outbox look commits up by, and
 * the outbox keeps a watermark (see MongoOutbox).
 */
export const CURRENT_SCHEMA = 2;
export const SEQUENCE_INDEX = 'seq_unique';
export const STREAM_VERSION_INDEX = 'stream_firstVersion_unique';
export const IDEMPOTENCY_INDEX = 'idempotencyKey_unique';
export const STREAM_HEAD_INDEX = 'stream_lastVersion';
export const SEQ_BUCKET_INDEX = 'seqBucket';

/**
 * One `createIndexes` command per index: FerretDB 1.24 drops the connection (a server-side
 * panic) when a single command lists two or more indexes that already exist, which is what
 * every restart of a process on an existing database sends. One index per command is an
 * idempotent no-op there, as on MongoDB.
 */
export async function ensureCommitIndexes(commits: Collection<MongoCommitDocument>): Promise<void> {
  const indexes: IndexDescription[] = [
    { key: { streamId: 1, firstVersion: 1 }, name: STREAM_VERSION_INDEX, unique: true },
    { key: { streamId: 1, lastVersion: 1 }, name: STREAM_HEAD_INDEX },
    { key: { seq: 1 }, name: SEQUENCE_INDEX, unique: true },
    { key: { idempotencyKey: 1 }, name: IDEMPOTENCY_INDEX, unique: true },
    { key: { seqBucket: 1 }, name: SEQ_BUCKET_INDEX },
  ];
  for (const index of indexes) await commits.createIndexes([index]);
}

const MARK_BATCH = 10;

/**
 * Sets `published` on the given commits: one update by `_id` per commit (FerretDB 1.24 evaluates
 * `$in` itself, over every stored commit), a few per command, because FerretDB 1.24 on PostgreSQL
 * holds one connection per statement until the command ends and hangs for good once a single
 * command holds its whole pool (50 connections).
 */
export async function markPublishedById(
  commits: Collection<MongoCommitDocument>,
  commitIds: readonly string[],
  writeOptions: { writeConcern?: WriteConcernSettings },
): Promise<void> {
  const ids = [...new Set(commitIds)];
  for (let from = 0; from < ids.length; from += MARK_BATCH) {
    const updates = ids
      .slice(from, from + MARK_BATCH)
      .map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { published: true } } } }));
    await commits.bulkWrite(updates, { ordered: false, ...writeOptions });
  }
}

/** Writes the store's meta document, creating it when it is missing (a schema it holds is kept). */
export async function upsertCounter(
  meta: Collection<MetaDocument>,
  writeConcern: WriteConcernSettings | undefined,
): Promise<void> {
  await upsertRacing(() =>
    meta.updateOne(
      { _id: META_ID },
      { $max: { schema: 1 } },
      { upsert: true, ...(writeConcern ? { writeConcern } : {}) },
    ),
  );
}

/** What a duplicate-key refusal says (a MongoServerError, or one write error of a bulk write). */
export interface DuplicateKeyRefusal {
  readonly keyPattern?: Record<string, unknown> | undefined;
  readonly errmsg?: string | undefined;
  readonly message?: string;
}

/** Which unique index a duplicate-key error names: from its key pattern, else from its message. */
export function duplicateIndex(error: DuplicateKeyRefusal): string | undefined {
  const pattern = error.keyPattern;
  if (pattern) {
    if ('idempotencyKey' in pattern) return IDEMPOTENCY_INDEX;
    if ('firstVersion' in pattern) return STREAM_VERSION_INDEX;
    if ('_id' in pattern) return '_id';
  }
  const message = String(error.errmsg ?? error.message ?? '');
  for (const name of [IDEMPOTENCY_INDEX, STREAM_VERSION_INDEX]) if (message.includes(name)) return name;
  if (/index: _id_\b/.test(message)) return '_id';
  return undefined;
}

/**
 * Brings a store written before schema 2 up to it: gives every commit its `seqBucket` (one scan,
 * once; updates by `_id`, a few per command as in `markPublishedById`). Idempotent, so processes
 * starting together may both run it.
 */
export async function migrateSchema(
  commits: Collection<MongoCommitDocument>,
  meta: Collection<MetaDocument>,
  writeOptions: { writeConcern?: WriteConcernSettings },
): Promise<void> {
  const current = await meta.findOne({ _id: META_ID }, { projection: { schema: 1 } });
  if (Number(current?.schema ?? 0) >= CURRENT_SCHEMA) return;
  const missing = await commits.find({ seqBucket: { $exists: false } }, { projection: { _id: 1, seq: 1 } }).toArray();
  for (let from = 0; from < missing.length; from += MARK_BATCH) {
    const updates = missing.slice(from, from + MARK_BATCH).map(({ _id, seq }) => ({
      updateOne: { filter: { _id }, update: { $set: { seqBucket: seqBucketOf(Number(seq)) } } },
    }));
    await commits.bulkWrite(updates, { ordered: false, ...writeOptions });
  }
  // The outbox watermark: right below the oldest commit not yet published (flags stay as written).
  let oldestUnpublished = Infinity;
  let highest = 0;
  for await (const { seq, published } of commits.find({}, { projection: { seq: 1, published: 1 } })) {
    highest = Math.max(highest, Number(seq));
    if (published === false) oldestUnpublished = Math.min(oldestUnpublished, Number(seq));
  }
  const publishedSeq = Number.isFinite(oldestUnpublished) ? oldestUnpublished - 1 : highest;
  await upsertRacing(() =>
    meta.updateOne({ _id: OUTBOX_ID }, { $max: { publishedSeq } }, { upsert: true, ...writeOptions }),
  );
  await meta.updateOne({ _id: META_ID }, { $max: { schema: CURRENT_SCHEMA } }, writeOptions);
}
