import { createHash } from 'node:crypto';
import type { AlertRule } from '../model';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The stable identity of a firing condition: the same (rule, initiative, subject, due date,
 * variant) gives the same key on every instance and after every restart.
 */
export function conditionKey(
  rule: AlertRule,
  initiativeId: string,
  subjectId: string,
  dueAt: string | null,
  variant: string | null = null,
): string {
  const due = dueAt === null ? null : new Date(dueAt).toISOString();
  return sha256(JSON.stringify([rule, initiativeId, subjectId, due, variant])).slice(0, 32);
}

/** The alert id of the n-th time a condition fires (n from 1). */
export function alertIdOf(key: string, occurrence: number): string {
  return `al_${sha256(`${key}#${occurrence}`).slice(0, 32)}`;
}

/** Deterministic ids of the events of an alert; inserting one is the claim to route it. */
export const alertEventIds = {
  raised: (alertId: string) => `${alertId}:raised`,
  resolved: (alertId: string) => `${alertId}:resolved`,
  repeated: (alertId: string, n: number) => `${alertId}:repeat:${n}`,
  restored: (alertId: string, silencedSince: string) => `${alertId}:restored:${Date.parse(silencedSince)}`,
};
