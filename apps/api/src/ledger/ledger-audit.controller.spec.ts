import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { EventStore, ReadAllOptions, StoredEvent } from '@followup/event-store';
import { ManualClock } from '@followup/platform';
import { ApiError } from '@followup/runtime';
import { LedgerAuditController } from './ledger-audit.controller';
import { LedgerDigestService } from './ledger-digest.service';

const TOTAL = 20_000;

/** A large ledger produced page by page on demand; counts how much was read. */
class LazyStore {
  reads = 0;
  eventsRead = 0;
  failAt: number | null = null;
  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    this.reads++;
    if (this.failAt !== null && after >= this.failAt) throw new Error('store went away');
    const page: StoredEvent[] = [];
    for (let position = after + 1; position <= Math.min(TOTAL, after + limit); position++) page.push(event(position));
    this.eventsRead += page.length;
    return page;
  }
}

function event(position: number): StoredEvent {
  const stream = `s-${position % 50}`;
  return {
    eventId: `e-${position}`,
    streamId: stream,
    streamVersion: Math.floor((position - 1) / 50) + 1,
    position,
    commitId: `c-${position}`,
    type: 'MeasurementRecorded',
    schemaVersion: 1,
    data: { value: position / 7, note: 'x'.repeat(200) },
    occurredAt: '2025-03-01T00:00:00.000Z',
    recordedAt: '2025-03-01T00:00:00.000Z',
    actor: { sub: 'kari', roles: ['caseworker'] },
    correlationId: 'corr',
    causationId: null,
    decisionId: null,
    caseRef: null,
    reason: null,
    prevHash: null,
    hash: 'ab'.repeat(32),
  };
}

function fakeReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: Readable } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return reply;
    },
    send(body: Readable) {
      sent.body = body;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('LedgerAuditController export streaming', () => {
  const make = (store: LazyStore) => {
    const events = store as unknown as EventStore;
    return new LedgerAuditController(events, new ManualClock(), new LedgerDigestService(events));
  };

  it('reads the store only as far as the client has read, and stops when the client goes away', async () => {
    const store = new LazyStore();
    const { reply, sent } = fakeReply();
    await make(store).export({}, reply);
    expect(sent.status).toBe(200);
    expect(sent.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const body = sent.body!;
    const first = await new Promise<string>((resolve) =>
      body.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))),
    );
    expect(first.split('\n')[0]).toContain('"eventId":"e-1"');
    // One chunk read: a page or two of the 20 000 events, not the whole ledger.
    expect(store.eventsRead).toBeLessThanOrEqual(2_000);
    const readsWhenLeft = store.reads;
    body.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.reads).toBeLessThanOrEqual(readsWhenLeft + 1);
  });

  it('streams the whole ledger in chunks and ends with the digest record', async () => {
    const store = new LazyStore();
    const { reply, sent } = fakeReply();
    await make(store).export({ format: 'ndjson' }, reply);
    let lines = 0;
    let chunks = 0;
    let tail = '';
    for await (const chunk of sent.body!) {
      chunks++;
      const text = tail + (chunk as Buffer).toString('utf8');
      const parts = text.split('\n');
      tail = parts.pop()!;
      lines += parts.length;
      if (parts.length && parts[parts.length - 1]!.startsWith('{"type":"ledgerDigest"')) {
        expect(JSON.parse(parts[parts.length - 1]!)).toMatchObject({
          exportedEvents: TOTAL,
          coveredPosition: TOTAL,
          heads: expect.any(Array),
        });
      }
    }
    expect(lines).toBe(TOTAL + 1);
    expect(chunks).toBeGreaterThan(20);
  });

  it('answers an error, not a truncated 200, when the store fails before anything is sent', async () => {
    const store = new LazyStore();
    store.failAt = 0;
    const { reply, sent } = fakeReply();
    await expect(make(store).export({ format: 'csv' }, reply)).rejects.toThrow('store went away');
    expect(sent.status).toBeUndefined();
  });

  it('refuses a period whose end is not after its start, naming to', async () => {
    const { reply } = fakeReply();
    const refused = make(new LazyStore()).export({ from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' }, reply);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ response: { details: [{ field: 'to' }] } });
  });
});
