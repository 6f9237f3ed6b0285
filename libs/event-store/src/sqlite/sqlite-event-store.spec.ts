import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { verifyLedger } from '../ledger-verification';
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

  describe('with another connection writing the same file', () => {
    const append = (store: SqliteEventStore, streamId: string, expectedVersion: number, type = 'A') =>
      store.append(streamId, [newEvent(type)], { expectedVersion, commitId: randomUUID() });

    it("decides on the stream's head and the next position as the other left them", async () => {
      const filename = join(dir, 'events.db');
      const [first, second] = [new SqliteEventStore({ filename }), new SqliteEventStore({ filename })];
      await append(first, 's1', 0);
      await append(second, 's1', 1);
      await expect(append(first, 's1', 1)).rejects.toThrow('stream s1 is at version 2, not 1');
      await append(first, 's1', 2, 'C');
      await append(second, 's2', 0);
      await append(first, 's2', 1, 'D');
      expect((await first.readStream('s1')).map((e) => [e.streamVersion, e.position])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect((await first.readAll({ after: 0, limit: 10 })).map((e) => e.type)).toEqual(['A', 'A', 'C', 'A', 'D']);
      expect((await verifyLedger(first)).ok).toBe(true);
      await Promise.all([first.close(), second.close()]);
    });

    it("lists the other's commits for the relay and forgets its own that the other marked published", async () => {
      const filename = join(dir, 'events.db');
      const [first, second] = [new SqliteEventStore({ filename }), new SqliteEventStore({ filename })];
      const own = await append(first, 's1', 0);
      expect((await first.readUnpublished(10)).map((c) => c.commitId)).toEqual([own.commitId]);
      const theirs = await append(second, 's2', 0);
      expect((await first.readUnpublished(10)).map((c) => c.commitId)).toEqual([own.commitId, theirs.commitId]);
      await second.markPublished([own.commitId, theirs.commitId]);
      expect(await first.readUnpublished(10)).toEqual([]);
      const next = await append(first, 's1', 1);
      expect((await first.readUnpublished(10)).map((c) => c.commitId)).toEqual([next.commitId]);
      await Promise.all([first.close(), second.close()]);
    });
  });
});
