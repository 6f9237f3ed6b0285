import { DeciderSpecification } from '../testing/decider-specification';
import {
  NOW,
  activated,
  benefitRegistered,
  closed,
  command,
  event,
  goalDefined,
  indicatorDefined,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';

const spec = DeciderSpecification.for(initiativeDecider);
const measured = event('MeasurementRecorded', {
  indicatorId: 'ind-1',
  measurementId: 'meas-1',
  value: 12,
  at: '2025-02-01',
  source: null,
  note: null,
});
const realised = event('BenefitRealisationRecorded', {
  benefitId: 'b-1',
  realisationId: 'r-1',
  value: 5,
  at: '2025-02-01',
  note: null,
});
const base = [registered(), activated(), goalDefined(), indicatorDefined(), measured, benefitRegistered(), realised];
const why = (reason: string) => ({ occurredAt: NOW, reason });

describe('CorrectMeasurement and WithdrawMeasurement', () => {
  const correct = (value: number, reason?: string, measurementId = 'meas-1') =>
    command('CorrectMeasurement', { indicatorId: 'ind-1', measurementId, value }, reason ? { reason } : {});
  const withdraw = (reason?: string) =>
    command('WithdrawMeasurement', { indicatorId: 'ind-1', measurementId: 'meas-1' }, reason ? { reason } : {});

  it('corrects a value, keeping what it was', () => {
    spec
      .given(base)
      .when(correct(14, 'Typo in the report'))
      .then([
        event(
          'MeasurementCorrected',
          {
            indicatorId: 'ind-1',
            measurementId: 'meas-1',
            before: { value: 12 },
            after: { value: 14 },
            reason: 'Typo in the report',
          },
          why('Typo in the report'),
        ),
      ]);
  });

  it('needs a reason, a new value and a known measurement', () => {
    spec.given(base).when(correct(14)).thenThrows('invalid', 'ReasonRequired', ['reason']);
    spec.given(base).when(correct(12, 'Same')).thenThrows('invalid', 'NoChange', ['value']);
    spec
      .given(base)
      .when(correct(14, 'Typo', 'meas-x'))
      .thenThrows('notFound', 'MeasurementNotFound');
  });

  it('withdraws a measurement once; after that it can be neither corrected nor withdrawn', () => {
    const withdrawn = event(
      'MeasurementWithdrawn',
      { indicatorId: 'ind-1', measurementId: 'meas-1', value: 12, reason: 'Wrong source' },
      why('Wrong source'),
    );
    spec.given(base).when(withdraw('Wrong source')).then([withdrawn]);
    spec.given(base).when(withdraw()).thenThrows('invalid', 'ReasonRequired', ['reason']);
    spec
      .given([...base, withdrawn])
      .when(withdraw('Again'))
      .thenThrows('conflict', 'MeasurementWithdrawn');
    spec
      .given([...base, withdrawn])
      .when(correct(1, 'Late'))
      .thenThrows('conflict', 'MeasurementWithdrawn');
  });
});

describe('CorrectBenefitRealisation and WithdrawBenefitRealisation', () => {
  const correct = (value: number) =>
    command('CorrectBenefitRealisation', { benefitId: 'b-1', realisationId: 'r-1', value }, { reason: 'Audit' });
  const withdraw = (realisationId = 'r-1') =>
    command('WithdrawBenefitRealisation', { benefitId: 'b-1', realisationId }, { reason: 'Counted twice' });

  it('corrects and withdraws, also after closure', () => {
    const history = [...base, closed()];
    spec
      .given(history)
      .when(correct(7))
      .then([
        event(
          'BenefitRealisationCorrected',
          { benefitId: 'b-1', realisationId: 'r-1', before: { value: 5 }, after: { value: 7 }, reason: 'Audit' },
          why('Audit'),
        ),
      ]);
    spec
      .given(history)
      .when(withdraw())
      .then([
        event(
          'BenefitRealisationWithdrawn',
          { benefitId: 'b-1', realisationId: 'r-1', value: 5, reason: 'Counted twice' },
          why('Counted twice'),
        ),
      ]);
  });

  it('refuses an unknown realisation', () => {
    spec.given(base).when(withdraw('r-x')).thenThrows('notFound', 'RealisationNotFound');
  });
});

describe('ChangeInitiativeDetails', () => {
  const change = (data: object, reason: string | undefined = 'Renamed by the board') =>
    command('ChangeInitiativeDetails', data, reason ? { reason } : {});

  it('records only what changes, before and after', () => {
    spec
      .given(base)
      .when(change({ title: 'Digital skills', responsible: 'Ola Nordmann' }))
      .then([
        event(
          'InitiativeDetailsChanged',
          {
            before: { title: 'Digital skills for small businesses' },
            after: { title: 'Digital skills' },
            reason: 'Renamed by the board',
          },
          why('Renamed by the board'),
        ),
      ]);
  });

  it('refuses a change that changes nothing, naming the fields', () => {
    spec
      .given(base)
      .when(change({ responsible: 'Ola Nordmann' }))
      .thenThrows('unchanged', 'NothingChanged', ['responsible']);
  });

  it('needs a reason and checks dates as at registration', () => {
    spec
      .given(base)
      .when(change({ title: 'X' }, ''))
      .thenThrows('invalid', 'ReasonRequired', ['reason']);
    spec
      .given(base)
      .when(change({ endsAt: '2024-12-31' }))
      .thenThrows('invalid', 'EndsBeforeStart', ['endsAt']);
  });
});

describe('AssignRole', () => {
  const assign = (role: string, holder: string | string[]) =>
    command('AssignRole', { role, holder } as never, { reason: 'Appointed' });

  it('assigns a role and later replaces its holder', () => {
    const first = event(
      'RoleAssigned',
      { role: 'projectLeader', before: null, after: 'Kari', reason: 'Appointed' },
      why('Appointed'),
    );
    spec.given(base).when(assign('projectLeader', 'Kari')).then([first]);
    spec
      .given([...base, first])
      .when(assign('projectLeader', 'Per'))
      .then([
        event(
          'RoleAssigned',
          { role: 'projectLeader', before: 'Kari', after: 'Per', reason: 'Appointed' },
          why('Appointed'),
        ),
      ]);
  });

  it('takes a list for the steering group and refuses unknown roles', () => {
    spec
      .given(base)
      .when(assign('steeringGroup', ['A', 'B']))
      .thenEvents();
    spec.given(base).when(assign('steeringGroup', 'A')).thenThrows('invalid', 'Required', ['holders']);
    spec.given(base).when(assign('sponsor', 'A')).thenThrows('invalid', 'InvalidValue', ['role']);
  });
});

describe('AcknowledgeAlert', () => {
  it('records the acknowledgement, also after closure', () => {
    spec
      .given([...base, closed()])
      .when(
        command('AcknowledgeAlert', {
          alertId: 'a-1',
          kind: 'measurementOverdue',
          subjectId: 'ind-1',
          comment: 'Known',
          decisionId: null,
        }),
      )
      .then([
        event(
          'AlertAcknowledged',
          {
            alertId: 'a-1',
            kind: 'measurementOverdue',
            subjectId: 'ind-1',
            comment: 'Known',
            decisionId: null,
          },
          { occurredAt: NOW },
        ),
      ]);
  });
});
