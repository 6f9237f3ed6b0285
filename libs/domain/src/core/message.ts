/** Messages are plain data: `{ type, data, metadata }` unions, as in emmett. */
export interface Actor {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly string[];
}

/** Who asks, and when: time and actor arrive with every command so deciders stay pure and testable. */
export interface CommandMetadata {
  readonly actor: Actor;
  /** System time at which the command is decided (ISO 8601 UTC). */
  readonly now: string;
  /** Business time the change took effect (defaults to `now`); never in the future. */
  readonly occurredAt?: string;
  readonly reason?: string;
  readonly caseRef?: string;
  readonly decidedBy?: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** Facts the decider adds to one event beyond its data; the shell completes the envelope. */
export interface DomainEventMetadata {
  /** Business time; the shell falls back to the command's occurredAt/now. */
  readonly occurredAt?: string;
  /** The follow-up decision or course correction this event belongs to. */
  readonly decisionId?: string;
  readonly caseRef?: string;
  readonly reason?: string;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: DomainEventMetadata;
}

export interface Decider<State, Cmd extends Command, Evt extends DomainEvent> {
  decide(command: Cmd, state: State): Evt[];
  evolve(state: State, event: Evt): State;
  initialState(): State;
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
