import { isReportEvent } from '@followup/domain';
import type { EventStore, StoredEvent } from '@followup/event-store';
import type { ReadModelStore, ViewChange } from '../read-model-store.port';
import type { InitiativeView } from './initiative-view';
import { evolveInitiativeView, foldInitiativeView } from './initiative-view.projection';
import { BoundedMap } from '@followup/platform';

export interface CatchUpProgress {
  readonly position: number;
  readonly head: number;
  readonly applied: number;
}

/**
 * Views a batch saves at once on a store without `saveInitiatives`: on FerretDB, 16 kept the
 * projector closer to the load than 8 (docs/benchmarks.md, production topology).
 */
const SAVES_IN_FLIGHT = 16;

/**
 * Keeps `InitiativeView`s current. Idempotent by stream version: an event at or below the
 * stored version is a duplicate and ignored; an event beyond the next version means
 * something was not delivered yet, and the gap is filled from the event store, never skipped.
 */
export class InitiativeProjection {
  static readonly checkpointName = 'initiative-views';
  /** The views this instance saved last, most recent last: the next event of one starts from it unread. */
  private readonly saved: BoundedMap<string, InitiativeView>;

  constructor(
    private readonly views: ReadModelStore,
    private readonly events: EventStore,
    savedCapacity = 2_000,
  ) {
    this.saved = new BoundedMap(savedCapacity);
  }

  async handle(event: StoredEvent): Promise<void> {
    // Period reports share the event store (and its hash chain) but are no initiative's history.
    if (isReportEvent(event)) return;
    for (let attempt = 0; attempt < 10; attempt++) {
      // After a refused save (attempt > 0) the view is read again.
      const view = await this.viewBefore(event.streamId, event.streamVersion, attempt === 0);
      const current = view?.version ?? 0;
      if (event.streamVersion <= current) return;
      const pending =
        event.streamVersion === current + 1
          ? [event]
          : await this.fillGap(event.streamId, current, event.streamVersion);
      const next = pending.reduce(evolveInitiativeView, view);
      if (next && (await this.views.saveInitiative(next, current))) {
        this.remember(next);
        return;
      }
      // Another projector instance moved the view on meanwhile: read it again.
    }
    throw new Error(`could not project ${event.streamId} v${event.streamVersion}: the view kept changing underneath`);
  }

  /**
   * The view a delivery starting at `nextVersion` applies to. The view this instance saved last is
   * taken unread when the delivery continues it (and `trustRemembered`): the compare-and-set of
   * the save fails if another instance (or a rebuild) changed the stored view since, and then the
   * view is read again. Anything else (a duplicate, a gap) is decided on the stored view.
   */
  private async viewBefore(
    streamId: string,
    nextVersion: number,
    trustRemembered: boolean,
  ): Promise<InitiativeView | null> {
    const remembered = this.saved.get(streamId);
    this.saved.delete(streamId);
    if (trustRemembered && remembered && nextVersion === remembered.version + 1) return remembered;
    return this.views.getInitiative(streamId);
  }

  private remember(view: InitiativeView): void {
    this.saved.set(view.id, view);
  }

  private async fillGap(streamId: string, current: number, upTo: number): Promise<StoredEvent[]> {
    const missing = (await this.events.readStream(streamId, current + 1)).filter((e) => e.streamVersion <= upTo);
    if (missing.length !== upTo - current) {
      throw new Error(
        `event store has ${streamId} only up to v${current + missing.length}, but v${upTo} was delivered`,
      );
    }
    return missing;
  }

  /**
   * Applies every stored event after the checkpoint (embedded mode and rebuilds, where
   * positions follow commit order), saving the checkpoint with each page.
   */
  async catchUp(onProgress?: (progress: CatchUpProgress) => void, pageSize = 500): Promise<number> {
    let position = await this.views.getCheckpoint(InitiativeProjection.checkpointName);
    const head = await this.events.headPosition();
    let applied = 0;
    for (;;) {
      const page = await this.events.readAll({ after: position, limit: pageSize });
      if (page.length === 0) break;
      await this.handleBatch(page, true);
      position = page[page.length - 1]!.position;
      applied += page.length;
      onProgress?.({ position, head: Math.max(head, position), applied });
    }
    return applied;
  }

