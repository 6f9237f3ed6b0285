import { DeciderSpecification } from '../testing/decider-specification';
import {
  ID,
  NOW,
  TOMORROW,
  YESTERDAY,
  activated,
  benefitRegistered,
  closed,
  command,
  event,
  goalDefined,
  paused,
  registered,
} from '../testing/initiative.fixtures';
import { sampleCommands } from '../testing/initiative.samples';
import { initiativeDecider } from './initiative.decider';
import { ALLOWED_PARENT_KINDS, INITIATIVE_KINDS, type InitiativeKind } from './initiative.types';

const spec = DeciderSpecification.for(initiativeDecider);

const register = (data: Partial<Parameters<typeof command<'RegisterInitiative'>>[1]> = {}, metadata = {}) =>
  command(
    'RegisterInitiative',
    {
      kind: 'project',
      title: 'Digital skills for small businesses',
      parentId: 'prog-1',
      parent: { id: 'prog-1', kind: 'programme', status: 'active' },
      ownerUnit: 'Regional development',
      responsible: 'Ola Nordmann',
      startsAt: '2025-01-01',
      endsAt: '2026-12-31',
      ...data,
    },
    metadata,
  );

describe('RegisterInitiative', () => {
  it('registers a project beneath a programme, filling optional fields with null/[]', () => {
    spec.when(register()).then([registered()]);
  });

  it('registers a focus area without a parent, with partners and description', () => {
    spec
      .when(
        register({
          kind: 'focusArea',
          parentId: undefined,
          parent: undefined,
          description: 'Satsingsområde',
          partners: ['NAV', 'Innovasjon Norge'],
          startsAt: undefined,
          endsAt: undefined,
        }),
      )
      .then([
        registered({
          kind: 'focusArea',
          parentId: null,
          description: 'Satsingsområde',
          partners: ['NAV', 'Innovasjon Norge'],
          startsAt: null,
          endsAt: null,
        }),
      ]);
  });

  it('carries caseRef, reason and a backdated occurredAt in the event metadata', () => {
    spec
      .when(register({}, { occurredAt: '2025-01-15', caseRef: '2025/17', reason: 'Board decision' }))
      .then([
        { ...registered(), metadata: { occurredAt: '2025-01-15', caseRef: '2025/17', reason: 'Board decision' } },
      ]);
  });

  it('refuses to register an initiative that already exists', () => {
    spec.given([registered()]).when(register()).thenThrows('conflict', 'InitiativeAlreadyExists', ['initiativeId']);
  });

  it('refuses to register a closed initiative again (still exists)', () => {
    spec.given([registered(), closed()]).when(register()).thenThrows('conflict', 'InitiativeAlreadyExists');
  });

  describe('plan hierarchy', () => {
    const cases: [InitiativeKind, InitiativeKind, boolean][] = [];
    for (const kind of INITIATIVE_KINDS) {
      for (const parentKind of INITIATIVE_KINDS) {
        cases.push([kind, parentKind, ALLOWED_PARENT_KINDS[kind].includes(parentKind)]);
      }
    }

    it.each(cases)('a %s beneath a %s: allowed=%s', (kind, parentKind, allowed) => {
      const when = spec.when(
        register({ kind, parentId: 'p-1', parent: { id: 'p-1', kind: parentKind, status: 'active' } }),
      );
      if (allowed) {
        expect(when.thenEvents()[0]).toMatchObject({ type: 'InitiativeRegistered', data: { kind, parentId: 'p-1' } });
      } else if (kind === 'focusArea') {
        when.thenThrows('invalid', 'ParentNotAllowed', ['parentId']);
      } else {
        const error = when.thenThrows('invalid', 'ParentKindNotAllowed', ['parentId']);
        expect(error.message).toContain(`a ${kind} cannot sit beneath a ${parentKind}`);
      }
    });

    it.each(['programme', 'agreedDelivery', 'project', 'measure'] as const)('a %s needs a parent', (kind) => {
      const error = spec
        .when(register({ kind, parentId: undefined, parent: undefined }))
        .thenThrows('invalid', 'ParentRequired', ['parentId']);
      expect(error.message).toContain('focusArea');
    });

    it('a parentId that does not exist (parent: null) is refused as ParentNotFound', () => {
      const error = spec
        .when(register({ parentId: 'nope', parent: null }))
        .thenThrows('invalid', 'ParentNotFound', ['parentId']);
      expect(error.message).toContain('nope');
    });

    it('a parentId the shell did not resolve is refused as ParentNotFound', () => {
      spec
        .when(register({ parentId: 'prog-1', parent: undefined }))
        .thenThrows('invalid', 'ParentNotFound', ['parentId']);
    });

    it('a parent snapshot of another initiative is refused', () => {
      spec
        .when(register({ parentId: 'prog-1', parent: { id: 'prog-2', kind: 'programme', status: 'active' } }))
        .thenThrows('invalid', 'ParentMismatch', ['parentId']);
    });

    it('refuses a closed parent', () => {
      spec
        .when(register({ parent: { id: 'prog-1', kind: 'programme', status: 'closed' } }))
        .thenThrows('conflict', 'ParentClosed', ['parentId']);
    });

    it('accepts planned and paused parents', () => {
      spec.when(register({ parent: { id: 'prog-1', kind: 'programme', status: 'planned' } })).then([registered()]);
      spec.when(register({ parent: { id: 'prog-1', kind: 'programme', status: 'paused' } })).then([registered()]);
    });
  });

  describe('fields', () => {
    it('refuses endsAt before startsAt', () => {
      const error = spec
        .when(register({ startsAt: '2025-06-01', endsAt: '2025-05-31' }))
        .thenThrows('invalid', 'EndsBeforeStart', ['endsAt']);
      expect(error.message).toBe('endsAt 2025-05-31 is before startsAt 2025-06-01');
    });

    it('accepts endsAt equal to startsAt', () => {
      spec
        .when(register({ startsAt: '2025-06-01', endsAt: '2025-06-01' }))
        .then([registered({ startsAt: '2025-06-01', endsAt: '2025-06-01' })]);
    });

    it('refuses malformed dates and date-times without an offset', () => {
      spec.when(register({ startsAt: '2025-02-30' })).thenThrows('invalid', 'InvalidDate', ['startsAt']);
      spec.when(register({ endsAt: '2026-12-31T12:00:00' })).thenThrows('invalid', 'InvalidDate', ['endsAt']);
    });

    it('lists every blank required field', () => {
      const error = spec
        .when(register({ title: ' ', ownerUnit: '', responsible: '\t' }))
        .thenThrows('invalid', 'Required', ['title', 'ownerUnit', 'responsible']);
      expect(error.message).toContain('3 problems');
    });

    it('refuses an unknown kind', () => {
      spec.when(register({ kind: 'portfolio' as InitiativeKind })).thenThrows('invalid', 'InvalidValue', ['kind']);
    });

    it('refuses blank and duplicate partners', () => {
      spec
        .when(register({ partners: ['NAV', ' ', 'nav'] }))
        .thenThrows('invalid', 'Required', ['partners[1]', 'partners[2]']);
    });
  });

  describe('occurredAt (business time)', () => {
    it('refuses an occurredAt later than now', () => {
      const error = spec
        .when(register({}, { occurredAt: TOMORROW }))
        .thenThrows('invalid', 'OccurredInFuture', ['occurredAt']);
      expect(error.message).toContain(TOMORROW);
    });

    it('accepts occurredAt equal to now', () => {
      spec.when(register({}, { occurredAt: NOW })).then([registered()]);
    });

    it('refuses a malformed occurredAt', () => {
      spec.when(register({}, { occurredAt: 'yesterday' })).thenThrows('invalid', 'InvalidDate', ['occurredAt']);
    });

    it('compares instants, not strings (offsets count)', () => {
      // 10:30+01:00 is 09:30Z, before now (10:00Z): accepted.
      spec.when(register({}, { occurredAt: '2025-03-01T10:30:00+01:00' })).thenEvents();
      // 10:30Z is after now: refused.
      spec.when(register({}, { occurredAt: '2025-03-01T10:30:00Z' })).thenThrows('invalid', 'OccurredInFuture');
    });
  });
});

