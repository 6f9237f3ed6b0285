/** MongoDB's code for a write refused by a unique index. */
const DUPLICATE_KEY = 11000;

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
      const duplicateKey = (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
      if (!duplicateKey || attempt >= attempts) throw error;
    }
  }
}