  async handleAndCheckpoint(event: StoredEvent): Promise<void> {
    await this.handleBatch([event], true);
  }

  /**
   * `handle` for several events at once: each touched view is read (unless remembered), brought forward by all its
   * events and saved once, and, where the store can, every view and the checkpoint (the position
   * of the last event, with `checkpoint`) go in one write. Answers each touched stream's version.
   */
  async handleBatch(events: readonly StoredEvent[], checkpoint = false): Promise<Map<string, number>> {
    const byStream = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (isReportEvent(event)) continue;
      const stream = byStream.get(event.streamId);
      if (stream) stream.push(event);
      else byStream.set(event.streamId, [event]);
    }
    const changes: ViewChange[] = [];
    const reached = new Map<string, number>();
    for (const [streamId, delivered] of byStream) {
      const view = await this.viewBefore(streamId, delivered[0]!.streamVersion, true);
      const change = await this.changeOf(streamId, view, delivered);
      if (change) changes.push(change);
      reached.set(streamId, change?.view.version ?? view?.version ?? 0);
    }
    const last = events[events.length - 1];
    const position = checkpoint && last ? { name: InitiativeProjection.checkpointName, position: last.position } : null;
    const saved = this.views.saveInitiatives
      ? await this.views.saveInitiatives(changes, position)
      : await this.saveOneByOne(changes, position);
    // A view another projector instance moved on meanwhile goes the careful way, one event at a time.
    for (const [i, { view }] of changes.entries()) {
      if (saved[i]) {
        this.remember(view);
        continue;
      }
      const newest = byStream.get(view.id)!.reduce((a, b) => (b.streamVersion > a.streamVersion ? b : a));
      await this.handle(newest);
      reached.set(view.id, (await this.views.getInitiative(view.id))?.version ?? 0);
    }
    return reached;
  }

  /** The view after the delivered events it has not seen, gaps filled from the store; null if none is new. */
  private async changeOf(
    streamId: string,
    view: InitiativeView | null,
    delivered: readonly StoredEvent[],
  ): Promise<ViewChange | null> {
    const current = view?.version ?? 0;
    // Records can repeat (a relay publishing again after an outage) or come out of order (two
    // relays): the view goes to the highest version delivered, never just to the last one's.
    const newer = new Map<number, StoredEvent>();
    for (const e of delivered) if (e.streamVersion > current) newer.set(e.streamVersion, e);
    if (newer.size === 0) return null;
    const upTo = Math.max(...newer.keys());
    const complete = newer.size === upTo - current;
    const pending = complete
      ? [...newer.values()].sort((a, b) => a.streamVersion - b.streamVersion)
      : await this.fillGap(streamId, current, upTo);
    const next = foldInitiativeView(pending, view);
    return next ? { view: next, previousVersion: current } : null;
  }

  private async saveOneByOne(
    changes: readonly ViewChange[],
    checkpoint: { name: string; position: number } | null,
  ): Promise<boolean[]> {
    // Different views, independent writes: SAVES_IN_FLIGHT at once, the next starting as soon as
    // one ends, so a batch waits neither for each round trip in turn nor for the slowest of a group
    // (every one is still its own guarded command).
    const saved: boolean[] = new Array<boolean>(changes.length);
    let next = 0;
    let failure: { reason: unknown } | null = null;
    const saveInTurn = async (): Promise<void> => {
      // After a failure no new save starts, and every one in flight settles before it is reported:
      // a save left in flight would race the retry of this batch, and a server whose compare-and-set
      // is not atomic (FerretDB reads, then writes by _id) could then put an older view back.
      while (!failure && next < changes.length) {
        const at = next++;
        const { view, previousVersion } = changes[at]!;
        try {
          saved[at] = await this.views.saveInitiative(view, previousVersion);
        } catch (reason) {
          failure ??= { reason };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SAVES_IN_FLIGHT, changes.length) }, saveInTurn));
    if (failure) throw (failure as { reason: unknown }).reason;
    if (checkpoint) await this.views.saveCheckpoint(checkpoint.name, checkpoint.position);
    return saved;
  }
}
