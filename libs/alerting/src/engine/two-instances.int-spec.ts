import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadModelStore } from '@followup/read-model';
import { MongoAlertStore } from '../store/mongo-alert-store';
import { twoInstancesScenario } from '../testing/two-instances.scenario';

const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const admin = new MongoClient(url);
const databases: string[] = [];

afterAll(async () => {
  for (const name of databases) await admin.db(name).dropDatabase();
  await admin.close();
});

twoInstancesScenario('MongoDB (two clients on one database)', async () => {
  const name = `alerts_two_${randomUUID().slice(0, 8)}`;
  databases.push(name);
  const storeA = await MongoAlertStore.connect({ url, dbName: name });
  const storeB = await MongoAlertStore.connect({ url, dbName: name });
  const views = await MongoReadModelStore.connect({ url, dbName: name });
  return {
    storeA,
    storeB,
    views,
    dispose: async () => {
      await storeA.close();
      await storeB.close();
      await views.close();
    },
  };
});
