import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('drops the oldest entries beyond its capacity', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect([...map.entries()]).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('counts a key set again as the most recent, whatever was read meanwhile', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    map.set('a', 10); // a is now newer than b
    expect(map.get('b')).toBe(2); // a read does not reorder
    map.set('c', 3);
    expect([...map.keys()]).toEqual(['a', 'c']);
    expect(map.get('a')).toBe(10);
  });

  it('refuses a capacity below one', () => {
    expect(() => new BoundedMap(0)).toThrow(/capacity of at least 1/);
  });
});
