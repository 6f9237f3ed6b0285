import type { RecordCorrectionEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { EventOf } from '../events';
import type { BenefitView, IndicatorView, InitiativeView } from './initiative-view';
import { indicatorOf, missing } from './initiative-view.lookup';

type RecordEventType = RecordCorrectionEvent['type'];
type Applier<T extends RecordEventType> = (view: InitiativeView, event: EventOf<T>, stored: StoredEvent) => void;

/** The measurement with the latest `at` among those that count; ties go to the one recorded last. */
function recomputeLatest(indicator: IndicatorView): void {
  const measurements = indicator.measurements ?? [];
  indicator.measurementCount = measurements.length;
  indicator.latest = measurements.reduce<IndicatorView['latest']>(
    (latest, m) => (!latest || Date.parse(m.at) >= Date.parse(latest.at) ? { ...m } : latest),
    null,
  );
}

function benefitOf(view: InitiativeView, benefitId: string, stored: StoredEvent): BenefitView {
  const benefit = view.benefits.find((b) => b.id === benefitId);
  if (!benefit) throw missing(stored, 'benefit', benefitId);
  return benefit;
}

export const recordAppliers: { [T in RecordEventType]: Applier<T> } = {
  MeasurementCorrected: (view, { data }, stored) => {
    const indicator = indicatorOf(view, data.indicatorId, stored);
    const value = data.after.value;
    indicator.measurements = indicator.measurements?.map((m) => (m.id === data.measurementId ? { ...m, value } : m));
    if (indicator.latest?.id === data.measurementId) indicator.latest = { ...indicator.latest, value };
  },
  MeasurementWithdrawn: (view, { data }, stored) => {
    const indicator = indicatorOf(view, data.indicatorId, stored);
    indicator.measurements = (indicator.measurements ?? []).filter((m) => m.id !== data.measurementId);
    recomputeLatest(indicator);
  },
  BenefitRealisationCorrected: (view, { data }, stored) => {
    const realisation = benefitOf(view, data.benefitId, stored).realisations.find((r) => r.id === data.realisationId);
    if (realisation) realisation.value = data.after.value;
  },
  BenefitRealisationWithdrawn: (view, { data }, stored) => {
    const benefit = benefitOf(view, data.benefitId, stored);
    benefit.realisations = benefit.realisations.filter((r) => r.id !== data.realisationId);
  },
  InitiativeDetailsChanged: (view, { data }) => {
    Object.assign(view, data.after);
  },
  RoleAssigned: (view, { data }) => {
    view.roles = { ...view.roles, [data.role]: data.after };
  },
  AlertAcknowledged: () => undefined,
};
