import { toInitiativeEvent, UnknownEventVersionError, type UpcasterTable } from './initiative.upcasting';

describe('toInitiativeEvent', () => {
  it('passes a current event through unchanged', () => {
    const stored = { type: 'InitiativeActivated', schemaVersion: 1, data: { initiativeId: 'i-1' } };
    expect(toInitiativeEvent(stored)).toEqual({ type: 'InitiativeActivated', data: { initiativeId: 'i-1' } });
  });

  it('upcasts a version-1 event to the version-2 shape', () => {
    // Version 2 of MilestonePlanned (say) split a single `due` field into `dueAt`.
    const upcasters: UpcasterTable = {
      MilestonePlanned: { 1: ({ due, ...rest }) => ({ ...rest, dueAt: due }) },
    };
    const stored = {
      type: 'MilestonePlanned',
      schemaVersion: 1,
      data: { initiativeId: 'i-1', milestoneId: 'm-1', title: 'Roofs', due: '2026-06-30T00:00:00.000Z' },
    };
    expect(toInitiativeEvent(stored, upcasters, 2).data).toEqual({
      initiativeId: 'i-1',
      milestoneId: 'm-1',
      title: 'Roofs',
      dueAt: '2026-06-30T00:00:00.000Z',
    });
  });

  it('chains upcasters across several versions and leaves other types alone', () => {
    const upcasters: UpcasterTable = {
      GoalDefined: { 1: (d) => ({ ...d, a: 1 }), 2: (d) => ({ ...d, b: 2 }) },
    };
    expect(toInitiativeEvent({ type: 'GoalDefined', schemaVersion: 1, data: {} }, upcasters, 3).data).toEqual({
      a: 1,
      b: 2,
    });
    expect(toInitiativeEvent({ type: 'GoalDefined', schemaVersion: 2, data: {} }, upcasters, 3).data).toEqual({ b: 2 });
    expect(toInitiativeEvent({ type: 'InitiativeActivated', schemaVersion: 1, data: {} }, upcasters, 3).data).toEqual(
      {},
    );
  });

  it('refuses an event written by a newer version of the code', () => {
    expect(() => toInitiativeEvent({ type: 'GoalDefined', schemaVersion: 9, data: {} })).toThrow(
      UnknownEventVersionError,
    );
  });
});
