import type { AuthenticatedActor } from '@followup/platform';
import { ForbiddenError } from '@followup/runtime';
import type { UnstampedCommand } from './execute-initiative-command';

/** The unit that owns an initiative: the last `ownerUnit` its events recorded (registration, later changes). */
export function ownerUnitOf(history: readonly { readonly data: unknown }[]): string | null {
  for (let index = history.length - 1; index >= 0; index--) {
    const data = history[index]!.data as { ownerUnit?: unknown } | null;
    if (typeof data?.ownerUnit === 'string') return data.ownerUnit;
  }
  return null;
}

/**
 * A caseworker whose token names units writes only to initiatives one of them owns; a registration
 * is judged by the unit it names. Admins write everywhere; without the claim the caseworker is
 * refused only when `requireUnits` (AUTH_REQUIRE_UNITS) is set.
 */
export function checkUnitScope(
  actor: AuthenticatedActor,
  command: UnstampedCommand,
  currentOwnerUnit: string | null,
  requireUnits: boolean,
): void {
  if (actor.roles.includes('admin')) return;
  if (!actor.units) {
    if (requireUnits) {
      throw new ForbiddenError('UnitsRequired', 'Writing needs a token whose units claim names the units you act for');
    }
    return;
  }
  const unit = command.type === 'RegisterInitiative' ? command.data.ownerUnit : currentOwnerUnit;
  // An initiative nobody registered yet has no unit: the decider answers 404 for it.
  if (unit === null || actor.units.includes(unit)) return;
  throw new ForbiddenError('OutsideUnits', `The initiative belongs to unit "${unit}", outside your units`, [
    { field: 'ownerUnit', message: `"${unit}" is not among the units of your token` },
  ]);
}
