import { presentInitiative, type InitiativeView, type StatusThresholds } from '@followup/read-model';

/**
 * `GET /initiatives/:id` as JSON text, kept per view for the second it was presented in. A store
 * that hands out the same (frozen) view object until the next version (the embedded SQLite store)
 * lets repeated reads skip presenting and serialising a document that grows with the history;
 * what depends on the time (overdue, RAG) is at most that second old.
 */
export class PresentedViews {
  private readonly presented = new WeakMap<InitiativeView, { second: number; json: string }>();

  constructor(private readonly thresholds: StatusThresholds) {}

  json(view: InitiativeView, now: Date): string {
    const second = Math.floor(now.getTime() / 1000);
    const known = this.presented.get(view);
    if (known?.second === second) return known.json;
    const json = JSON.stringify(presentInitiative(view, now, this.thresholds));
    if (Object.isFrozen(view)) this.presented.set(view, { second, json });
    return json;
  }
}
