import { scratchDatabases } from '@followup/event-store/testing/scratch-databases';
import { alertStoreContract } from '../testing/alert-store.contract';
import { MongoAlertStore } from './mongo-alert-store';

const databases = scratchDatabases('alerts_test');
const url = databases.url;

alertStoreContract('MongoDB (two clients on one database)', async () => {
  const name = databases.next();
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