describe('rules every command obeys', () => {
  const nonRegister = Object.values(sampleCommands).filter((c) => c.type !== 'RegisterInitiative');

  it.each(nonRegister.map((c) => [c.type, c] as const))('%s on an absent initiative: InitiativeNotFound', (_t, c) => {
    const error = spec.when(c).thenThrows('notFound', 'InitiativeNotFound', ['initiativeId']);
    expect(error.message).toBe(`initiative ${ID} does not exist`);
  });

  const closedHistory = [registered(), activated(), goalDefined(), benefitRegistered(), closed()];
  const afterClosure = new Set([
    'RecordBenefitRealisation',
    'CorrectBenefitRealisation',
    'WithdrawBenefitRealisation',
    'AcknowledgeAlert',
    'HandOverBenefit',
  ]);
  const blocked = nonRegister.filter((c) => !afterClosure.has(c.type));

  it.each(blocked.map((c) => [c.type, c] as const))('%s on a closed initiative: InitiativeClosed', (_t, c) => {
    const error = spec.given(closedHistory).when(c).thenThrows('conflict', 'InitiativeClosed', ['initiativeId']);
    expect(error.message).toContain('only benefit realisations');
  });

  it('RecordBenefitRealisation still works after closure', () => {
    spec.given(closedHistory).when(sampleCommands.RecordBenefitRealisation).thenEvents();
  });

  it.each(nonRegister.map((c) => [c.type, c] as const))(
    '%s with occurredAt in the future: OccurredInFuture',
    (_t, c) => {
      spec
        .given([registered()])
        .when({ ...c, metadata: { ...c.metadata, occurredAt: '2099-01-01T00:00:00Z' } } as typeof c)
        .thenThrows('invalid', 'OccurredInFuture');
    },
  );

  it('refuses a command addressed to another initiative than the stream it is decided on', () => {
    spec
      .given([registered()])
      .when(command('ActivateInitiative', { initiativeId: 'other' }))
      .thenThrows('invalid', 'InitiativeIdMismatch', ['initiativeId']);
  });

  it('refuses a malformed metadata.now', () => {
    spec
      .given([registered()])
      .when(command('ActivateInitiative', {}, { now: 'now' }))
      .thenThrows('invalid', 'InvalidDate', ['now']);
  });
});

describe('ActivateInitiative', () => {
  it('moves a planned initiative to active', () => {
    spec
      .given([registered()])
      .when(command('ActivateInitiative', {}, { occurredAt: YESTERDAY, caseRef: '2025/1' }))
      .then([event('InitiativeActivated', {}, { occurredAt: YESTERDAY, caseRef: '2025/1' })]);
  });

  it('refuses an active initiative', () => {
    const error = spec
      .given([registered(), activated()])
      .when(command('ActivateInitiative', {}))
      .thenThrows('conflict', 'InvalidStatusTransition', ['status']);
    expect(error.message).toBe(`initiative ${ID} is already active; only a planned initiative can be activated`);
  });

  it('refuses a paused initiative and points to resume', () => {
    const error = spec
      .given([registered(), activated(), ...paused()])
      .when(command('ActivateInitiative', {}))
      .thenThrows('conflict', 'InvalidStatusTransition');
    expect(error.message).toContain('resume');
  });
});
