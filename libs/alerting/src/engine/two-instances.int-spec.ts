import { scratchDatabases } from '@followup/event-store/testing/scratch-databases';
import { MongoReadModelStore } from '@followup/read-model';
import { MongoAlertStore } from '../store/mongo-alert-store';
import { twoInstancesScenario } from '../testing/two-instances.scenario';

const databases = scratchDatabases('alerts_two');
const url = databases.url;

twoInstancesScenario('MongoDB (two clients on one database)', async () => {
  const name = databases.next();
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
