import { createHash } from 'node:crypto';
import type { EventStore, StoredEvent } from './event-store.port';
import { compareCodePoints, eventHash } from './hash-chain';

/**
 * Tamper evidence, part 2: the ledger as a whole. Pure functions over the EventStore port
 * (no framework), used by the audit endpoints and by tests.
 *
 * - `verifyLedger` walks every event in position order, keeping only each stream's last
 *   version and hash, and names the first event whose hash, chain link, version or position
 *   is wrong.
 * - The ledger digest `v1:<position>:<root>` commits to every stream's head (last version and
 *   hash) as of a position: the root is the RFC 6962 Merkle tree hash over one leaf per stream,
 *   sorted by stream id. Because each head hash chains back to the stream's first event, a
 *   saved digest fixes the whole history up to its position: a later change, deletion
 *   (including of a stream's last event, which the chains alone cannot show), insertion or
 *   reordering changes the recomputed root.
 */

export const DIGEST_VERSION = 'v1';
const DIGEST_PATTERN = /^v1:(0|[1-9][0-9]{0,15}):([0-9a-f]{64})$/;
const DEFAULT_PAGE_SIZE = 500;

/** A stream's last event as of some position: the leaf of the ledger digest. */
export interface StreamHead {
  readonly streamId: string;
  readonly version: number;
  readonly hash: string | null;
}

export type BreakReason =
  /** The event's content or envelope differs from what was hashed when it was recorded. */
  | 'hashMismatch'
  /** The event does not link to the stored hash of the event before it in its stream. */
  | 'prevHashMismatch'
  /** Versions jump: events before this one in its stream are missing. */
  | 'versionGap'
  /** The version repeats or goes back: events were reordered or duplicated. */
  | 'versionOutOfOrder'
  /** Positions do not increase. */
  | 'positionOutOfOrder'
  /** The event carries no hash at all. */
  | 'missingHash';

export interface BrokenEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly reason: BreakReason;
  readonly detail: string;
}

export interface LedgerHead {
  /** The highest position covered (0 for an empty ledger). */
  readonly position: number;
  /** `v1:<position>:<root>` over the stream heads as stored. */
  readonly digest: string;
  readonly streams: number;
}

export interface DigestCheck {
  /** The digest the caller saved. */
  readonly digest: string;
  readonly coveredPosition: number;
  /** The digest recomputed from the store as of `coveredPosition`. */
  readonly recomputed: string;
  readonly matches: boolean;
  readonly detail: string;
}

export interface LedgerVerification {
  readonly ok: boolean;
  readonly checkedEvents: number;
  /** How many events failed a check (after the first, each is checked against what is stored). */
  readonly brokenEvents: number;
  readonly head: LedgerHead;
  readonly firstBroken?: BrokenEvent;
  readonly digestCheck?: DigestCheck;
}

export interface VerifyOptions {
  /** Stop after this position (default: the whole ledger). */
  readonly upToPosition?: number;
  /** A digest saved earlier: also check that the history it covers is unchanged. */
  readonly digest?: string;
  readonly pageSize?: number;
}

export class InvalidDigestError extends Error {
  constructor(readonly digest: string) {
    super(`not a ledger digest: expected ${DIGEST_VERSION}:<position>:<64 hex digits>`);
    this.name = 'InvalidDigestError';
  }
}

// ---------------------------------------------------------------------------------------------
// Digest

/** Leaf of the Merkle tree: SHA-256(0x00 || "<streamId>\n<version>\n<hash>"), as in RFC 6962. */
export function leafHash(head: StreamHead): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(`${head.streamId}\n${head.version}\n${head.hash ?? ''}`, 'utf8')
    .digest();
}

/**
 * RFC 6962 Merkle tree hash: nodes are SHA-256(0x01 || left || right), built pairwise level by
 * level with an odd last node promoted unchanged (which gives exactly the RFC's tree shape);
 * the empty tree hashes to SHA-256 of nothing.
 */
export function merkleRoot(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  let level: Buffer[] = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(
        right
          ? createHash('sha256')
              .update(Buffer.from([1]))
              .update(level[i]!)
              .update(right)
              .digest()
          : level[i]!,
      );
    }
    level = next;
  }
  return level[0]!.toString('hex');
}

