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

export * from './ledger-digest';
export * from './ledger-reading';
export * from './ledger-verification';
export * from './ledger-export';
