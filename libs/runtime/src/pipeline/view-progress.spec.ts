import { ViewProgress } from './view-progress';

describe('ViewProgress', () => {
  it('wakes a wait when the version is applied, not before', async () => {
    const progress = new ViewProgress();
    let woken = false;
    const wait = progress.wait('ini-1', 3, 10_000);
    void wait.reached.then(() => (woken = true));
    progress.applied('ini-1', 2);
    progress.applied('ini-2', 5);
    await Promise.resolve();
    expect(woken).toBe(false);
    progress.applied('ini-1', 3);
    await wait.reached;
    expect(woken).toBe(true);
    expect(progress.waitingStreams).toBe(0);
  });

  it('settles at the timeout, and forgets a cancelled wait', async () => {
    const progress = new ViewProgress();
    await progress.wait('ini-1', 1, 5).reached;
    const cancelled = progress.wait('ini-1', 1, 10_000);
    cancelled.cancel();
    expect(progress.waitingStreams).toBe(0);
  });
});
