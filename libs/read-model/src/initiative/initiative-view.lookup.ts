import type { StoredEvent } from '@followup/event-store';
import type { IndicatorView, InitiativeView } from './initiative-view';

export function indicatorOf(view: InitiativeView, indicatorId: string, stored: StoredEvent): IndicatorView {
  for (const goal of view.goals) {
    const indicator = goal.indicators.find((i) => i.id === indicatorId);
    if (indicator) return indicator;
  }
  throw missing(stored, 'indicator', indicatorId);
}

/** An event refers to a part (goal, indicator, milestone, benefit, risk) the view does not hold. */
export class UnknownPartError extends Error {
  override readonly name = 'UnknownPartError';
}

export function missing(stored: StoredEvent, what: string, id: string): Error {
  return new UnknownPartError(
    `event ${stored.type} v${stored.streamVersion} of ${stored.streamId} refers to unknown ${what} ${id}`,
  );
}
