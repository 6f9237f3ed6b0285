import type { InitiativeEvent } from './initiative.events';

/** The shape of every event this code writes today; stored events of older versions are upcast to it. */
export const INITIATIVE_EVENT_SCHEMA_VERSION = 1;

/** What the domain needs of a stored event: its type, the schema version it was written with, and its data. */
export interface VersionedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Rewrites the data of one event type from schema version N to N + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** Upcasters by event type, then by the version they upgrade from. Empty while every stored event is current. */
export type UpcasterTable = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

export const initiativeUpcasters: UpcasterTable = {};

export class UnknownEventVersionError extends Error {
  constructor(type: string, schemaVersion: number) {
    super(`No way to read ${type} written with schema version ${schemaVersion}`);
    this.name = 'UnknownEventVersionError';
  }
}

/**
 * The one place a stored event becomes a domain event: applies the upcasters from the event's
 * schema version up to the current one, so deciders and projections only ever see current shapes.
 */
export function toInitiativeEvent(
  stored: VersionedEvent,
  upcasters: UpcasterTable = initiativeUpcasters,
  currentVersion: number = INITIATIVE_EVENT_SCHEMA_VERSION,
): InitiativeEvent {
  let data = stored.data as Record<string, unknown>;
  for (let version = stored.schemaVersion; version < currentVersion; version++) {
    const upcast = upcasters[stored.type]?.[version];
    if (upcast) data = upcast(data);
  }
  if (stored.schemaVersion > currentVersion) throw new UnknownEventVersionError(stored.type, stored.schemaVersion);
  return { type: stored.type, data } as InitiativeEvent;
}
