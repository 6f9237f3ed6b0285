import { initiativeEventsOnly, isReportEvent } from '@followup/domain';
import type { EventStore, StoredEvent } from '@followup/event-store';
import type { InitiativeView } from '../initiative/initiative-view';
import { evolveInBusinessTime, foldBusinessTimeSlice } from '../initiative/initiative-view.projection';
import { eventsInSlice, type TimeSlice } from './time-slice';

/** A stream folded up to `version`: every event up to it was recorded by `recordedBy`. */
interface Snapshot {
  readonly version: number;
  /** The hash of the event at `version`: the next event must link to it. */
  readonly hash: string | null;
  /** The latest recording time among events 1..version. */
  readonly recordedBy: string;
  readonly view: InitiativeView;
}

export interface AsOfSnapshotsOptions {
  /** A snapshot is kept every this many versions. */
  readonly every?: number;
  /** Snapshots kept in all (those of the least recently read streams are dropped first). */
  readonly snapshots?: number;
}

export type AsOfRead =
  | { readonly kind: 'view'; readonly view: InitiativeView }
  /** The stream has events, none of them (or not its registration) recorded by then. */
  | { readonly kind: 'notYetRecorded' }
  /** No such stream, or a report's. */
  | { readonly kind: 'notFound' };

/**
 * As-of reads (`?asOf=`, system time) of one initiative without replaying its whole history: the
 * view folded every `every` versions is kept in memory for the streams read lately, and a read
 * starts from the latest snapshot recorded by then and reads only the events after it recorded by
 * then. The result is the fold of `eventsInSlice(stream, { asOf, validAt: null })`. Events are never
 * changed once stored; a snapshot whose next event does not link to its hash is dropped.
 */
export class AsOfSnapshots {
  private readonly every: number;
  private readonly capacity: number;
  private held = 0;
  private readonly byStream = new Map<string, Snapshot[]>();

  constructor(
    private readonly events: Pick<EventStore, 'readStreamRecordedBy' | 'readStream'>,
    options: AsOfSnapshotsOptions = {},
  ) {
    this.every = options.every ?? 250;
    this.capacity = options.snapshots ?? 256;
  }

  async read(streamId: string, asOf: string): Promise<AsOfRead> {
    const at = Date.parse(asOf);
    const snapshots = this.take(streamId);
    // Snapshots are in version order, and so in order of recordedBy (the latest time up to each).
    const start = snapshots.filter((s) => Date.parse(s.recordedBy) <= at).pop();
    const tail = await this.events.readStreamRecordedBy(streamId, (start?.version ?? 0) + 1, asOf);
    const first = tail[0];
    if (start && first?.streamVersion === start.version + 1 && first.prevHash !== start.hash) {
      return this.read(streamId, asOf); // its snapshots were taken out and are not kept
    }
    if (tail.some(isReportEvent)) return { kind: 'notFound' };
    const view = !start && first?.streamVersion !== 1 ? null : this.fold(streamId, snapshots, start, tail);
    this.keep(streamId, snapshots);
    return view ? { kind: 'view', view } : this.missing(streamId);
  }

  /** The view in a time slice: from snapshots for system time alone, else by replaying the whole stream. */
  async inSlice(streamId: string, slice: TimeSlice): Promise<InitiativeView | null> {
    if (slice.asOf !== null && slice.validAt === null) {
      const read = await this.read(streamId, slice.asOf);
      return read.kind === 'view' ? read.view : null;
    }
    return foldBusinessTimeSlice(eventsInSlice(await this.events.readStream(streamId), slice));
  }

  /** Folds the tail onto a copy of the snapshot, keeping a snapshot at every `every` versions of a gapless run. */
  private fold(
    streamId: string,
    snapshots: Snapshot[],
    start: Snapshot | undefined,
    tail: readonly StoredEvent[],
  ): InitiativeView | null {
    let view = start ? structuredClone(start.view) : null;
    let version = start?.version ?? 0;
    let recordedBy = start?.recordedBy ?? '';
    for (const event of tail) {
      view = evolveInBusinessTime(view, event);
      // A gap (an event recorded later than asOf sits between) ends what may be kept.
      if (event.streamVersion !== version + 1) version = Infinity;
      else version = event.streamVersion;
      if (event.recordedAt > recordedBy) recordedBy = event.recordedAt;
      if (view && version % this.every === 0 && !snapshots.some((s) => s.version === version)) {
        snapshots.push({ version, hash: event.hash, recordedBy, view: structuredClone(view) });
        snapshots.sort((a, b) => a.version - b.version);
      }
    }
    if (view && view.id !== streamId) throw new Error(`stream ${streamId} folds into initiative ${view.id}`);
    return view;
  }

  /** Nothing to show by then: an initiative not recorded yet, or none at all (the rare path reads the stream). */
  private async missing(streamId: string): Promise<AsOfRead> {
    const events = initiativeEventsOnly(await this.events.readStream(streamId));
    return events.length === 0 ? { kind: 'notFound' } : { kind: 'notYetRecorded' };
  }

  /** The stream's snapshots, taken out until `keep` puts them back as the most recently read. */
  private take(streamId: string): Snapshot[] {
    const snapshots = this.byStream.get(streamId) ?? [];
    this.byStream.delete(streamId);
    this.held -= snapshots.length;
    return snapshots;
  }

  private keep(streamId: string, snapshots: Snapshot[]): void {
    if (snapshots.length === 0) return;
    // A concurrent read of the same stream may have kept its own meanwhile: this one replaces it.
    this.held -= this.byStream.get(streamId)?.length ?? 0;
    this.byStream.delete(streamId);
    this.byStream.set(streamId, snapshots);
    this.held += snapshots.length;
    for (const [oldest, dropped] of this.byStream) {
      if (this.held <= this.capacity) break;
      this.byStream.delete(oldest);
      this.held -= dropped.length;
    }
  }
}
