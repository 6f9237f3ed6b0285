/**
 * A Map that keeps at most `capacity` entries. `set` puts its key last, as the most recent, and
 * drops the oldest entries beyond the capacity; reading leaves the order as it is, so a cache that
 * keeps what was read recently sets the entry again on a hit.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly capacity: number) {
    super();
    if (!(capacity >= 1)) throw new RangeError(`a bounded map needs a capacity of at least 1, not ${capacity}`);
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.capacity) super.delete(this.keys().next().value as K);
    return this;
  }
}
