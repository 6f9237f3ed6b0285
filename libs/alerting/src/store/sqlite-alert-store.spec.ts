import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertStoreContract } from '../testing/alert-store.contract';
import { SqliteAlertStore } from './sqlite-alert-store';

alertStoreContract('SQLite (one file, two connections)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerts-store-'));
  const file = join(dir, 'alerts.db');
  const a = new SqliteAlertStore(file);
  const b = new SqliteAlertStore(file);
  return {
    a,
    b,
    dispose: async () => {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
