import { Checks, isBlank } from '../core/checks';
import type { DomainEventMetadata } from '../core/message';
import type { InitiativeCommand } from './initiative.commands';

/** Time and decision context of one command, checked once before any decide function runs. */
export interface CommandContext {
  readonly now: string;
  readonly nowMs: number;
  /** Business time: `metadata.occurredAt`, else `metadata.now`. */
  readonly occurredAt: string;
  readonly reason: string | undefined;
  readonly caseRef: string | undefined;
}

/** A given, non-blank string, else undefined. */
export const present = (value: string | undefined | null): string | undefined =>
  value === undefined || value === null || isBlank(value) ? undefined : value;

export function contextOf(command: InitiativeCommand): CommandContext {
  const { metadata } = command;
  const checks = new Checks();
  const nowMs = checks.instant('now', metadata.now);
  const occurredAt = metadata.occurredAt ?? metadata.now;
  if (metadata.occurredAt !== undefined) {
    const occurredAtMs = checks.instant('occurredAt', metadata.occurredAt);
    if (nowMs !== undefined) checks.notInFuture('occurredAt', metadata.occurredAt, occurredAtMs, metadata.now, nowMs);
  }
  checks.throwIfAny();
  return {
    now: metadata.now,
    nowMs: nowMs as number,
    occurredAt,
    reason: present(metadata.reason),
    caseRef: present(metadata.caseRef),
  };
}

/** Event metadata for a plain command: business time plus the caseRef and reason given with it. */
export function metaOf(ctx: CommandContext, reason: string | undefined = ctx.reason): DomainEventMetadata {
  return {
    occurredAt: ctx.occurredAt,
    ...(ctx.caseRef !== undefined ? { caseRef: ctx.caseRef } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** Event metadata for everything a follow-up decision or course correction causes. */
export function decisionMeta(
  decisionId: string,
  occurredAt: string,
  caseRef: string | undefined,
  reason: string,
): DomainEventMetadata {
  return { occurredAt, decisionId, ...(caseRef !== undefined ? { caseRef } : {}), reason };
}
