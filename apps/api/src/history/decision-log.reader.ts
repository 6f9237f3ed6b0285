import { Inject, Injectable } from '@nestjs/common';
import { initiativeEventsOnly } from '@followup/domain';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import type { MessageLanguage } from '@followup/platform';
import {
  catchUpDecisionLog,
  decisionsOfStream,
  READ_MODEL_STORE,
  type DecisionAnchor,
  type DecisionAnchorFilter,
  type DecisionLogEntry,
  type ReadModelStore,
} from '@followup/read-model';

/** Anchors read per query of the index when a walk needs them all (words filter). */
const WALK_BATCH = 1_000;

/** The sort key of an entry, enough to find it again: what a walk over every match keeps of each. */
type EntryKey = Pick<DecisionAnchor, 'occurredAt' | 'recordedAt' | 'decisionId' | 'streamId'>;

/**
 * The decision log, read through its index in the read-model store (`DecisionAnchor`): the index is
 * brought up to the event store's head before each read (only events after its checkpoint are
 * read), filters and pages the log, and only the entries of the page are built from their streams.
 */
@Injectable()
export class DecisionLogReader {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
  ) {}

  /** Entries passing the index's filter, `limit` from `offset`, with how many pass. */
  async page(
    filter: DecisionAnchorFilter,
    offset: number,
    limit: number,
    language: MessageLanguage,
  ): Promise<{ items: DecisionLogEntry[]; total: number }> {
    await this.upToDate();
    const { anchors, total } = await this.views.listDecisionAnchors(filter, { offset, limit });
    return { items: await this.entriesOf(anchors, language), total };
  }

  /**
   * Entries passing the index's filter and `keep` (which needs the entry's text), `limit` from
   * `offset`. Walks the matching anchors stream by stream, building each stream's entries once, and
   * keeps only the sort keys of the entries that pass; then builds the page.
   */
  async filteredPage(
    filter: DecisionAnchorFilter,
    keep: (entry: DecisionLogEntry) => boolean,
    offset: number,
    limit: number,
    language: MessageLanguage,
  ): Promise<{ items: DecisionLogEntry[]; total: number }> {
    await this.upToDate();
    const kept: EntryKey[] = [];
    for (let at = 0; ; at += WALK_BATCH) {
      const { anchors } = await this.views.listDecisionAnchors(filter, {
        offset: at,
        limit: WALK_BATCH,
        order: 'stream',
      });
      for (const { anchor, entry } of await this.withEntries(anchors, language)) {
        if (keep(entry)) kept.push(keyOf(anchor));
      }
      if (anchors.length < WALK_BATCH) break;
    }
    kept.sort(compareKeys);
    const page = kept.slice(offset, offset + limit);
    const anchors = (await this.views.decisionAnchorsOf([...new Set(page.map((key) => key.streamId))])).filter(
      (anchor) => page.some((key) => sameKey(key, anchor)),
    );
    anchors.sort(compareKeys);
    return { items: await this.entriesOf(anchors, language), total: kept.length };
  }

  /** Brings the index up to the head; one catch-up at a time, concurrent readers wait for it. */
  private upToDate(): Promise<unknown> {
    const next = this.queue.then(() => catchUpDecisionLog(this.events, this.views));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async entriesOf(anchors: readonly DecisionAnchor[], language: MessageLanguage): Promise<DecisionLogEntry[]> {
    return (await this.withEntries(anchors, language)).map(({ entry }) => entry);
  }

  /** The entries the anchors stand for, in the anchors' order; each stream is read once. */
  private async withEntries(
    anchors: readonly DecisionAnchor[],
    language: MessageLanguage,
  ): Promise<Array<{ anchor: DecisionAnchor; entry: DecisionLogEntry }>> {
    const byStream = new Map<string, Map<string, DecisionLogEntry>>();
    for (const streamId of new Set(anchors.map((anchor) => anchor.streamId))) {
      const entries = decisionsOfStream(initiativeEventsOnly(await this.events.readStream(streamId)), language);
      byStream.set(streamId, new Map(entries.map((entry) => [entry.decisionId, entry])));
    }
    return anchors.flatMap((anchor) => {
      const entry = byStream.get(anchor.streamId)?.get(anchor.decisionId);
      return entry ? [{ anchor, entry }] : [];
    });
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareKeys(a: EntryKey, b: EntryKey): number {
  return (
    compare(a.occurredAt, b.occurredAt) ||
    compare(a.recordedAt, b.recordedAt) ||
    compare(a.decisionId, b.decisionId) ||
    compare(a.streamId, b.streamId)
  );
}

const sameKey = (a: EntryKey, b: EntryKey) => compareKeys(a, b) === 0;

const keyOf = ({ occurredAt, recordedAt, decisionId, streamId }: EntryKey): EntryKey => ({
  occurredAt,
  recordedAt,
  decisionId,
  streamId,
});
