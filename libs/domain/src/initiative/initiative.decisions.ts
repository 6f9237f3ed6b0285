import { Checks } from '../core/checks';
import { conflict } from '../core/errors';
import type { RecordFollowUpDecision } from './initiative.commands';
import { decisionMeta, present, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { answeredRisks, checkAnsweredRisks } from './initiative.decision-risks';
import { resolveFollowUps } from './initiative.follow-ups';
import { detail, requireFreshDecisionId } from './initiative.guards';
import { has, type InitiativeState } from './initiative.state';
import { DECISION_KINDS, type DecisionKind } from './initiative.types';

export function recordFollowUpDecision(
  command: RecordFollowUpDecision,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  requireFreshDecisionId(state, d.decisionId, 'decisionId');
  const affects = d.affects ?? [];
  checkDecision(command, state, ctx, affects);
  checkAnsweredRisks(state, d.risks);
  requireStatusAllows(d.kind, state);

  const caseRef = present(d.caseRef) ?? ctx.caseRef;
  const metadata = decisionMeta(d.decisionId, d.occurredAt, caseRef, d.rationale);
  const events: InitiativeEvent[] = [
    {
      type: 'FollowUpDecisionRecorded',
      data: {
        initiativeId: d.initiativeId,
        decisionId: d.decisionId,
        kind: d.kind,
        summary: d.summary,
        rationale: d.rationale,
        caseRef: caseRef ?? null,
        decidedBy: d.decidedBy,
        occurredAt: d.occurredAt,
        followUpBy: d.followUpBy ?? null,
        affects: [...affects],
        ...answeredRisks(d.risks),
      },
      metadata,
    },
  ];
  // A pause or resume decision also changes the initiative's status, under the same decision.
  const statusChange = { initiativeId: d.initiativeId, decisionId: d.decisionId };
  if (d.kind === 'pause') {
    events.push({ type: 'InitiativePaused', data: statusChange, metadata: { ...metadata } });
  } else if (d.kind === 'resume' || (d.kind === 'continue' && state.status === 'stopping')) {
    // A continue decision takes back a stop: the initiative is active again.
    events.push({ type: 'InitiativeResumed', data: statusChange, metadata: { ...metadata } });
  } else if (d.kind === 'stop') {
    events.push({ type: 'InitiativeStopping', data: statusChange, metadata: { ...metadata } });
  }
  const resolution = { ...d, resolves: d.resolves };
  return [...events, ...resolveFollowUps(state, resolution, metadata)];
}

function checkDecision(
  command: RecordFollowUpDecision,
  state: InitiativeState,
  ctx: CommandContext,
  affects: readonly string[],
): void {
  const d = command.data;
  const checks = new Checks();
  checks.required('decisionId', d.decisionId);
  checks.oneOf('kind', d.kind, DECISION_KINDS);
  checks.required('summary', d.summary);
  checks.required('rationale', d.rationale);
  checks.required('decidedBy', d.decidedBy);
  checks.notBlankIfGiven('caseRef', d.caseRef);
  const occurredMs = checks.instant('occurredAt', d.occurredAt);
  checks.notInFuture('occurredAt', d.occurredAt, occurredMs, ctx.now, ctx.nowMs);
  if (d.followUpBy !== undefined && d.followUpBy !== null) {
    const followMs = checks.instant('followUpBy', d.followUpBy);
    if (followMs !== undefined && occurredMs !== undefined && followMs < occurredMs) {
      checks.add(
        'FollowUpBeforeDecision',
        'followUpBy',
        `followUpBy ${d.followUpBy} is before the decision was made (${d.occurredAt})`,
      );
    }
  }
  checkAffects(checks, state, affects);
  checks.throwIfAny();
}

/** Every part a decision affects belongs to this initiative, and is named once. */
function checkAffects(checks: Checks, state: InitiativeState, affects: readonly string[]): void {
  const seen = new Set<string>();
  affects.forEach((id, i) => {
    if (seen.has(id)) {
      checks.add('DuplicateReference', `affects[${i}]`, `${id} is listed twice in affects`);
    } else if (!isPartOf(state, id)) {
      checks.add(
        'UnknownReference',
        `affects[${i}]`,
        `${id} is not a goal, indicator, milestone or benefit of initiative ${state.id}`,
      );
    }
    seen.add(id);
  });
}

function isPartOf(state: InitiativeState, id: string): boolean {
  return has(state.goals, id) || has(state.indicators, id) || has(state.milestones, id) || has(state.benefits, id);
}

/** Only an active initiative can be paused, and only a paused one resumed. */
function requireStatusAllows(kind: DecisionKind, state: InitiativeState): void {
  if (kind === 'pause' && state.status !== 'active') {
    const message =
      state.status === 'paused'
        ? `initiative ${state.id} is already paused`
        : `only an active initiative can be paused; initiative ${state.id} is ${state.status}`;
    throw conflict('InvalidStatusTransition', message, detail('kind', message));
  }
  if (kind === 'resume' && state.status !== 'paused') {
    const message = `only a paused initiative can be resumed; initiative ${state.id} is ${state.status}`;
    throw conflict('InvalidStatusTransition', message, detail('kind', message));
  }
}
