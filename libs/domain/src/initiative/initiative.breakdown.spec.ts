import { DeciderSpecification } from '../testing/decider-specification';
import {
  YESTERDAY,
  activated,
  command,
  event,
  goalDefined,
  indicatorDefined,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';

const spec = DeciderSpecification.for(initiativeDecider);
const withIndicator = [registered(), activated(), goalDefined(), indicatorDefined()];
const measure = (breakdown?: { targetGroup?: string; municipality?: string }) =>
  command('RecordMeasurement', {
    indicatorId: 'ind-1',
    measurementId: 'meas-1',
    value: 12,
    at: YESTERDAY,
    ...(breakdown ? { breakdown } : {}),
  });

describe('RecordMeasurement with a breakdown', () => {
  it('records the part of the whole it measures', () => {
    spec
      .given(withIndicator)
      .when(measure({ targetGroup: 'ungdom', municipality: 'Sogndal' }))
      .then([
        event('MeasurementRecorded', {
          indicatorId: 'ind-1',
          measurementId: 'meas-1',
          value: 12,
          at: YESTERDAY,
          source: null,
          note: null,
          breakdown: { targetGroup: 'ungdom', municipality: 'Sogndal' },
        }),
      ]);
  });

  it('refuses an empty breakdown and blank parts', () => {
    spec.given(withIndicator).when(measure({})).thenThrows('invalid', 'Required', ['breakdown']);
    spec
      .given(withIndicator)
      .when(measure({ municipality: ' ' }))
      .thenThrows('invalid', 'Required', ['breakdown.municipality']);
  });
});
