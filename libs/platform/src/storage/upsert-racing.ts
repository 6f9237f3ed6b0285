/** MongoDB's code for a write refused by a unique index. */
const DUPLICATE_KEY = 11000;

/**
 * A write the server refused because a unique index already holds its key: a MongoDB server
 * error, or one write error of a bulk write (both carry the code).
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * Runs an upsert that processes starting together may run at once. The server may refuse the
 * loser's insert with a duplicate key (FerretDB does; MongoDB retries such upserts itself); run
 * again, it updates the document the other one made.
 */
export async function upsertRacing<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= attempts) throw error;
    }
  }
}
