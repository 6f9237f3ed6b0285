import { activated, event, goalDefined, indicatorDefined, registered } from '../testing';
import { evolve } from './initiative.decider';
import { evolveOwning, initialState } from './initiative.state';

const measured = (measurementId: string, value: number, at: string) =>
  event('MeasurementRecorded', { indicatorId: 'ind-1', measurementId, value, at, source: null, note: null });

const history = [registered(), activated(), goalDefined('g-1'), indicatorDefined('ind-1', 'g-1')];

describe('evolveOwning (folds for a cache that replaces each state by its fold)', () => {
  it('reaches the state an ordinary fold reaches, latest measurement included', () => {
    const events = [...history, measured('me-1', 3, '2025-02-01'), measured('me-2', 1, '2025-01-01')];
    const owned = new WeakSet<object>();
    let state = evolveOwning(owned, initialState(), history, evolve);
    for (const e of events.slice(history.length)) state = evolveOwning(owned, state, [e], evolve);
    expect(state).toEqual(events.reduce(evolve, initialState()));
    expect(state.indicators['ind-1']?.latest).toEqual({ value: 3, at: '2025-02-01' });
  });

  it('leaves a state it does not own as it was', () => {
    const before = history.reduce(evolve, initialState());
    const after = evolveOwning(new WeakSet(), before, [measured('me-1', 3, '2025-02-01')], evolve);
    expect(Object.keys(before.measuredValues)).toEqual([]);
    expect(Object.keys(after.measuredValues)).toEqual(['me-1']);
  });
});
