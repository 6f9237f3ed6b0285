import type { StoredEvent } from '@followup/event-store';
import { waitFor } from '../testing/wait-for';
import { messageBusContract } from '../testing/message-bus.contract';
import { InProcessMessageBus } from './in-process-message-bus';

messageBusContract('in-process', async () => new InProcessMessageBus({ retryDelayMs: 5 }));

describe('in-process bus with a batch handler', () => {
  const stored = (streamVersion: number): StoredEvent =>
    ({ streamId: 's', streamVersion, position: streamVersion, eventId: `e-${streamVersion}` }) as StoredEvent;

  it('hands every waiting event over in order, and a failed batch again until it succeeds', async () => {
    const bus = new InProcessMessageBus({ retryDelayMs: 1 });
    const handled: number[] = [];
    let failuresLeft = 1;
    await bus.publish([stored(1), stored(2), stored(3)]);
    const sub = await bus.subscribe({
      group: 'batches',
      fromBeginning: true,
      handler: () => Promise.reject(new Error('the batch handler is used instead')),
      batchHandler: async (events) => {
        if (failuresLeft-- > 0) throw new Error('store unavailable');
        handled.push(...events.map((e) => e.streamVersion));
      },
    });
    await bus.publish([stored(4)]);
    await waitFor(() => handled.length >= 4, { timeoutMs: 2000, what: 'four events handled' });
    expect(handled).toEqual([1, 2, 3, 4]);
    await sub.stop();
    await bus.close();
  });
});
