import type { Db, MongoClient, MongoClientOptions, WriteConcernSettings } from 'mongodb';

interface CommonOptions {
  /** Clock for `recordedAt` (tests). */
  readonly now?: () => Date;
  /** Defaults to `{ w: 'majority', j: true }`: an acknowledged commit is journaled on a majority. */
  readonly writeConcern?: WriteConcernSettings;
  /** How often a read that sees a version gap is repeated before it fails (default 5). */
  readonly gapRetries?: number;
  /** First wait between such reads in ms, doubled each time (default 5). */
  readonly gapRetryDelayMs?: number;
  /** Where a write-concern fallback is reported (default console.warn). */
  readonly warn?: (message: string) => void;
}

export type MongoEventStoreOptions = CommonOptions &
  (
    | { readonly db: Db }
    | { readonly client: MongoClient; readonly dbName: string }
    /** The store creates (and on close, closes) its own client. */
    | { readonly url: string; readonly dbName: string; readonly clientOptions?: MongoClientOptions }
  );

export const DEFAULT_WRITE_CONCERN: WriteConcernSettings = Object.freeze({ w: 'majority', j: true });
