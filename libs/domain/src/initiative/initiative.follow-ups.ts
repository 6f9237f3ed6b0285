import { conflict, invalid, type DomainErrorDetail } from '../core/errors';
import type { DomainEventMetadata } from '../core/message';
import type { InitiativeCommand } from './initiative.commands';
import type { InitiativeEvent } from './initiative.events';
import { has, withEntry, type InitiativeState } from './initiative.state';

/** What resolves follow-up items: a follow-up decision or a course correction, by id. */
export interface Resolution {
  readonly initiativeId: string;
  readonly decisionId: string;
  readonly decidedBy: string;
  readonly occurredAt: string;
  readonly resolves: readonly string[] | undefined;
}

/**
 * One FollowUpResolved per item named in `resolves`. Each must be an open follow-up item of this
 * initiative, named once; otherwise the whole command is refused (422 UnknownFollowUp).
 */
export function resolveFollowUps(
  state: InitiativeState,
  resolution: Resolution,
  metadata: DomainEventMetadata,
): InitiativeEvent[] {
  const resolves = resolution.resolves ?? [];
  const details: DomainErrorDetail[] = [];
  resolves.forEach((id, i) => {
    if (!has(state.openFollowUps, id) || resolves.indexOf(id) !== i) {
      details.push({ field: `resolves[${i}]`, message: `${id} is not an open follow-up item of ${state.id}` });
    }
  });
  if (details.length > 0) throw invalid('UnknownFollowUp', details.map((d) => d.message).join('; '), details);
  return resolves.map((followUpId) => ({
    type: 'FollowUpResolved',
    data: {
      initiativeId: resolution.initiativeId,
      followUpId,
      resolvedByDecisionId: resolution.decisionId,
      resolvedBy: resolution.decidedBy,
      resolvedAt: resolution.occurredAt,
    },
    metadata: { ...metadata },
  }));
}

/** Commands a stopping initiative still takes: closure, benefit work and a `continue` decision. */
export function requireStoppingAllows(command: InitiativeCommand, state: InitiativeState): void {
  if (state.status !== 'stopping') return;
  const allowed =
    command.type === 'CloseInitiative' ||
    command.type === 'RegisterBenefit' ||
    command.type === 'RecordBenefitRealisation' ||
    command.type === 'HandOverBenefit' ||
    (command.type === 'RecordFollowUpDecision' && command.data.kind === 'continue');
  if (allowed) return;
  const message = `initiative ${state.id} is stopping; only closure, benefit work or a continue decision are accepted`;
  throw conflict('InitiativeStopping', message, [{ field: 'initiativeId', message }]);
}

/** Evolve steps of the follow-up and stopping events, and of follow-up dates set by decisions. */
export const openFollowUp = (state: InitiativeState, decisionId: string, followUpBy: string | null) =>
  followUpBy === null ? state : { ...state, openFollowUps: withEntry(state.openFollowUps, decisionId, followUpBy) };

export function closeFollowUp(state: InitiativeState, followUpId: string): InitiativeState {
  const openFollowUps = { ...state.openFollowUps };
  delete openFollowUps[followUpId];
  return { ...state, openFollowUps };
}
