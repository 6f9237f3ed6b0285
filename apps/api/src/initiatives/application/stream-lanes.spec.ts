import { initiativeDecider } from '@followup/domain';
import { EMPTY_STREAM, FoldedStateCache } from './folded-state-cache';
import { StreamLanes } from './stream-lanes';

describe('StreamLanes', () => {
  it('runs work for one stream in order and other streams beside it', async () => {
    const lanes = new StreamLanes();
    const steps: string[] = [];
    const step = (name: string, ms: number) => () =>
      new Promise<string>((resolve) => setTimeout(() => (steps.push(name), resolve(name)), ms));
    const results = await Promise.all([
      lanes.run('a', step('a1', 20)),
      lanes.run('a', step('a2', 1)),
      lanes.run('b', step('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(steps).toEqual(['b1', 'a1', 'a2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lanes.size).toBe(0);
  });

  it('goes on after a failure', async () => {
    const lanes = new StreamLanes();
    await expect(lanes.run('a', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await lanes.run('a', async () => 'next')).toBe('next');
  });
});

describe('FoldedStateCache', () => {
  it('drops the least recently used entry beyond its capacity', () => {
    const cache = new FoldedStateCache(2);
    const entry = { state: initiativeDecider.initialState(), version: 1, ownerUnit: null };
    cache.set('a', entry);
    cache.set('b', entry);
    cache.get('a');
    cache.set('c', entry);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(entry);
    expect(cache.get('c')).toBe(entry);
    expect(cache.get('x') ?? EMPTY_STREAM).toBe(EMPTY_STREAM);
  });
});
