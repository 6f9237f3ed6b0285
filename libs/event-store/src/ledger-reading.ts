import type { EventStore, StoredEvent } from './event-store.port';

const DEFAULT_PAGE_SIZE = 500;
const PAUSE_EVERY_MS = 250;

/** Every event after `after`, in position order, read page by page (never all at once). */
export async function* readAllEvents(
  store: Pick<EventStore, 'readAll'>,
  options: { after?: number; upToPosition?: number; pageSize?: number } = {},
): AsyncGenerator<StoredEvent> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let after = options.after ?? 0;
  let lastPause = performance.now();
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
    // An embedded store answers at once: without a pause now and then a walk over the whole ledger
    // would hold the event loop (other requests, timers) until it ends. Not after every page: a
    // pause that often lets V8 promote each page to the old generation (measured over a million
    // events in the service: peak RSS +260 MiB instead of +50).
    if (performance.now() - lastPause >= PAUSE_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastPause = performance.now();
    }
  }
}
