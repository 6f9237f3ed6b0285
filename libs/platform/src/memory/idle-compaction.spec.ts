import { IdleCompaction } from './idle-compaction';

describe('IdleCompaction', () => {
  /** A process whose heap starts at 80 MiB and whose collections shrink it to `liveMiB`. */
  function watched(idleMs = 2_000, liveMiB = 90) {
    let cpu = 0;
    let heap = 80;
    const collections: number[] = [];
    const compaction = new IdleCompaction({
      idleMs,
      cpuMs: () => cpu,
      heapBytes: () => heap * 1024 * 1024,
      collect: () => {
        collections.push(heap);
        heap = liveMiB;
      },
    });
    return {
      compaction,
      collections,
      /** A window in which the process used `ms` of CPU and its heap reached `heapMiB`. */
      window: (ms: number, heapMiB = heap) => {
        cpu += ms;
        heap = heapMiB;
        return compaction.check();
      },
    };
  }

  it('compacts a heap grown under load once the process is idle, with two collections', () => {
    const { window, collections } = watched();
    expect(window(1_800, 330)).toBeNull(); // under load
    expect(window(20)).toEqual({ durationMs: expect.any(Number), heapBeforeMiB: 330, heapAfterMiB: 90 });
    expect(collections).toEqual([330, 90]); // the second compacts what the first freed
    expect(window(10)).toBeNull(); // nothing grew since
    expect(collections).toHaveLength(2);
  });

  it('waits for an idle window: under load, or at 5 % of a core, it does not collect', () => {
    const { window, collections } = watched(2_000);
    window(2_000, 330);
    expect(window(100)).toBeNull(); // 5 % of 2 s
    expect(collections).toHaveLength(0);
    expect(window(99)).not.toBeNull();
  });

  it('leaves alone a heap that has not grown by half and by 32 MiB since it was last compacted', () => {
    const { window, collections } = watched(2_000, 100);
    window(1_000, 111); // +31 MiB over 80
    expect(window(0)).toBeNull();
    window(1_000, 119); // +39 MiB over 80, but under 1.5 times it
    expect(window(0)).toBeNull();
    expect(collections).toHaveLength(0);
    window(1_000, 125);
    expect(window(0)).not.toBeNull(); // then measured from the 100 MiB it shrank to
    window(1_000, 140);
    expect(window(0)).toBeNull();
    window(1_000, 150);
    expect(window(0)).not.toBeNull();
  });

  it('never starts a timer when turned off', () => {
    const { compaction } = watched(0);
    const timers = jest.spyOn(global, 'setInterval');
    compaction.start();
    expect(timers).not.toHaveBeenCalled();
    timers.mockRestore();
  });

  it("collects for real with V8's own collector", () => {
    let heap = 0;
    const compaction = new IdleCompaction({ idleMs: 1_000, cpuMs: () => 0, heapBytes: () => heap });
    heap = 1_000 * 1024 * 1024;
    const compacted = compaction.check();
    expect(compacted?.heapBeforeMiB).toBe(1_000);
    expect(compacted?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
