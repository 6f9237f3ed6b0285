import type { InitiativeView } from '../initiative/initiative-view';

/** A stored view as read or written: its document, and the parsed view once someone asked for it. */
interface CachedView {
  readonly version: number;
  readonly doc: string;
  view: InitiativeView | null;
}

/**
 * The latest views by id, least recently used dropped first once their documents together pass
 * `maxChars`. Every command and every read asks for a view, and parsing a document that grows
 * with the initiative's history cost more than anything else on those paths. Views handed out
 * are shared between callers, so they are frozen: a caller that needs a changed copy clones it.
 */
export class ViewCache {
  private readonly entries = new Map<string, CachedView>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(id: string): InitiativeView | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    entry.view ??= deepFreeze(JSON.parse(entry.doc) as InitiativeView);
    return entry.view;
  }

  /** `view` is the object whose JSON is `doc`; null to parse `doc` only when asked. */
  set(id: string, version: number, doc: string, view: InitiativeView | null): void {
    this.delete(id);
    if (doc.length > this.maxChars) return;
    this.entries.set(id, { version, doc, view: view ? deepFreeze(view) : null });
    this.chars += doc.length;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.doc.length;
    }
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.chars -= entry.doc.length;
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/** Freezes `value` and everything in it; stops at what is frozen already (shared with an earlier view). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
