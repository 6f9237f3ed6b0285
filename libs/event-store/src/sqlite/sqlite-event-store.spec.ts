import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('SQLite (in memory)', async () => new SqliteEventStore({ filename: ':memory:' }));

describe('SqliteEventStore on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps acknowledged commits after the file is reopened', async () => {
    const filename = join(dir, 'events.db');
    const first = new SqliteEventStore({ filename });
    await first.append('s1', [newEvent('A'), newEvent('B')], { expectedVersion: 0, commitId: randomUUID() });
    await first.close();
    const second = new SqliteEventStore({ filename });
    expect((await second.readStream('s1')).map((e) => e.type)).toEqual(['A', 'B']);
    expect(await second.headPosition()).toBe(2);
    await second.close();
  });
});
