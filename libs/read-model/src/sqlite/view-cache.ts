import type { InitiativeView } from '../initiative/initiative-view';
import { recordsSharedWith, sourceOfRecordList } from '../initiative/record-list-copies';

/** A stored view as read or written, with about how many characters its document takes. */
interface CachedView {
  readonly version: number;
  readonly chars: number;
  readonly view: InitiativeView;
}

/**
 * When the cache is full, one view in this many that reads bring in is kept (evicting the least
 * recently used); the others are handed out without being kept.
 */
export const READ_ADMISSION_EVERY = 8;

/**
 * The latest views by id, least recently used dropped first once their documents together pass
 * `maxChars` characters. Every command and every read asks for a view, and parsing a document that grows
 * with the initiative's history cost more than anything else on those paths. Views handed out
 * are shared between callers, so they are frozen: a caller that needs a changed copy clones it.
 */
export class ViewCache {
  private readonly entries = new Map<string, CachedView>();
  private chars = 0;
  private readsNotFitting = 0;

  constructor(private readonly maxChars: number) {}

  get(id: string): InitiativeView | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.view;
  }

  /** The cached view if it is at `version`, without counting as a use. */
  peek(id: string, version: number): InitiativeView | undefined {
    const entry = this.entries.get(id);
    return entry?.version === version ? entry.view : undefined;
  }

  /** Keeps `view` (frozen from now on), which takes about `chars` characters as text. */
  set(id: string, version: number, chars: number, view: InitiativeView): void {
    this.delete(id);
    if (chars > this.maxChars) return;
    this.entries.set(id, { version, chars, view: deepFreeze(view) });
    this.chars += chars;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.chars;
    }
  }

  /**
   * Keeps `view` a read brought in from the file if it fits beside what is cached; once the cache is
   * full, only one such view in READ_ADMISSION_EVERY. Reads that go round more views than fit (a
   * listing, a dashboard over every initiative) would otherwise each evict the view read next, and
   * nothing would ever be found; this way most of the cache stays, and it still follows a shift in
   * what is read. Views a save keeps (`set`) are always kept: the next save compares with them.
   */
  offer(id: string, version: number, chars: number, view: InitiativeView): InitiativeView {
    const fits = this.chars - (this.entries.get(id)?.chars ?? 0) + chars <= this.maxChars;
    if (fits || ++this.readsNotFitting % READ_ADMISSION_EVERY === 0) this.set(id, version, chars, view);
    return deepFreeze(view);
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.chars -= entry.chars;
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** Freezes `value` and everything in it; stops at what is frozen already (shared with an earlier view). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    // A list copied from a frozen one to append to holds that list's frozen records first.
    const source = sourceOfRecordList(value);
    const from = source && Object.isFrozen(source) ? recordsSharedWith(value, source) : 0;
    // By index: a list of thousands of measurements would otherwise make as many key strings.
    for (let i = from; i < value.length; i++) deepFreeze(value[i]);
  } else for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
