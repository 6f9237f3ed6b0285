import { Checks } from '../core/checks';
import { conflict, type DomainError } from '../core/errors';
import type { ActivateInitiative, RegisterInitiative } from './initiative.commands';
import { metaOf, present, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { detail } from './initiative.guards';
import { requireVerifiableGoals } from './initiative.results-chain';
import { DEFAULT_GOAL_POLICY } from './initiative.results-vocabulary';
import type { InitiativeState } from './initiative.state';
import { ALLOWED_PARENT_KINDS, INITIATIVE_KINDS, type InitiativeKind } from './initiative.types';

export function registerInitiative(
  command: RegisterInitiative,
  _state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  const checks = new Checks();
  checks.required('initiativeId', d.initiativeId);
  const kindOk = checks.oneOf('kind', d.kind, INITIATIVE_KINDS);
  checks.required('title', d.title);
  checks.notBlankIfGiven('description', d.description);
  checks.required('ownerUnit', d.ownerUnit);
  checks.required('responsible', d.responsible);
  const partners = d.partners ?? [];
  checkPartners(checks, partners);
  const startsMs = d.startsAt !== undefined ? checks.instant('startsAt', d.startsAt) : undefined;
  const endsMs = d.endsAt !== undefined ? checks.instant('endsAt', d.endsAt) : undefined;
  if (startsMs !== undefined && endsMs !== undefined && endsMs < startsMs) {
    checks.add('EndsBeforeStart', 'endsAt', `endsAt ${d.endsAt} is before startsAt ${d.startsAt}`);
  }
  const parentId = present(d.parentId);
  const parentClosed = kindOk ? checkParent(checks, command, d.kind, parentId) : undefined;
  checks.throwIfAny();
  if (parentClosed) throw parentClosed;

  return [
    {
      type: 'InitiativeRegistered',
      data: {
        initiativeId: d.initiativeId,
        kind: d.kind,
        title: d.title,
        parentId: parentId ?? null,
        description: d.description ?? null,
        ownerUnit: d.ownerUnit,
        responsible: d.responsible,
        partners: [...partners],
        startsAt: d.startsAt ?? null,
        endsAt: d.endsAt ?? null,
        ...(d.targetGroups ? { targetGroups: [...d.targetGroups] } : {}),
      },
      metadata: metaOf(ctx),
    },
  ];
}

/** Each partner named, and none twice (ignoring case and surrounding blanks). */
export function checkPartners(checks: Checks, partners: readonly string[]): void {
  const seenPartners = new Set<string>();
  partners.forEach((partner, i) => {
    if (!checks.required(`partners[${i}]`, partner)) return;
    const key = partner.trim().toLowerCase();
    if (seenPartners.has(key)) checks.add('DuplicatePartner', `partners[${i}]`, `partner "${partner}" is listed twice`);
    seenPartners.add(key);
  });
}

/**
 * Records what is wrong with the parent for this kind. A closed parent is a conflict rather than an invalid
 * request, so it is returned, to be raised only once the request is otherwise valid.
 */
function checkParent(
  checks: Checks,
  command: RegisterInitiative,
  kind: InitiativeKind,
  parentId: string | undefined,
): DomainError | undefined {
  const allowed = ALLOWED_PARENT_KINDS[kind];
  if (allowed.length === 0 && parentId !== undefined) {
    checks.add(
      'ParentNotAllowed',
      'parentId',
      `a ${kind} is at the top of the plan hierarchy and cannot have a parent`,
    );
  } else if (allowed.length > 0 && parentId === undefined) {
    checks.add('ParentRequired', 'parentId', `a ${kind} needs a parent of kind ${allowed.join(' or ')}`);
  } else if (parentId !== undefined) {
    const parent = command.data.parent;
    if (parent === null || parent === undefined) {
      checks.add('ParentNotFound', 'parentId', `parent initiative ${parentId} does not exist`);
    } else if (parent.id !== parentId) {
      checks.add(
        'ParentMismatch',
        'parentId',
        `parentId ${parentId} does not match the parent looked up (${parent.id})`,
      );
    } else if (parentId === command.data.initiativeId) {
      checks.add('ParentIsSelf', 'parentId', `an initiative cannot be its own parent`);
    } else if (!allowed.includes(parent.kind)) {
      checks.add(
        'ParentKindNotAllowed',
        'parentId',
        `a ${kind} cannot sit beneath a ${parent.kind} (${parentId}); its parent must be a ${allowed.join(' or ')}`,
      );
    } else if (parent.status === 'closed') {
      const message = `parent initiative ${parentId} is closed; nothing new can be registered beneath it`;
      return conflict('ParentClosed', message, detail('parentId', message));
    }
  }
  return undefined;
}

export function activateInitiative(
  command: ActivateInitiative,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  if (state.status !== 'planned') {
    const message =
      state.status === 'paused'
        ? `initiative ${state.id} is paused; a follow-up decision of kind "resume" makes it active again`
        : `initiative ${state.id} is already ${state.status}; only a planned initiative can be activated`;
    throw conflict('InvalidStatusTransition', message, detail('status', message));
  }
  requireVerifiableGoals(state, command.data.goalPolicy ?? DEFAULT_GOAL_POLICY);
  return [{ type: 'InitiativeActivated', data: { initiativeId: command.data.initiativeId }, metadata: metaOf(ctx) }];
}
