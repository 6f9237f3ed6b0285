import { scratchDatabases } from '@followup/event-store/testing/scratch-databases';
import { readModelStoreContract } from '../testing/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

const databases = scratchDatabases('rm_test');

readModelStoreContract('MongoDB', async () => MongoReadModelStore.onDb(databases.admin.db(databases.next())));
