import type { InitiativeRegistered } from './initiative.events';
import type { DatedValue } from './initiative.types';
import type { InitiativeDetails, RecordCorrectionEvent } from './initiative.records.events';
import { lookup, withEntry, type InitiativeState, type RecordedValueState } from './initiative.state';

type RecordEvolvers = {
  [T in RecordCorrectionEvent['type']]: (
    state: InitiativeState,
    event: Extract<RecordCorrectionEvent, { type: T }>,
  ) => InitiativeState;
};

export const recorded = (ownerId: string, value: number, at: string): RecordedValueState => ({
  ownerId,
  value,
  withdrawn: false,
  at,
});

/** An indicator's latest measurement that still counts (corrected values, withdrawn ones left out). */
export function withLatestMeasurement(state: InitiativeState, indicatorId: string): InitiativeState {
  const indicator = lookup(state.indicators, indicatorId);
  if (!indicator) return state;
  let latest: { value: number; at: string } | null = null;
  for (const value of Object.values(state.measuredValues)) {
    if (value.ownerId !== indicatorId || value.withdrawn || !value.at) continue;
    // Compared as instants: `at` strings may carry different offsets or be plain dates.
    if (!latest || Date.parse(value.at) >= Date.parse(latest.at)) latest = { value: value.value, at: value.at };
  }
  return { ...state, indicators: withEntry(state.indicators, indicatorId, { ...indicator, latest }) };
}

/**
 * The same as `withLatestMeasurement` after recording `measured`, without going through every
 * value recorded before: the new one is the latest unless the indicator has a later one.
 */
export function withNewMeasurement(state: InitiativeState, indicatorId: string, measured: DatedValue): InitiativeState {
  const indicator = lookup(state.indicators, indicatorId);
  if (!indicator) return state;
  const { latest } = indicator;
  if (latest && Date.parse(measured.at) < Date.parse(latest.at)) return state;
  const next = { value: measured.value, at: measured.at };
  return { ...state, indicators: withEntry(state.indicators, indicatorId, { ...indicator, latest: next }) };
}

export function detailsOf(data: InitiativeRegistered['data']): InitiativeDetails {
  const { title, description, responsible, ownerUnit, partners, startsAt, endsAt } = data;
  return { title, description, responsible, ownerUnit, partners: [...partners], startsAt, endsAt };
}

type ValueChange = Partial<Pick<RecordedValueState, 'value' | 'withdrawn'>>;

function changed(
  values: InitiativeState['measuredValues'],
  id: string,
  change: ValueChange,
): InitiativeState['measuredValues'] {
  const current = lookup(values, id);
  return current ? withEntry(values, id, { ...current, ...change }) : values;
}

export const recordEvolvers: RecordEvolvers = {
  MeasurementCorrected: (state, { data }) =>
    withLatestMeasurement(
      { ...state, measuredValues: changed(state.measuredValues, data.measurementId, { value: data.after.value }) },
      data.indicatorId,
    ),
  MeasurementWithdrawn: (state, { data }) =>
    withLatestMeasurement(
      { ...state, measuredValues: changed(state.measuredValues, data.measurementId, { withdrawn: true }) },
      data.indicatorId,
    ),
  BenefitRealisationCorrected: (state, { data }) => ({
    ...state,
    realisedValues: changed(state.realisedValues, data.realisationId, { value: data.after.value }),
  }),
  BenefitRealisationWithdrawn: (state, { data }) => ({
    ...state,
    realisedValues: changed(state.realisedValues, data.realisationId, { withdrawn: true }),
  }),
  InitiativeDetailsChanged: (state, { data }) => {
    const details = state.details ? { ...state.details, ...data.after } : null;
    return {
      ...state,
      details,
      title: details?.title ?? state.title,
      startsAt: details ? details.startsAt : state.startsAt,
      endsAt: details ? details.endsAt : state.endsAt,
    };
  },
  RoleAssigned: (state, { data }) => ({ ...state, roles: { ...state.roles, [data.role]: data.after } }),
  AlertAcknowledged: (state) => state,
};
