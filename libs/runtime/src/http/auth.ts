import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { InvalidTokenError, type AuthenticatedActor, type Role, TokenVerifier } from '@followup/platform';
import { ApiError } from './api-error';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
const PUBLIC = 'followup:public';
const ROLES_KEY = 'followup:roles';

/** No token needed (health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Any of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A request the AuthGuard has looked at: `actor` is set once its bearer token was verified. */
export type RequestWithActor = FastifyRequest & { actor?: AuthenticatedActor };

/** The request's verified actor; 401 without one. */
export function requireActor(request: RequestWithActor): AuthenticatedActor {
  if (!request.actor) throw new ApiError(401, 'Authentication required');
  return request.actor;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedActor =>
  requireActor(context.switchToHttp().getRequest<RequestWithActor>()),
);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const challenge = { headers: { 'WWW-Authenticate': 'Bearer' } };
    if (!match) throw new ApiError(401, 'Missing bearer token in the Authorization header', challenge);
    try {
      request.actor = await this.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new ApiError(401, `Invalid token: ${error.message}`, challenge);
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.some((role) => request.actor!.roles.includes(role))) {
      throw new ApiError(403, `This needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
