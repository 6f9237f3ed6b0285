import { PendingWork } from './pending-work';

describe('PendingWork', () => {
  it('waits for every tracked promise, those tracked while it waits and failed ones included', async () => {
    const work = new PendingWork();
    const finished: string[] = [];
    let finishFirst!: () => void;
    work.track(new Promise<void>((resolve) => (finishFirst = resolve)).then(() => void finished.push('first')));
    const failing = work.track(Promise.reject(new Error('write refused')));
    await expect(failing).rejects.toThrow('write refused');

    let settled = false;
    const waiting = work.settled().then(() => (settled = true));
    let finishLater!: () => void;
    work.track(new Promise<void>((resolve) => (finishLater = resolve)).then(() => void finished.push('later')));
    finishFirst();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);

    finishLater();
    await waiting;
    expect(finished).toEqual(['first', 'later']);
    expect(work.size).toBe(0);
  });
});
