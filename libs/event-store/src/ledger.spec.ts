import { createHash } from 'node:crypto';
import type { EventStore, ReadAllOptions, StoredEvent } from './event-store.port';
import { chainEvents, eventHash } from './hash-chain';
import {
  computeDigest,
  exportLedger,
  formatDigest,
  InvalidDigestError,
  leafHash,
  ledgerDigest,
  ledgerRoot,
  merkleRoot,
  parseDigest,
  readAllEvents,
  verifyLedger,
  type ExportItem,
  type ExportTrailer,
  type StreamHead,
} from './ledger';

const sha = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  parts.forEach((p) => hash.update(p));
  return hash.digest();
};

/** RFC 6962 section 2.1, written from the definition (split at the largest power of two < n). */
function referenceMth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), referenceMth(leaves.slice(0, k)), referenceMth(leaves.slice(k)));
}

/** A read-only store over an array, as tampered as a test wants it. */
class ArrayStore implements Pick<EventStore, 'readAll'> {
  constructor(public events: StoredEvent[]) {}
  reads = 0;
  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    this.reads++;
    return this.events
      .filter((e) => e.position > after)
      .sort((a, b) => a.position - b.position)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }
}

let positionCounter = 0;
/** Appends `count` chained events to `stream` in `events`, continuing its chain. */
function append(
  events: StoredEvent[],
  stream: string,
  count: number,
  recordedAt = '2025-03-01T12:00:00.000Z',
): StoredEvent[] {
  const own = events.filter((e) => e.streamId === stream);
  const last = own[own.length - 1];
  const added = chainEvents(
    Array.from({ length: count }, (_, i) => ({
      eventId: `${stream}-e${(last?.streamVersion ?? 0) + i + 1}`,
      streamId: stream,
      streamVersion: (last?.streamVersion ?? 0) + i + 1,
      position: (positionCounter += 10),
      commitId: `c-${positionCounter}`,
      type: 'Happened',
      schemaVersion: 1,
      data: { n: positionCounter, ratio: positionCounter / 3 },
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedAt,
      actor: { sub: 'tester', roles: ['caseworker'] },
      correlationId: 'corr',
      causationId: null,
      decisionId: null,
      caseRef: null,
      reason: null,
    })),
    last?.hash ?? null,
  );
  events.push(...added);
  return added;
}

function ledger(): StoredEvent[] {
  const events: StoredEvent[] = [];
  append(events, 'a', 3);
  append(events, 'b', 2);
  append(events, 'a', 2);
  append(events, 'c', 1);
  append(events, 'b', 1);
  return events;
}

const byId = (events: StoredEvent[], id: string) => events.find((e) => e.eventId === id)!;

