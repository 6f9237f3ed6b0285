import { invalid } from '../core/errors';
import type { Command, Decider, DomainEvent } from '../core/message';
import { DeciderSpecification } from './decider-specification';

type Cmd = Command<'Add', { n: number }>;
type Evt = DomainEvent<'Added', { n: number }>;
interface State {
  total: number;
  log: number[];
}

const counter: Decider<State, Cmd, Evt> = {
  initialState: () => ({ total: 0, log: [] }),
  evolve: (s, e) => ({ total: s.total + e.data.n, log: [...s.log, e.data.n] }),
  decide: (c, s) => {
    if (c.data.n <= 0) throw invalid('NotPositive', 'n must be positive', [{ field: 'n', message: 'must be > 0' }]);
    if (s.total + c.data.n > 10) throw invalid('TooMuch', 'over 10', [{ field: 'n', message: 'total over 10' }]);
    return [{ type: 'Added', data: { n: c.data.n } }];
  },
};

const add = (n: number): Cmd => ({
  type: 'Add',
  data: { n },
  metadata: { actor: { sub: 'a', roles: [] }, now: '2025-01-01T00:00:00Z' },
});
const added = (n: number): Evt => ({ type: 'Added', data: { n } });
const spec = DeciderSpecification.for(counter);

describe('DeciderSpecification', () => {
  it('passes on the right events and the right refusal', () => {
    spec
      .given([added(4)])
      .when(add(2))
      .then([added(2)]);
    expect(
      spec
        .given([added(4)])
        .when(add(2))
        .thenState(),
    ).toStrictEqual({ total: 6, log: [4, 2] });
    spec
      .given([added(9)])
      .when(add(2))
      .thenThrows('invalid', 'TooMuch', ['n']);
  });

  it('fails on other events, a stray undefined field, another code, kind or fields, or an unexpected outcome', () => {
    expect(() => spec.when(add(2)).then([added(3)])).toThrow();
    expect(() => spec.when(add(2)).then([{ ...added(2), metadata: undefined }])).toThrow();
    expect(() => spec.when(add(0)).thenThrows('invalid', 'TooMuch')).toThrow();
    expect(() => spec.when(add(0)).thenThrows('conflict', 'NotPositive')).toThrow();
    expect(() => spec.when(add(0)).thenThrows('invalid', 'NotPositive', ['x'])).toThrow();
    expect(() => spec.when(add(2)).thenThrows('invalid', 'NotPositive')).toThrow(/accepted with 1 event/);
    expect(() => spec.when(add(0)).then([])).toThrow(/refused: DomainError invalid\/NotPositive/);
  });

  it('fails when the decider mutates its state or is not deterministic', () => {
    const mutating: Decider<State, Cmd, Evt> = {
      ...counter,
      decide: (c, s) => {
        s.log.push(c.data.n);
        return [added(c.data.n)];
      },
    };
    expect(() => DeciderSpecification.for(mutating).when(add(1)).thenEvents()).toThrow(/not extensible/);
    let calls = 0;
    const flaky: Decider<State, Cmd, Evt> = { ...counter, decide: (c) => [added(c.data.n + calls++)] };
    expect(() =>
      DeciderSpecification.for(flaky)
        .when(add(1))
        .then([added(1)]),
    ).toThrow(/not deterministic/);
  });
});
