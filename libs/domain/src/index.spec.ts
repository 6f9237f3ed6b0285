import * as domain from './index';

describe('@followup/domain public surface', () => {
  it('exports the decider, state, errors and vocabulary', () => {
    for (const name of [
      'initiativeDecider',
      'decide',
      'evolve',
      'evolveAll',
      'initialState',
      'DomainError',
      'notFound',
      'conflict',
      'invalid',
      'assertNever',
      'parseInstant',
      'isInstant',
      'ALLOWED_PARENT_KINDS',
      'INITIATIVE_KINDS',
      'RESULT_LEVELS',
      'DECISION_KINDS',
    ]) {
      expect(domain).toHaveProperty(name);
    }
    expect(domain.initiativeDecider.initialState()).toStrictEqual(domain.initialState());
  });

  it('a refusal is a DomainError an HTTP shell can map', () => {
    const error = (() => {
      try {
        domain.decide(
          {
            type: 'ActivateInitiative',
            data: { initiativeId: 'x' },
            metadata: { actor: { sub: 's', roles: ['caseworker'] }, now: '2025-01-01T00:00:00Z' },
          },
          domain.initialState(),
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(domain.DomainError);
    expect(error).toMatchObject({ kind: 'notFound', code: 'InitiativeNotFound', details: [{ field: 'initiativeId' }] });
  });
});