/** Heads sorted by stream id (code point order, the order of their UTF-8 bytes). */
export function sortHeads(heads: Iterable<StreamHead>): StreamHead[] {
  return [...heads].sort((a, b) => compareCodePoints(a.streamId, b.streamId));
}

export function ledgerRoot(heads: Iterable<StreamHead>): string {
  return merkleRoot(sortHeads(heads).map(leafHash));
}

export function formatDigest(position: number, root: string): string {
  return `${DIGEST_VERSION}:${position}:${root}`;
}

/** The digest of the given stream heads, said to cover the ledger up to `position`. */
export function ledgerDigest(heads: Iterable<StreamHead>, position: number): string {
  return formatDigest(position, ledgerRoot(heads));
}

export function parseDigest(digest: string): { position: number; root: string } {
  const match = DIGEST_PATTERN.exec(digest);
  if (!match) throw new InvalidDigestError(digest);
  const position = Number(match[1]);
  if (!Number.isSafeInteger(position)) throw new InvalidDigestError(digest);
  return { position, root: match[2]! };
}

/** Each stream's last version and hash, updated event by event in position order. */
export class LedgerHeads {
  private readonly byStream = new Map<string, { version: number; hash: string | null }>();

  apply(event: Pick<StoredEvent, 'streamId' | 'streamVersion' | 'hash'>): void {
    this.byStream.set(event.streamId, { version: event.streamVersion, hash: event.hash });
  }

  get(streamId: string): { version: number; hash: string | null } | undefined {
    return this.byStream.get(streamId);
  }

  /** Puts streams back as they were (undefined: the stream did not exist yet). */
  restore(saved: ReadonlyMap<string, { version: number; hash: string | null } | undefined>): void {
    for (const [streamId, head] of saved) {
      if (head) this.byStream.set(streamId, head);
      else this.byStream.delete(streamId);
    }
  }

  get size(): number {
    return this.byStream.size;
  }

  list(): StreamHead[] {
    return sortHeads(
      [...this.byStream].map(([streamId, head]) => ({ streamId, version: head.version, hash: head.hash })),
    );
  }

  root(): string {
    return ledgerRoot(this.list());
  }

