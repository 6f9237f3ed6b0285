import type { RecordCorrectionEvent } from '@followup/domain';
import type { InitiativeView } from '../initiative/initiative-view';
import type { EventOf } from '../events';
import { auditNames, ENGLISH_QUOTE } from './audit-names';

/** Same shape as audit-summaries' describers (kept here so the two files do not import each other). */
type Describer<T extends RecordCorrectionEvent['type']> = (
  event: EventOf<T>,
  view: InitiativeView | null,
) => { summary: string; before?: unknown; after?: unknown };

const { indicatorName, benefitName } = auditNames(ENGLISH_QUOTE);
const holders = (holder: string | string[] | null) =>
  holder === null ? 'nobody' : Array.isArray(holder) ? holder.join(', ') : holder;

/** Audit lines of corrections, detail changes, role assignments and acknowledgements. */
export const recordDescribers: { [T in RecordCorrectionEvent['type']]: Describer<T> } = {
  MeasurementCorrected: ({ data: d }, view) => ({
    summary:
      `Corrected measurement ${d.measurementId} of ${indicatorName(view, d.indicatorId)} ` +
      `from ${d.before.value} to ${d.after.value}: ${d.reason}`,
    before: d.before,
    after: d.after,
  }),
  MeasurementWithdrawn: ({ data: d }, view) => ({
    summary: `Withdrew measurement ${d.measurementId} (${d.value}) of ${indicatorName(view, d.indicatorId)}: ${d.reason}`,
    before: { value: d.value, withdrawn: false },
    after: { withdrawn: true },
  }),
  BenefitRealisationCorrected: ({ data: d }, view) => ({
    summary:
      `Corrected realisation ${d.realisationId} of ${benefitName(view, d.benefitId)} ` +
      `from ${d.before.value} to ${d.after.value}: ${d.reason}`,
    before: d.before,
    after: d.after,
  }),
  BenefitRealisationWithdrawn: ({ data: d }, view) => ({
    summary: `Withdrew realisation ${d.realisationId} (${d.value}) of ${benefitName(view, d.benefitId)}: ${d.reason}`,
    before: { value: d.value, withdrawn: false },
    after: { withdrawn: true },
  }),
  InitiativeDetailsChanged: ({ data: d }) => ({
    summary: `Changed ${Object.keys(d.after).join(', ')} of the initiative: ${d.reason}`,
    before: d.before,
    after: d.after,
  }),
  RoleAssigned: ({ data: d }) => ({
    summary: `Assigned ${d.role} to ${holders(d.after)} (was ${holders(d.before)}): ${d.reason}`,
    before: { [d.role]: d.before },
    after: { [d.role]: d.after },
  }),
  AlertAcknowledged: ({ data: d }) => ({
    summary:
      `Acknowledged alert ${d.alertId} (${d.kind}${d.subjectId ? ` on ${d.subjectId}` : ''})` +
      (d.comment ? `: ${d.comment}` : ''),
  }),
};
