import {
  evolveOwning,
  initiativeDecider,
  toInitiativeEvent,
  type InitiativeState,
  type VersionedEvent,
} from '@followup/domain';
import { ownerUnitOf } from './unit-scope';
import { BoundedMap } from '@followup/platform';

/** One initiative's stream folded up to `version`, with the unit that owns it. */
export interface FoldedStream {
  readonly state: InitiativeState;
  readonly version: number;
  readonly ownerUnit: string | null;
}

export const EMPTY_STREAM: FoldedStream = {
  state: initiativeDecider.initialState(),
  version: 0,
  ownerUnit: null,
};

/**
 * Folds events (stored or about to be) onto what is known of their stream. With `owned`, the
 * records of `folded` that an earlier fold with the same set made are changed in place: only for
 * a caller that drops `folded` for the result (see `evolveOwning`).
 */
export function foldOnto(
  folded: FoldedStream,
  events: readonly VersionedEvent[],
  owned: WeakSet<object> = new WeakSet(),
): FoldedStream {
  if (events.length === 0) return folded;
  const evolve = (state: InitiativeState, event: VersionedEvent) =>
    initiativeDecider.evolve(state, toInitiativeEvent(event));
  return {
    state: evolveOwning(owned, folded.state, events, evolve),
    version: folded.version + events.length,
    ownerUnit: ownerUnitOf(events) ?? folded.ownerUnit,
  };
}

/**
 * Folded initiatives by stream id, least recently used dropped first, so a command reads only the
 * events after the version it has folded. The append's expected-version check guards every entry:
 * whatever was appended elsewhere is read on the next load, and a refused append drops the entry.
 */
export class FoldedStateCache {
  private readonly entries: BoundedMap<string, FoldedStream>;
  /** Records of the cached states, which `foldOnto` may change in place (an entry is replaced by its fold). */
  readonly owned = new WeakSet<object>();

  constructor(capacity: number) {
    this.entries = new BoundedMap(capacity);
  }

  get(streamId: string): FoldedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) this.entries.set(streamId, entry); // used last: dropped last
    return entry;
  }

  set(streamId: string, entry: FoldedStream): void {
    this.entries.set(streamId, entry);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
