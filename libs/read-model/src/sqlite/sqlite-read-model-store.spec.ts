import { readModelStoreContract } from '../testing/read-model-store.contract';
import { SqliteReadModelStore } from './sqlite-read-model-store';

readModelStoreContract('SQLite (in memory)', async () => new SqliteReadModelStore(':memory:'));
