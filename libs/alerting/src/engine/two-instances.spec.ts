import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from '@followup/read-model';
import { SqliteAlertStore } from '../store/sqlite-alert-store';
import { twoInstancesScenario } from '../testing/two-instances.scenario';

twoInstancesScenario('SQLite (alerts.db shared by two connections)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-two-'));
  const storeA = new SqliteAlertStore(join(dir, 'alerts.db'));
  const storeB = new SqliteAlertStore(join(dir, 'alerts.db'));
  const views = new SqliteReadModelStore(join(dir, 'read-models.db'));
  return {
    storeA,
    storeB,
    views,
    dispose: async () => {
      await storeA.close();
      await storeB.close();
      await views.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
