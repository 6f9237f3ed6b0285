import { assertNever, type InitiativeEvent, type InitiativeEventType } from '@followup/domain';

/** The member of the event union with the given type. */
export type EventOf<T extends InitiativeEventType> = Extract<InitiativeEvent, { type: T }>;

/** The records of a decision: a follow-up decision or a course correction. */
export type DecisionEvent = EventOf<'FollowUpDecisionRecorded' | 'CourseCorrected'>;

/**
 * The entry of a per-event-type table for this event. The table's type makes every event type have one;
 * a stored type this code does not know (it is read as-is) is refused as unexpected.
 */
export function handlerFor<Table extends Readonly<Record<InitiativeEventType, unknown>>>(
  table: Table,
  event: InitiativeEvent,
): Table[InitiativeEventType] {
  if (!Object.hasOwn(table, event.type)) return assertNever(event as never, 'event type');
  return table[event.type];
}
