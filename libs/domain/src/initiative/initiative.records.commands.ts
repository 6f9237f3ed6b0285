import type { Command } from '../core/message';
import type { InitiativeDetails, InitiativeRole, RoleHolder } from './initiative.records.events';

/** Each of these needs `reason` in metadata, except AcknowledgeAlert. */
export type CorrectMeasurement = Command<
  'CorrectMeasurement',
  { initiativeId: string; indicatorId: string; measurementId: string; value: number }
>;
export type WithdrawMeasurement = Command<
  'WithdrawMeasurement',
  { initiativeId: string; indicatorId: string; measurementId: string }
>;
export type CorrectBenefitRealisation = Command<
  'CorrectBenefitRealisation',
  { initiativeId: string; benefitId: string; realisationId: string; value: number }
>;
export type WithdrawBenefitRealisation = Command<
  'WithdrawBenefitRealisation',
  { initiativeId: string; benefitId: string; realisationId: string }
>;
export type ChangeInitiativeDetails = Command<
  'ChangeInitiativeDetails',
  { initiativeId: string } & Partial<InitiativeDetails>
>;
export type AssignRole = Command<'AssignRole', { initiativeId: string; role: InitiativeRole; holder: RoleHolder }>;
export type AcknowledgeAlert = Command<
  'AcknowledgeAlert',
  {
    initiativeId: string;
    alertId: string;
    kind: string;
    subjectId?: string | null;
    comment?: string | null;
    decisionId?: string | null;
  }
>;

export type RecordCorrectionCommand =
  | CorrectMeasurement
  | WithdrawMeasurement
  | CorrectBenefitRealisation
  | WithdrawBenefitRealisation
  | ChangeInitiativeDetails
  | AssignRole
  | AcknowledgeAlert;
