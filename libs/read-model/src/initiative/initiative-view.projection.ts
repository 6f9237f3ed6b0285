import { toInitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { InitiativeView } from './initiative-view';
import { applyToView } from './initiative-view.appliers';
import { UnknownPartError } from './initiative-view.lookup';
import { copyRecordList } from './record-list-copies';

/**
 * Folds one stored event into the initiative's view, returning a new view. Pure; the caller
 * guards by stream version so that replays and duplicates have no effect.
 */
export function evolveInitiativeView(view: InitiativeView | null, stored: StoredEvent): InitiativeView {
  return evolveInPlace(view ? copyForChange(view) : null, stored);
}

/**
 * Folds a whole stream (or its prefix) into a view, copying nothing per event, so replays
 * of long streams (as-of queries, rebuilds) stay linear.
 */
export function foldInitiativeView(
  events: Iterable<StoredEvent>,
  from: InitiativeView | null = null,
): InitiativeView | null {
  let view = from ? copyForChange(from) : null;
  for (const event of events) view = evolveInPlace(view, event);
  return view;
}

/** Lists whose records no applier changes in place: a correction or a withdrawal replaces the list. */
const LISTS_OF_UNCHANGED_RECORDS = new Set(['measurements']);

/**
 * A copy of a view for the appliers to change, leaving the view itself as it was (a stored view
 * may be shared, frozen, by readers). The measurement records are shared, not copied: they are
 * never changed in place, and a history of thousands would otherwise be copied on every change.
 */
export function copyForChange(view: InitiativeView): InitiativeView {
  return copyPlain(view) as InitiativeView;
}

function copyPlain(value: unknown, key = ''): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    return LISTS_OF_UNCHANGED_RECORDS.has(key) ? copyRecordList(value) : value.map((v) => copyPlain(v));
  }
  const copy: Record<string, unknown> = {};
  for (const field of Object.keys(value)) copy[field] = copyPlain((value as Record<string, unknown>)[field], field);
  return copy;
}

/**
 * Folds the events of a slice by business time (`validAt`, a period's end, a `since` time). Such a slice can
 * hold a change to a part whose definition is dated later, e.g. an achievement back-dated before its milestone
 * was planned; as things stood then the part did not exist, so that change is left out rather than refused.
 */
export function foldBusinessTimeSlice(events: Iterable<StoredEvent>): InitiativeView | null {
  let view: InitiativeView | null = null;
  for (const event of events) view = evolveInBusinessTime(view, event);
  return view;
}

/** One step of `foldBusinessTimeSlice`, applied to `view` itself: for owners of the view only. */
export function evolveInBusinessTime(view: InitiativeView | null, event: StoredEvent): InitiativeView | null {
  try {
    return evolveInPlace(view, event);
  } catch (error) {
    if (!(error instanceof UnknownPartError)) throw error;
    return view;
  }
}

/** Applies the event to `view` itself (or creates the view on registration): for owners of the view only. */
export function evolveInPlace(view: InitiativeView | null, stored: StoredEvent): InitiativeView {
  const event = toInitiativeEvent(stored);
  if (event.type === 'InitiativeRegistered') {
    const d = event.data;
    return {
      id: d.initiativeId,
      kind: d.kind,
      title: d.title,
      parentId: d.parentId,
      description: d.description,
      ownerUnit: d.ownerUnit,
      responsible: d.responsible,
      partners: d.partners,
      ...(d.targetGroups ? { targetGroups: d.targetGroups } : {}),
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      status: 'planned',
      version: stored.streamVersion,
      position: stored.position,
      createdAt: stored.recordedAt,
      updatedAt: stored.recordedAt,
      goals: [],
      milestones: [],
      benefits: [],
      lastDecision: null,
      closure: null,
      roles: {},
    };
  }
  if (!view)
    throw new Error(
      `event ${stored.type} v${stored.streamVersion} of ${stored.streamId} has no registration before it`,
    );
  view.version = stored.streamVersion;
  view.position = stored.position;
  view.updatedAt = stored.recordedAt;
  applyToView(view, event, stored);
  return view;
}