describe('Merkle root and ledger digest', () => {
  it('is the RFC 6962 Merkle tree hash for any number of leaves', () => {
    expect(merkleRoot([])).toBe(createHash('sha256').digest('hex'));
    for (let n = 1; n <= 17; n++) {
      const leaves = Array.from({ length: n }, (_, i) =>
        leafHash({ streamId: `s${i}`, version: i + 1, hash: 'ab'.repeat(32) }),
      );
      expect(merkleRoot(leaves)).toBe(referenceMth(leaves).toString('hex'));
    }
  });

  it('hashes leaves as 0x00 || "<streamId>\\n<version>\\n<hash>"', () => {
    const head: StreamHead = { streamId: 'init-1', version: 3, hash: 'cd'.repeat(32) };
    expect(leafHash(head)).toEqual(sha(Buffer.from([0]), Buffer.from(`init-1\n3\n${'cd'.repeat(32)}`)));
    const two = [head, { streamId: 'init-0', version: 1, hash: 'ef'.repeat(32) }];
    // Sorted by stream id, whatever order the heads come in.
    expect(ledgerRoot(two)).toBe(sha(Buffer.from([1]), leafHash(two[1]!), leafHash(two[0]!)).toString('hex'));
    expect(ledgerRoot([...two].reverse())).toBe(ledgerRoot(two));
    expect(ledgerDigest(two, 42)).toBe(`v1:42:${ledgerRoot(two)}`);
  });

  it('parses digests it formatted and refuses anything else', () => {
    const root = 'a'.repeat(64);
    expect(parseDigest(formatDigest(1234, root))).toEqual({ position: 1234, root });
    expect(parseDigest(`v1:0:${root}`)).toEqual({ position: 0, root });
    for (const bad of [
      '',
      'v1',
      `v2:1:${root}`,
      `v1:-1:${root}`,
      `v1:01:${root}`,
      `v1:1:${root.toUpperCase()}`,
      `v1:1:${root}0`,
      `v1:1.5:${root}`,
    ]) {
      expect(() => parseDigest(bad)).toThrow(InvalidDigestError);
    }
  });

  it('computes the digest of the stored heads as of a position', async () => {
    const events = ledger();
    const store = new ArrayStore(events);
    const heads = (upTo: number) => {
      const map = new Map<string, StreamHead>();
      for (const e of events)
        if (e.position <= upTo) map.set(e.streamId, { streamId: e.streamId, version: e.streamVersion, hash: e.hash });
      return [...map.values()];
    };
    const last = events[events.length - 1]!.position;
    expect(await computeDigest(store)).toEqual({ position: last, digest: ledgerDigest(heads(last), last), streams: 3 });
    const middle = events[4]!.position;
    expect((await computeDigest(store, { upToPosition: middle })).digest).toBe(ledgerDigest(heads(middle), middle));
    expect(await computeDigest(new ArrayStore([]))).toEqual({
      position: 0,
      digest: `v1:0:${merkleRoot([])}`,
      streams: 0,
    });
  });
});

describe('readAllEvents', () => {
  it('reads page by page without skipping or repeating', async () => {
    const events = ledger();
    for (const pageSize of [1, 2, 3, 100]) {
      const store = new ArrayStore(events);
      const seen: string[] = [];
      for await (const e of readAllEvents(store, { pageSize })) seen.push(e.eventId);
      expect(seen).toEqual(events.map((e) => e.eventId));
      expect(store.reads).toBeGreaterThanOrEqual(Math.ceil(events.length / pageSize));
    }
  });
});

