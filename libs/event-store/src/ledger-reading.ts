import type { EventStore, StoredEvent } from './event-store.port';

const DEFAULT_PAGE_SIZE = 500;

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
