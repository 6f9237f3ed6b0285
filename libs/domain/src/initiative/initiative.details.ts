import { Checks } from '../core/checks';
import { unchanged } from '../core/errors';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { checkPartners } from './initiative.lifecycle';
import type { ChangeInitiativeDetails } from './initiative.records.commands';
import { INITIATIVE_DETAIL_FIELDS, type InitiativeDetails } from './initiative.records.events';
import type { InitiativeState } from './initiative.state';

type DetailChange = Partial<InitiativeDetails>;

/** The given details, checked as at registration. */
function checkGiven(checks: Checks, given: DetailChange, current: InitiativeDetails): void {
  if (given.title !== undefined) checks.required('title', given.title);
  if (given.responsible !== undefined) checks.required('responsible', given.responsible);
  if (given.ownerUnit !== undefined) checks.required('ownerUnit', given.ownerUnit);
  checks.notBlankIfGiven('description', given.description);
  if (given.partners !== undefined) checkPartners(checks, given.partners);
  const startsAt = given.startsAt !== undefined ? given.startsAt : current.startsAt;
  const endsAt = given.endsAt !== undefined ? given.endsAt : current.endsAt;
  const startsMs = given.startsAt ? checks.instant('startsAt', given.startsAt) : undefined;
  const endsMs = given.endsAt ? checks.instant('endsAt', given.endsAt) : undefined;
  const starts = startsMs ?? (startsAt && given.startsAt === undefined ? Date.parse(startsAt) : undefined);
  const ends = endsMs ?? (endsAt && given.endsAt === undefined ? Date.parse(endsAt) : undefined);
  if (starts !== undefined && ends !== undefined && ends < starts) {
    const field = given.endsAt !== undefined ? 'endsAt' : 'startsAt';
    checks.add('EndsBeforeStart', field, `endsAt ${endsAt} is before startsAt ${startsAt}`);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function changeInitiativeDetails(
  command: ChangeInitiativeDetails,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const current = state.details as InitiativeDetails;
  const given: DetailChange = {};
  for (const field of INITIATIVE_DETAIL_FIELDS) {
    if (command.data[field] !== undefined) Object.assign(given, { [field]: command.data[field] });
  }
  const checks = new Checks();
  if (ctx.reason === undefined) checks.add('ReasonRequired', 'reason', 'a change of details needs a reason');
  checkGiven(checks, given, current);
  checks.throwIfAny();
  const before: DetailChange = {};
  const after: DetailChange = {};
  for (const field of INITIATIVE_DETAIL_FIELDS) {
    if (field in given && !same(given[field], current[field])) {
      Object.assign(before, { [field]: current[field] });
      Object.assign(after, { [field]: given[field] });
    }
  }
  if (Object.keys(after).length === 0) {
    const fields = Object.keys(given).length > 0 ? Object.keys(given) : [...INITIATIVE_DETAIL_FIELDS];
    const message = `nothing changes: ${fields.join(', ')} already as given`;
    throw unchanged(
      'NothingChanged',
      message,
      fields.map((field) => ({ field, message })),
    );
  }
  return [
    {
      type: 'InitiativeDetailsChanged',
      data: { initiativeId: command.data.initiativeId, before, after, reason: ctx.reason as string },
      metadata: metaOf(ctx),
    },
  ];
}