describe('verifyLedger', () => {
  it('accepts an untouched ledger, whatever the page size', async () => {
    const events = ledger();
    for (const pageSize of [1, 4, 500]) {
      const result = await verifyLedger(new ArrayStore(events), { pageSize });
      expect(result).toEqual({
        ok: true,
        checkedEvents: events.length,
        brokenEvents: 0,
        head: await computeDigest(new ArrayStore(events)),
      });
    }
    expect(await verifyLedger(new ArrayStore([]))).toMatchObject({ ok: true, checkedEvents: 0, head: { position: 0 } });
  });

  it('names an event whose content was changed (hash mismatch), and reports it once', async () => {
    const events = ledger();
    const target = byId(events, 'a-e2');
    (target as { data: unknown }).data = { n: 999 };
    const result = await verifyLedger(new ArrayStore(events));
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({
      eventId: 'a-e2',
      streamId: 'a',
      streamVersion: 2,
      position: target.position,
      reason: 'hashMismatch',
    });
    expect(result.brokenEvents).toBe(1);
    expect(result.checkedEvents).toBe(events.length);
  });

  it('names the event after a deleted one (version gap)', async () => {
    const events = ledger().filter((e) => e.eventId !== 'a-e2');
    const result = await verifyLedger(new ArrayStore(events));
    expect(result.firstBroken).toMatchObject({ eventId: 'a-e3', streamVersion: 3, reason: 'versionGap' });
    expect(result.firstBroken!.detail).toContain('version 2 missing');
  });

  it('names a moved event when two events of a stream trade places (prevHash mismatch)', async () => {
    const events = ledger();
    const second = byId(events, 'a-e2');
    const third = byId(events, 'a-e3');
    // The rows trade their place (position and version), each keeping its own content and hashes.
    const [p2, v2] = [second.position, second.streamVersion];
    Object.assign(second, { position: third.position, streamVersion: third.streamVersion });
    Object.assign(third, { position: p2, streamVersion: v2 });
    const result = await verifyLedger(new ArrayStore(events));
    expect(result.firstBroken).toMatchObject({
      eventId: 'a-e3',
      position: p2,
      streamVersion: 2,
      reason: 'prevHashMismatch',
    });
  });

  it('names an event whose version was moved back (versionOutOfOrder)', async () => {
    const events = ledger();
    Object.assign(byId(events, 'a-e4'), { streamVersion: 2 });
    expect((await verifyLedger(new ArrayStore(events))).firstBroken).toMatchObject({
      eventId: 'a-e4',
      reason: 'versionOutOfOrder',
    });
  });

  it('names an event without a hash', async () => {
    const events = ledger();
    const first = byId(events, 'c-e1');
    Object.assign(first, { hash: null });
    expect((await verifyLedger(new ArrayStore(events))).firstBroken).toMatchObject({
      eventId: 'c-e1',
      reason: 'missingHash',
    });
  });

  it('names an event whose position repeats', async () => {
    const events = ledger();
    const b1 = byId(events, 'b-e1');
    const dup = { ...byId(events, 'c-e1'), position: b1.position };
    events.push(dup);
    // The array store returns both at the same position; the second is out of order.
    const result = await verifyLedger(new ArrayStore(events));
    expect(result.firstBroken?.reason).toBe('positionOutOfOrder');
  });

  it('catches a deleted last event of a stream only with a saved digest', async () => {
    const events = ledger();
    const saved = (await computeDigest(new ArrayStore(events))).digest;
    const tampered = events.filter((e) => e.eventId !== 'c-e1' && e.eventId !== 'b-e3');
    const plain = await verifyLedger(new ArrayStore(tampered));
    expect(plain.ok).toBe(true);
    const checked = await verifyLedger(new ArrayStore(tampered), { digest: saved });
    expect(checked.ok).toBe(false);
    expect(checked.firstBroken).toBeUndefined();
    expect(checked.digestCheck).toMatchObject({
      digest: saved,
      matches: false,
      coveredPosition: parseDigest(saved).position,
    });
    expect(checked.digestCheck!.recomputed).not.toBe(saved);
    expect(checked.digestCheck!.detail).toContain('ends at position');
  });

  it('proves an earlier digest against a ledger that has grown since', async () => {
    const events = ledger();
    const saved = (await computeDigest(new ArrayStore(events))).digest;
    append(events, 'a', 2);
    append(events, 'd', 1);
    const result = await verifyLedger(new ArrayStore(events), { digest: saved });
    expect(result).toMatchObject({
      ok: true,
      checkedEvents: events.length,
      digestCheck: { matches: true, recomputed: saved },
    });
    expect(result.head.position).toBe(events[events.length - 1]!.position);
  });

  it('catches a chain rewritten consistently to its end through the saved digest', async () => {
    const events = ledger();
    const saved = (await computeDigest(new ArrayStore(events))).digest;
    // A tamperer who knows the algorithm changes c-e1 and recomputes its hash: every link holds.
    const target = byId(events, 'c-e1');
    Object.assign(target, { data: { n: -1 } });
    Object.assign(target, { hash: eventHash(target) });
    expect((await verifyLedger(new ArrayStore(events))).ok).toBe(true);
    const result = await verifyLedger(new ArrayStore(events), { digest: saved });
    expect(result).toMatchObject({ ok: false, digestCheck: { matches: false } });
  });

  it('stops after upToPosition, and refuses a malformed digest', async () => {
    const events = ledger();
    const cut = events[3]!.position;
    expect(await verifyLedger(new ArrayStore(events), { upToPosition: cut })).toMatchObject({
      ok: true,
      checkedEvents: 4,
      head: { position: cut },
    });
    await expect(verifyLedger(new ArrayStore(events), { digest: 'nope' })).rejects.toBeInstanceOf(InvalidDigestError);
  });
});

