import type { DomainEvent } from '../core/message';

/**
 * Events that correct the record: corrections and withdrawals of measured values, changes of an initiative's
 * details, role assignments and alert acknowledgements. Each keeps what was there before, so history can show it.
 */
export type MeasurementCorrected = DomainEvent<
  'MeasurementCorrected',
  {
    initiativeId: string;
    indicatorId: string;
    measurementId: string;
    before: { value: number };
    after: { value: number };
    reason: string;
  }
>;
export type MeasurementWithdrawn = DomainEvent<
  'MeasurementWithdrawn',
  { initiativeId: string; indicatorId: string; measurementId: string; value: number; reason: string }
>;
export type BenefitRealisationCorrected = DomainEvent<
  'BenefitRealisationCorrected',
  {
    initiativeId: string;
    benefitId: string;
    realisationId: string;
    before: { value: number };
    after: { value: number };
    reason: string;
  }
>;
export type BenefitRealisationWithdrawn = DomainEvent<
  'BenefitRealisationWithdrawn',
  { initiativeId: string; benefitId: string; realisationId: string; value: number; reason: string }
>;

/** The details of an initiative that `ChangeInitiativeDetails` may change. */
export interface InitiativeDetails {
  title: string;
  description: string | null;
  responsible: string;
  ownerUnit: string;
  partners: string[];
  startsAt: string | null;
  endsAt: string | null;
}
export const INITIATIVE_DETAIL_FIELDS = [
  'title',
  'description',
  'responsible',
  'ownerUnit',
  'partners',
  'startsAt',
  'endsAt',
] as const satisfies ReadonlyArray<keyof InitiativeDetails>;

export type InitiativeDetailsChanged = DomainEvent<
  'InitiativeDetailsChanged',
  { initiativeId: string; before: Partial<InitiativeDetails>; after: Partial<InitiativeDetails>; reason: string }
>;

export const INITIATIVE_ROLES = ['projectOwner', 'projectLeader', 'steeringGroup', 'benefitResponsible'] as const;
export type InitiativeRole = (typeof INITIATIVE_ROLES)[number];
/** One name, or for the steering group a list of names. */
export type RoleHolder = string | string[];

export type RoleAssigned = DomainEvent<
  'RoleAssigned',
  { initiativeId: string; role: InitiativeRole; before: RoleHolder | null; after: RoleHolder; reason: string }
>;

export type AlertAcknowledged = DomainEvent<
  'AlertAcknowledged',
  {
    initiativeId: string;
    alertId: string;
    kind: string;
    subjectId: string | null;
    comment: string | null;
    decisionId: string | null;
  }
>;

export type RecordCorrectionEvent =
  | MeasurementCorrected
  | MeasurementWithdrawn
  | BenefitRealisationCorrected
  | BenefitRealisationWithdrawn
  | InitiativeDetailsChanged
  | RoleAssigned
  | AlertAcknowledged;