  digest(position: number): string {
    return formatDigest(position, this.root());
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Every event after `after`, in position order, read page by page (never all at once). */
export async function* readAllEvents(
  store: Pick<EventStore, 'readAll'>,
  options: { after?: number; upToPosition?: number; pageSize?: number } = {},
): AsyncGenerator<StoredEvent> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let after = options.after ?? 0;
  for (;;) {
    const page = await store.readAll({ after, limit });
    for (const event of page) {
      if (options.upToPosition !== undefined && event.position > options.upToPosition) return;
      yield event;
    }
    if (page.length < limit) return;
    const last = page[page.length - 1]!.position;
    // A store that does not move forward would loop for ever; stop (verify reports the order).
    if (!(last > after)) return;
    after = last;
  }
}

/** The digest of the ledger as stored, as of `upToPosition` (default: its head). */
export async function computeDigest(
  store: Pick<EventStore, 'readAll'>,
  options: { upToPosition?: number; pageSize?: number } = {},
): Promise<LedgerHead> {
  const heads = new LedgerHeads();
  let position = 0;
  for await (const event of readAllEvents(store, options)) {
    heads.apply(event);
    position = event.position;
  }
  return { position, digest: heads.digest(position), streams: heads.size };
}

// ---------------------------------------------------------------------------------------------
// Verification

/** Checks one event against its stream's state; null when it is sound. */
export function checkEvent(
  event: StoredEvent,
  previous: { version: number; hash: string | null } | undefined,
  lastPosition: number,
): { reason: BreakReason; detail: string } | null {
  if (!(event.position > lastPosition)) {
    return {
      reason: 'positionOutOfOrder',
      detail: `position ${event.position} does not follow position ${lastPosition}`,
    };
  }
  const expectedVersion = (previous?.version ?? 0) + 1;
  if (event.streamVersion > expectedVersion) {
    return {
      reason: 'versionGap',
      detail:
        `stream ${event.streamId} jumps to version ${event.streamVersion} where ${expectedVersion} was expected: ` +
        `version${event.streamVersion - expectedVersion > 1 ? 's' : ''} ${expectedVersion}` +
        `${event.streamVersion - expectedVersion > 1 ? `..${event.streamVersion - 1}` : ''} missing (deleted)`,
    };
  }
  if (event.streamVersion < expectedVersion) {
    return {
      reason: 'versionOutOfOrder',
      detail: `stream ${event.streamId} has version ${event.streamVersion} after version ${expectedVersion - 1} (reordered or duplicated)`,
    };
  }
  const expectedPrev = previous?.hash ?? null;
  if (event.prevHash !== expectedPrev) {
    return {
      reason: 'prevHashMismatch',
      detail:
        `prevHash is ${event.prevHash ?? 'null'} but the previous event of the stream ` +
        `${expectedPrev === null ? 'does not exist' : `has hash ${expectedPrev}`}: an event before it was deleted, inserted, reordered or rewritten`,
    };
  }
  if (event.hash === null || event.hash === undefined) {
    return { reason: 'missingHash', detail: 'the event carries no hash' };
  }
  const recomputed = eventHash(event);
  if (recomputed !== event.hash) {
    return {
      reason: 'hashMismatch',
      detail: `the stored hash is ${event.hash} but the event's canonical form hashes to ${recomputed}: its content or envelope was changed`,
    };
  }
  return null;
}

/**
 * Recomputes every hash and chain link in position order and names the first broken event.
 * With `digest`, also recomputes the stream heads as of the digest's position and compares the
 * roots: this is what catches a deleted last event of a stream, or a chain rewritten
 * consistently from the tampered event to the stream's end.
 */
export async function verifyLedger(
  store: Pick<EventStore, 'readAll'>,
  options: VerifyOptions = {},
): Promise<LedgerVerification> {
  const saved = options.digest !== undefined ? { digest: options.digest, ...parseDigest(options.digest) } : null;
  const heads = new LedgerHeads();
  let checkedEvents = 0;
  let brokenEvents = 0;
  let firstBroken: BrokenEvent | undefined;
  let lastPosition = 0;
  let rootAtSaved: string | null = null;

  // With a saved digest, the walk goes at least as far as the position the digest covers.
  const upTo = options.upToPosition === undefined ? undefined : Math.max(options.upToPosition, saved?.position ?? 0);
  for await (const event of readAllEvents(store, {
    ...(upTo !== undefined ? { upToPosition: upTo } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  })) {
    if (saved && rootAtSaved === null && event.position > saved.position) rootAtSaved = heads.root();
    checkedEvents++;
    const broken = checkEvent(event, heads.get(event.streamId), lastPosition);
    if (broken) {
      brokenEvents++;
      firstBroken ??= {
        eventId: event.eventId,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        position: event.position,
        ...broken,
      };
    }
    // Go on from what is stored, so that one change is reported once, not for every later event.
    heads.apply(event);
    lastPosition = Math.max(lastPosition, event.position);
  }

  const head: LedgerHead = { position: lastPosition, digest: heads.digest(lastPosition), streams: heads.size };
  let digestCheck: DigestCheck | undefined;
  if (saved) {
    const root = rootAtSaved ?? heads.root();
    const matches = root === saved.root;
    const shortened = saved.position > lastPosition;
    digestCheck = {
      digest: saved.digest,
      coveredPosition: saved.position,
      recomputed: formatDigest(saved.position, root),
      matches,
      detail: matches
        ? `the history up to position ${saved.position} is the one the digest was taken of`
        : `the stream heads as of position ${saved.position} differ from the saved digest: ` +
          (shortened
            ? `the ledger now ends at position ${lastPosition}, so events at its end were deleted`
            : 'an event at or before that position was changed, deleted, inserted or reordered') +
          (firstBroken
            ? ''
            : ' (every chain link still holds, so the change was at the end of a stream or rewrote a chain consistently)'),
    };
  }
  return {
    ok: !firstBroken && (digestCheck?.matches ?? true),
    checkedEvents,
    brokenEvents,
    head,
    ...(firstBroken ? { firstBroken } : {}),
    ...(digestCheck ? { digestCheck } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Export

export interface ExportOptions {
  /** Events recorded at or after this time (ISO 8601), default: from the beginning. */
  readonly from?: string;
  /** Events recorded before this time (ISO 8601), default: up to now. */
  readonly to?: string;
  /** Only events at or before this position: `upToPosition` = a saved digest's position exports the history it covers. */
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