describe('exportLedger', () => {
  async function collect(store: ArrayStore, options: Parameters<typeof exportLedger>[1]) {
    const items: ExportItem[] = [];
    for await (const item of exportLedger(store, options)) items.push(item);
    const trailer = items.pop();
    expect(trailer?.kind).toBe('trailer');
    return {
      events: items.map((i) => (i as { event: StoredEvent }).event),
      trailer: (trailer as { trailer: ExportTrailer }).trailer,
    };
  }

  it('exports the events recorded in [from, to) and the digest as of the last one exported', async () => {
    const events: StoredEvent[] = [];
    append(events, 'a', 2, '2025-01-10T00:00:00.000Z');
    append(events, 'b', 1, '2025-02-01T00:00:00.000Z');
    append(events, 'a', 1, '2025-02-15T00:00:00.000Z');
    append(events, 'c', 1, '2025-02-28T23:59:59.999Z');
    // After the period: these change heads, but not the trailer's.
    append(events, 'a', 1, '2025-03-01T00:00:00.000Z');
    append(events, 'd', 1, '2025-03-02T00:00:00.000Z');
    const store = new ArrayStore(events);

    const { events: exported, trailer } = await collect(store, {
      from: '2025-02-01T00:00:00Z',
      to: '2025-03-01T00:00:00+00:00',
      pageSize: 2,
    });
    expect(exported.map((e) => e.eventId)).toEqual(['b-e1', 'a-e3', 'c-e1']);
    const covered = byId(events, 'c-e1').position;
    expect(trailer).toMatchObject({
      type: 'ledgerDigest',
      coveredPosition: covered,
      exportedEvents: 3,
      firstPosition: byId(events, 'b-e1').position,
      lastPosition: covered,
      from: '2025-02-01T00:00:00Z',
      to: '2025-03-01T00:00:00+00:00',
    });
    expect(trailer.digest).toBe((await computeDigest(store, { upToPosition: covered })).digest);
    expect(trailer.digest).toBe(formatDigest(covered, ledgerRoot(trailer.heads)));
    expect(trailer.heads).toEqual([
      { streamId: 'a', version: 3, hash: byId(events, 'a-e3').hash },
      { streamId: 'b', version: 1, hash: byId(events, 'b-e1').hash },
      { streamId: 'c', version: 1, hash: byId(events, 'c-e1').hash },
    ]);
  });

  it('exports everything without a period, and gives an empty export an empty digest', async () => {
    const events = ledger();
    const store = new ArrayStore(events);
    const all = await collect(store, {});
    expect(all.events).toHaveLength(events.length);
    expect(all.trailer.digest).toBe((await computeDigest(store)).digest);
    // Up to a saved digest's position: the trailer gives back exactly that digest.
    const saved = await computeDigest(store, { upToPosition: events[4]!.position });
    const upTo = await collect(store, { upToPosition: saved.position });
    expect(upTo.events.map((e) => e.eventId)).toEqual(events.slice(0, 5).map((e) => e.eventId));
    expect(upTo.trailer).toMatchObject({ digest: saved.digest, upToPosition: saved.position });
    const none = await collect(store, { from: '2030-01-01T00:00:00Z' });
    expect(none.events).toEqual([]);
    expect(none.trailer).toMatchObject({
      coveredPosition: 0,
      heads: [],
      exportedEvents: 0,
      firstPosition: null,
      digest: `v1:0:${merkleRoot([])}`,
    });
  });

  it('refuses a period bound that is not a time', async () => {
    await expect(collect(new ArrayStore([]), { from: 'yesterday' })).rejects.toThrow(RangeError);
  });
});
