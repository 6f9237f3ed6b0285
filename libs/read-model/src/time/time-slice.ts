import type { StoredEvent } from '@followup/event-store';

/**
 * The two times a read can be about. `asOf` is system time: what had been recorded by then.
 * `validAt` is business time: what had happened by then (events whose occurredAt is at or before
 * it), by everything recorded. Both together: what the record said at `asOf` about `validAt`.
 */
export interface TimeSlice {
  readonly asOf: string | null;
  readonly validAt: string | null;
}

/** The events of a stream that make up the given slice, in recorded order. */
export function eventsInSlice(events: readonly StoredEvent[], slice: TimeSlice): StoredEvent[] {
  const recordedBy = slice.asOf === null ? Infinity : Date.parse(slice.asOf);
  const validAt = slice.validAt === null ? Infinity : Date.parse(slice.validAt);
  return keptWithRegistration(
    events,
    (event) => Date.parse(event.recordedAt) <= recordedBy && Date.parse(event.occurredAt) <= validAt,
  );
}

/**
 * The events that pass `keep`, in recorded order; none when the registration (the stream's first
 * event) does not: a change said to have happened before the initiative existed has nothing to apply to.
 */
export function keptWithRegistration(
  events: readonly StoredEvent[],
  keep: (event: StoredEvent) => boolean,
): StoredEvent[] {
  return events.length > 0 && keep(events[0]!) ? events.filter(keep) : [];
}

/** The moment whose clock judges overdue and RAG in a slice: the earliest of the times given and now. */
export function sliceMoment(slice: TimeSlice, now: Date): Date {
  const times = [slice.asOf, slice.validAt].flatMap((t) => (t === null ? [] : [Date.parse(t)]));
  return new Date(Math.min(now.getTime(), ...times));
}
