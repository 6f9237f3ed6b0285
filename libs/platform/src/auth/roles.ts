export const ROLES = ['caseworker', 'leader', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthenticatedActor {
  readonly sub: string;
  readonly name?: string;
  readonly roles: Role[];
  /** Organisational units a caseworker writes for (the token's `units` claim); absent: no claim. */
  readonly units?: readonly string[];
}
