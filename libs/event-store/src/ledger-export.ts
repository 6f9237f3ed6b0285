import type { EventStore, StoredEvent } from './event-store.port';
import { formatDigest, LedgerHeads, type StreamHead } from './ledger-digest';
import { readAllEvents } from './ledger-reading';

export interface ExportOptions {
  /** Events recorded at or after this time (ISO 8601), default: from the beginning. */
  readonly from?: string;
  /** Events recorded before this time (ISO 8601), default: up to now. */
  readonly to?: string;
  /**
   * Only events at or before this position: `upToPosition` = a saved digest's position exports
   * the history it covers.
   */
  readonly upToPosition?: number;
  readonly pageSize?: number;
}

/** The last record of an export: what an outside party needs to verify it. */
export interface ExportTrailer {
  readonly type: 'ledgerDigest';
  /** `v1:<coveredPosition>:<root>`: the ledger digest as of the last exported event. */
  readonly digest: string;
  readonly coveredPosition: number;
  readonly root: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly upToPosition: number | null;
  readonly exportedEvents: number;
  readonly firstPosition: number | null;
  readonly lastPosition: number | null;
  /** Every stream's head as of `coveredPosition` (the Merkle leaves), sorted by stream id. */
  readonly heads: StreamHead[];
  readonly hashAlgorithm: string;
  readonly instructions: string;
}

export type ExportItem =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'trailer'; readonly trailer: ExportTrailer };

export const EXPORT_INSTRUCTIONS =
  'Each event line is its envelope in canonical JSON (keys sorted, no whitespace). ' +
  'hash = SHA-256 hex of the canonical JSON of the envelope without "hash"; ' +
  'prevHash = hash of the previous event of the same stream (null for version 1). ' +
  'root = RFC 6962 Merkle tree hash over heads sorted by streamId, ' +
  'leaf = SHA-256(0x00 || streamId "\\n" version "\\n" hash), node = SHA-256(0x01 || left || right). ' +
  'Compare digest with one you saved, or ask GET /audit/verify?digest=<digest>. ' +
  'An export without this record is incomplete. See docs/verifying-an-export.md.';

/**
 * The events recorded in [from, to), in position order, then a trailer with the ledger digest
 * as of the last exported event. Walks the whole ledger page by page (recordedAt is not
 * guaranteed to follow position exactly, so no part can be skipped) and holds only the stream
 * heads in memory.
 */
export async function* exportLedger(
  store: Pick<EventStore, 'readAll'>,
  options: ExportOptions = {},
): AsyncGenerator<ExportItem> {
  const from = options.from !== undefined ? Date.parse(options.from) : -Infinity;
  const to = options.to !== undefined ? Date.parse(options.to) : Infinity;
  if (Number.isNaN(from)) throw new RangeError(`from is not a time: ${options.from}`);
  if (Number.isNaN(to)) throw new RangeError(`to is not a time: ${options.to}`);
  const heads = new LedgerHeads();
  // Streams changed after the last exported event, with their head before the change: undone
  // at the end, so that the trailer shows the heads as of the last exported position.
  const undo = new Map<string, { version: number; hash: string | null } | undefined>();
  let exportedEvents = 0;
  let firstPosition: number | null = null;
  let lastPosition: number | null = null;

  for await (const event of readAllEvents(store, {
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.upToPosition !== undefined ? { upToPosition: options.upToPosition } : {}),
  })) {
    const recordedAt = Date.parse(event.recordedAt);
    if (recordedAt >= from && recordedAt < to) {
      undo.clear();
      heads.apply(event);
      exportedEvents++;
      firstPosition ??= event.position;
      lastPosition = event.position;
      yield { kind: 'event', event };
    } else {
      if (!undo.has(event.streamId)) undo.set(event.streamId, heads.get(event.streamId));
      heads.apply(event);
    }
  }
  heads.restore(undo);
  const coveredPosition = lastPosition ?? 0;
  const root = heads.root();
  yield {
    kind: 'trailer',
    trailer: {
      type: 'ledgerDigest',
      digest: formatDigest(coveredPosition, root),
      coveredPosition,
      root,
      from: options.from ?? null,
      to: options.to ?? null,
      upToPosition: options.upToPosition ?? null,
      exportedEvents,
      firstPosition,
      lastPosition,
      heads: heads.list(),
      hashAlgorithm: 'sha256',
      instructions: EXPORT_INSTRUCTIONS,
    },
  };
}
