import { createHash } from 'node:crypto';
import type { EventStore, StoredEvent } from './event-store.port';
import { compareCodePoints } from './hash-chain';
import { readAllEvents } from './ledger-reading';

/**
 * The ledger digest `v1:<position>:<root>`: the RFC 6962 Merkle tree hash over one leaf per
 * stream head (last version and hash), sorted by stream id.
 */

export const DIGEST_VERSION = 'v1';
const DIGEST_PATTERN = /^v1:(0|[1-9][0-9]{0,15}):([0-9a-f]{64})$/;

/** A stream's last event as of some position: the leaf of the ledger digest. */
export interface StreamHead {
  readonly streamId: string;
  readonly version: number;
  readonly hash: string | null;
}

export interface LedgerHead {
  /** The highest position covered (0 for an empty ledger). */
  readonly position: number;
  /** `v1:<position>:<root>` over the stream heads as stored. */
  readonly digest: string;
  readonly streams: number;
}

export class InvalidDigestError extends Error {
  constructor(readonly digest: string) {
    super(`not a ledger digest: expected ${DIGEST_VERSION}:<position>:<64 hex digits>`);
    this.name = 'InvalidDigestError';
  }
}

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
