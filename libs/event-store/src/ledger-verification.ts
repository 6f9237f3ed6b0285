import type { EventStore, StoredEvent } from './event-store.port';
import { eventHash } from './hash-chain';
import { formatDigest, LedgerHeads, parseDigest, type LedgerHead } from './ledger-digest';
import { readAllEvents } from './ledger-reading';

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

/** A digest the caller saved, with the position and root it states. */
interface SavedDigest {
  readonly digest: string;
  readonly position: number;
  readonly root: string;
}

/** What one walk over the ledger found. */
interface LedgerWalk {
  readonly heads: LedgerHeads;
  checkedEvents: number;
  brokenEvents: number;
  firstBroken: BrokenEvent | undefined;
  lastPosition: number;
  /** The root of the heads just before the first event past the saved digest's position. */
  rootAtSaved: string | null;
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
  const walk = await walkLedger(store, options, saved);
  const { heads, checkedEvents, brokenEvents, firstBroken, lastPosition } = walk;

  const head: LedgerHead = { position: lastPosition, digest: heads.digest(lastPosition), streams: heads.size };
  const digestCheck = saved ? checkSavedDigest(saved, walk) : undefined;
  return {
    ok: !firstBroken && (digestCheck?.matches ?? true),
    checkedEvents,
    brokenEvents,
    head,
    ...(firstBroken ? { firstBroken } : {}),
    ...(digestCheck ? { digestCheck } : {}),
  };
}

/** Checks every event in position order, keeping each stream's head as stored. */
async function walkLedger(
  store: Pick<EventStore, 'readAll'>,
  options: VerifyOptions,
  saved: SavedDigest | null,
): Promise<LedgerWalk> {
  const walk: LedgerWalk = {
    heads: new LedgerHeads(),
    checkedEvents: 0,
    brokenEvents: 0,
    firstBroken: undefined,
    lastPosition: 0,
    rootAtSaved: null,
  };
  const { heads } = walk;

  // With a saved digest, the walk goes at least as far as the position the digest covers.
  const upTo = options.upToPosition === undefined ? undefined : Math.max(options.upToPosition, saved?.position ?? 0);
  for await (const event of readAllEvents(store, {
    ...(upTo !== undefined ? { upToPosition: upTo } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  })) {
    if (saved && walk.rootAtSaved === null && event.position > saved.position) walk.rootAtSaved = heads.root();
    walk.checkedEvents++;
    const broken = checkEvent(event, heads.get(event.streamId), walk.lastPosition);
    if (broken) {
      walk.brokenEvents++;
      walk.firstBroken ??= {
        eventId: event.eventId,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        position: event.position,
        ...broken,
      };
    }
    // Go on from what is stored, so that one change is reported once, not for every later event.
    heads.apply(event);
    walk.lastPosition = Math.max(walk.lastPosition, event.position);
  }
  return walk;
}

/** Compares the root of the heads as of the saved digest's position with the saved root. */
function checkSavedDigest(saved: SavedDigest, walk: LedgerWalk): DigestCheck {
  const { firstBroken, lastPosition } = walk;
  const root = walk.rootAtSaved ?? walk.heads.root();
  const matches = root === saved.root;
  const shortened = saved.position > lastPosition;
  return {
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
