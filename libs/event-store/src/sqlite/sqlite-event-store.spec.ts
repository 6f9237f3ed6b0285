import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('SQLite (in memory)', async () => new SqliteEventStore({ filename: ':memory:' }));

const contractDir = mkdtempSync(join(tmpdir(), 'es-contract-'));
afterAll(() => rmSync(contractDir, { recursive: true, force: true }));
// A file in WAL mode, as the service runs it: every commit synced, temporary storage in memory.
eventStoreContract(
  'SQLite (on disk)',
  async () => new SqliteEventStore({ filename: join(contractDir, `${randomUUID()}.db`) }),
);

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

  it('lists the commits it appended for the relay exactly as they read back from the file', async () => {
    const filename = join(dir, 'events.db');
    const writer = new SqliteEventStore({ filename });
    const extra = { ...newEvent('A'), notStored: 'dropped' } as ReturnType<typeof newEvent>;
    await writer.append('s1', [extra, newEvent('B')], { expectedVersion: 0, commitId: randomUUID() });
    await writer.append('s2', [newEvent('C')], { expectedVersion: 0, commitId: randomUUID() });
    const fromMemory = await writer.readUnpublished(10);
    const reader = new SqliteEventStore({ filename });
    expect(fromMemory).toStrictEqual(await reader.readUnpublished(10));
    expect(fromMemory[0]!.events[0]).not.toHaveProperty('notStored');
    // Marked published by this process: gone from its memory and from the file.
    await writer.markPublished([fromMemory[0]!.commitId]);
    expect((await writer.readUnpublished(10)).map((c) => c.streamId)).toEqual(['s2']);
    expect((await reader.readUnpublished(10)).map((c) => c.streamId)).toEqual(['s2']);
    await Promise.all([writer.close(), reader.close()]);
  });
});
