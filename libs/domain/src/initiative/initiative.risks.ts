import { Checks } from '../core/checks';
import { conflict, notFound } from '../core/errors';
import {
  RISK_CATEGORIES,
  riskScore,
  type AssessRisk,
  type CloseRisk,
  type IdentifyRisk,
  type RiskState,
} from './initiative.economy.types';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { detail } from './initiative.guards';
import { has, lookup, type InitiativeState } from './initiative.state';

function checkScale(checks: Checks, field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    checks.add('InvalidScale', field, `${field} must be a whole number from 1 to 5; got ${JSON.stringify(value)}`);
  }
}

function requireOpenRisk(state: InitiativeState, riskId: string): RiskState {
  const risk = lookup(state.risks ?? {}, riskId);
  if (!risk) {
    const message = `risk ${riskId} does not exist on initiative ${state.id}`;
    throw notFound('RiskNotFound', message, detail('riskId', message));
  }
  if (!risk.open) {
    const message = `risk ${riskId} is closed`;
    throw conflict('RiskClosed', message, detail('riskId', message));
  }
  return risk;
}

export function identifyRisk(command: IdentifyRisk, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  if (has(state.risks ?? {}, d.riskId)) {
    const message = `risk ${d.riskId} already exists on initiative ${state.id}`;
    throw conflict('RiskAlreadyExists', message, detail('riskId', message));
  }
  const checks = new Checks();
  checks.required('title', d.title);
  checks.oneOf('category', d.category, RISK_CATEGORIES);
  checkScale(checks, 'likelihood', d.likelihood);
  checkScale(checks, 'impact', d.impact);
  checks.required('owner', d.owner);
  checks.required('mitigation', d.mitigation);
  checks.throwIfAny();
  const data = { ...d, score: riskScore(d.likelihood, d.impact) };
  return [{ type: 'RiskIdentified', data, metadata: metaOf(ctx) }];
}

export function assessRisk(command: AssessRisk, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  const risk = requireOpenRisk(state, d.riskId);
  const checks = new Checks();
  checkScale(checks, 'likelihood', d.likelihood);
  checkScale(checks, 'impact', d.impact);
  checks.required('note', d.note);
  checks.throwIfAny();
  const before = { likelihood: risk.likelihood, impact: risk.impact };
  const data = { ...d, before, score: riskScore(d.likelihood, d.impact), assessedAt: ctx.occurredAt };
  return [{ type: 'RiskAssessed', data, metadata: metaOf(ctx, d.note) }];
}

export function closeRisk(command: CloseRisk, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  requireOpenRisk(state, d.riskId);
  const checks = new Checks();
  checks.required('reason', d.reason);
  checks.throwIfAny();
  return [{ type: 'RiskClosed', data: { ...d, closedAt: ctx.occurredAt }, metadata: metaOf(ctx, d.reason) }];
}
