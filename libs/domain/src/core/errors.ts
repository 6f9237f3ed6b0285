/**
 * Why a command was refused. The shell maps the kind to HTTP:
 * notFound 404, conflict 409 (state does not allow it), invalid 422 (the request breaks a rule),
 * unchanged 400 (a change that would change nothing).
 */
export type DomainErrorKind = 'notFound' | 'conflict' | 'invalid' | 'unchanged';

export interface DomainErrorDetail {
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `InitiativeClosed`. */
    readonly code: string,
    message: string,
    readonly details: readonly DomainErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string, details?: DomainErrorDetail[]) =>
  new DomainError('notFound', code, message, details);
export const conflict = (code: string, message: string, details?: DomainErrorDetail[]) =>
  new DomainError('conflict', code, message, details);
export const invalid = (code: string, message: string, details?: DomainErrorDetail[]) =>
  new DomainError('invalid', code, message, details);
/** A change request whose every value is already as given: nothing to record. */
export const unchanged = (code: string, message: string, details?: DomainErrorDetail[]) =>
  new DomainError('unchanged', code, message, details);
