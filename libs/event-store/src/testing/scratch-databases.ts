import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';

/** The MongoDB-compatible server the integration tests use. */
export const MONGO_TEST_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

/**
 * Fresh databases for one integration suite: `next()` names a new one, and every database it
 * named is dropped after the suite. Call it at the top level of a spec file.
 */
export function scratchDatabases(prefix: string) {
  const admin = new MongoClient(MONGO_TEST_URL);
  const named: string[] = [];
  afterAll(async () => {
    for (const name of named) await admin.db(name).dropDatabase();
    await admin.close();
  });
  return {
    url: MONGO_TEST_URL,
    admin,
    next(): string {
      const name = `${prefix}_${randomUUID().slice(0, 8)}`;
      named.push(name);
      return name;
    },
  };
}
