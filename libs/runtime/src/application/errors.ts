/**
 * Refusals of the application layer (command handlers, query services), free of HTTP:
 * the ErrorFilter gives each its status, code, details and headers.
 */
export abstract class ApplicationError extends Error {
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The version a writer expects: `If-Match` answers a stale one with 412, a body `expectedVersion` with 409. */
export interface ExpectedVersion {
  readonly version: number;
  readonly via: 'if-match' | 'body';
}

/** The stream is not at the version the writer expected, or another writer kept getting in first. */
export class VersionConflictError extends ApplicationError {
  constructor(
    message: string,
    readonly currentVersion: number,
    /** Absent when no version was asked for and retries ran out. */
    readonly expected?: ExpectedVersion,
  ) {
    super(message);
  }
}

/** An Idempotency-Key already used for a request with another body or target. */
export class IdempotencyKeyReusedError extends ApplicationError {
  constructor() {
    super('This Idempotency-Key was already used for a different request');
  }
}

/** What was asked for does not exist (yet); `code` names what, e.g. `InitiativeNotFound`. */
export class NotFoundError extends ApplicationError {
  constructor(
    readonly code: string,
    message: string,
    /** Which input named the missing thing, when it was not the path. */
    readonly details: readonly { readonly field: string; readonly message: string }[] = [],
  ) {
    super(message);
  }
}

/** The actor may call the route but not for this target; `code` names why, e.g. `OutsideUnits`. */
export class ForbiddenError extends ApplicationError {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly { readonly field: string; readonly message: string }[] = [],
  ) {
    super(message);
  }
}
