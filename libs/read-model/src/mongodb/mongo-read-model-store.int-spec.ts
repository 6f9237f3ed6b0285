import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { readModelStoreContract } from '../testing/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const client = new MongoClient(url);
const databases: string[] = [];

afterAll(async () => {
  for (const name of databases) await client.db(name).dropDatabase();
  await client.close();
});

readModelStoreContract('MongoDB', async () => {
  const name = `rm_test_${randomUUID().slice(0, 8)}`;
  databases.push(name);
  return MongoReadModelStore.onDb(client.db(name));
});
