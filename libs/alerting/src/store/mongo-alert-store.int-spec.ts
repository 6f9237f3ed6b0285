import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { alertStoreContract } from '../testing/alert-store.contract';
import { MongoAlertStore } from './mongo-alert-store';

const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const admin = new MongoClient(url);
const databases: string[] = [];

afterAll(async () => {
  for (const name of databases) await admin.db(name).dropDatabase();
  await admin.close();
});

alertStoreContract('MongoDB (two clients on one database)', async () => {
  const name = `alerts_test_${randomUUID().slice(0, 8)}`;
  databases.push(name);
  const a = await MongoAlertStore.connect({ url, dbName: name });
  const b = await MongoAlertStore.connect({ url, dbName: name });
  return {
    a,
    b,
    dispose: async () => {
      await a.close();
      await b.close();
    },
  };
});
