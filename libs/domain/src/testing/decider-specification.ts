/**
 * Given/when/then for deciders (test-only; uses Jest's global `expect`, not exported from the domain index).
 *
 *   DeciderSpecification.for(initiativeDecider)
 *     .given([registered, activated])
 *     .when(command)
 *     .then([expectedEvent]);            // or .thenThrows('conflict', 'InitiativeClosed', ['initiativeId'])
 *
 * Everything handed to the decider is deep-frozen, and `decide` runs twice on the same input, so a
 * decider that mutates its input or is not deterministic fails the specification.
 */
import { DomainError, type DomainErrorKind } from '../core/errors';
import type { Command, Decider, DomainEvent } from '../core/message';

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.getOwnPropertyNames(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * A deep copy of plain data the decider may not share with the test (keeps undefined, NaN and Infinity as
 * written). Hand-written rather than `structuredClone`, whose objects come from another realm under Jest.
 */
function structuredCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => structuredCopy(item)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, {
        value: structuredCopy(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy as T;
  }
  return value;
}

type Outcome<E> = { ok: true; events: E[] } | { ok: false; error: unknown };

function describeError(error: unknown): string {
  if (error instanceof DomainError) {
    return `DomainError ${error.kind}/${error.code}: ${error.message} ${JSON.stringify(error.details)}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class DeciderSpecification<S, C extends Command, E extends DomainEvent> {
  private constructor(private readonly decider: Decider<S, C, E>) {}

  static for<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>): DeciderSpecification<S, C, E> {
    return new DeciderSpecification(decider);
  }

  given(events: readonly E[] = []): Given<S, C, E> {
    return new Given(
      this.decider,
      events.map((e) => deepFreeze(structuredCopy(e))),
    );
  }

  /** Shorthand for `.given([])`. */
  when(command: C): When<S, C, E> {
    return this.given([]).when(command);
  }
}

export class Given<S, C extends Command, E extends DomainEvent> {
  constructor(
    private readonly decider: Decider<S, C, E>,
    private readonly events: readonly E[],
  ) {}

  /** The state folded from the given events. */
  state(): S {
    let state = deepFreeze(this.decider.initialState());
    for (const event of this.events) state = deepFreeze(this.decider.evolve(state, event));
    return state;
  }

  when(command: C): When<S, C, E> {
    return new When(this.decider, this.state(), deepFreeze(structuredCopy(command)));
  }
}

export class When<S, C extends Command, E extends DomainEvent> {
  private outcome: Outcome<E> | undefined;

  constructor(
    private readonly decider: Decider<S, C, E>,
    private readonly state: S,
    private readonly command: C,
  ) {}

  private run(): Outcome<E> {
    if (this.outcome) return this.outcome;
    const attempt = (): Outcome<E> => {
      try {
        return { ok: true, events: this.decider.decide(this.command, this.state) };
      } catch (error) {
        return { ok: false, error };
      }
    };
    const first = attempt();
    const second = attempt();
    if (
      first.ok !== second.ok ||
      (first.ok && second.ok && JSON.stringify(first.events) !== JSON.stringify(second.events))
    ) {
      throw new Error('decide is not deterministic: the same command on the same state gave different results');
    }
    this.outcome = first;
    return first;
  }

  /** The events decided, compared strictly (no stray `undefined` fields), in order. Returns them. */
  then(expected: readonly E[]): E[] {
    const events = this.thenEvents();
    expect(events).toStrictEqual(expected);
    return events;
  }

  /** The events decided, for custom assertions; fails if the command was refused. */
  thenEvents(): E[] {
    const outcome = this.run();
    if (!outcome.ok) {
      throw new Error(`expected events, but the command was refused: ${describeError(outcome.error)}`);
    }
    // Every decided event must fold cleanly onto the state it was decided on.
    let state = this.state;
    for (const event of outcome.events)
      state = deepFreeze(this.decider.evolve(state, deepFreeze(structuredCopy(event))));
    return outcome.events;
  }

  /** The state after the decided events were applied. */
  thenState(): S {
    let state = this.state;
    for (const event of this.thenEvents()) state = deepFreeze(this.decider.evolve(state, event));
    return state;
  }

  /**
   * The command is refused with a DomainError of this kind and code. When `fields` is given, the error's
   * details name exactly these fields, in this order. Returns the error for further checks.
   */
  thenThrows(kind: DomainErrorKind, code: string, fields?: readonly string[]): DomainError {
    const outcome = this.run();
    if (outcome.ok) {
      throw new Error(
        `expected ${kind}/${code}, but the command was accepted with ${outcome.events.length} event(s): ${outcome.events
          .map((e) => e.type)
          .join(', ')}`,
      );
    }
    const { error } = outcome;
    if (!(error instanceof DomainError)) {
      throw new Error(`expected DomainError ${kind}/${code}, got ${describeError(error)}`);
    }
    expect({ kind: error.kind, code: error.code }).toEqual({ kind, code });
    expect(error.message.trim().length).toBeGreaterThan(0);
    for (const d of error.details) expect(d.message.trim().length).toBeGreaterThan(0);
    if (fields) expect(error.details.map((d) => d.field)).toEqual(fields);
    return error;
  }
}
