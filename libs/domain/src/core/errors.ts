/**
 * Why a command was refused. The shell maps the kind to HTTP:
 * notFound 404, conflict 409 (state does not allow it), invalid 422 (the request breaks a rule).
 */
export type DomainErrorKind = 'notFound' | 'conflict' | 'invalid';

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
