import { initiativeDecider, toInitiativeEvent, type InitiativeState, type VersionedEvent } from '@followup/domain';
import { ownerUnitOf } from './unit-scope';

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

/** Folds events (stored or about to be) onto what is known of their stream. */
export function foldOnto(folded: FoldedStream, events: readonly VersionedEvent[]): FoldedStream {
  if (events.length === 0) return folded;
  return {
    state: events.reduce((state, event) => initiativeDecider.evolve(state, toInitiativeEvent(event)), folded.state),
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
  private readonly entries = new Map<string, FoldedStream>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): FoldedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: FoldedStream): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
