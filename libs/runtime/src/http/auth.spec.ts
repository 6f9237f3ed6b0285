import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { issueToken, TokenVerifier, type AuthenticatedActor } from '@followup/platform';
import { ApiError } from './api-error';
import { AuthGuard, Public, Roles } from './auth';

const SECRET = 'a-test-secret-long-enough-for-hs256';

@Roles('caseworker', 'admin')
class WritesController {
  register(): void {}
  @Public()
  health(): void {}
  @Roles('auditor')
  history(): void {}
}

class ReadsController {
  list(): void {}
}

type Request = { headers: { authorization?: string }; actor?: AuthenticatedActor };

function contextFor(handler: () => void, controller: object, request: Request): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector(), new TokenVerifier({ secret: SECRET }));
  const bearer = async (roles: string[], secret = SECRET, expiresIn: string | number = '1h') =>
    `Bearer ${await issueToken(secret, { sub: 'kari', name: 'Kari Nordmann', roles, expiresIn })}`;

  async function refusal(handler: () => void, controller: object, request: Request): Promise<ApiError> {
    const error = await guard.canActivate(contextFor(handler, controller, request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }

  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    const error = await refusal(WritesController.prototype.register, WritesController, { headers: {} });
    expect(error.getStatus()).toBe(401);
    expect(error.getResponse()).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Missing bearer token in the Authorization header',
    });
    expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('answers 401 when the Authorization header is not a bearer token', async () => {
    const request = { headers: { authorization: 'Basic a2FyaTpzZWNyZXQ=' } };
    expect((await refusal(ReadsController.prototype.list, ReadsController, request)).getStatus()).toBe(401);
  });

  it('answers 401 for a token signed with another secret', async () => {
    const request = { headers: { authorization: await bearer(['caseworker'], 'another-secret-of-the-same-size!!') } };
    const error = await refusal(WritesController.prototype.register, WritesController, request);
    expect(error.getStatus()).toBe(401);
    expect((error.getResponse() as { message: string }).message).toMatch(/^Invalid token: /);
    expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('answers 401 for an expired or malformed token', async () => {
    const expired = { headers: { authorization: await bearer(['caseworker'], SECRET, '-1h') } };
    expect((await refusal(ReadsController.prototype.list, ReadsController, expired)).getStatus()).toBe(401);
    const garbage = { headers: { authorization: 'Bearer not.a.jwt' } };
    expect((await refusal(ReadsController.prototype.list, ReadsController, garbage)).getStatus()).toBe(401);
  });

  it('answers 403 naming the allowed roles when the caller has none of them', async () => {
    const request = { headers: { authorization: await bearer(['leader', 'auditor']) } };
    const error = await refusal(WritesController.prototype.register, WritesController, request);
    expect(error.getStatus()).toBe(403);
    expect(error.getResponse()).toMatchObject({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This needs one of the roles: caseworker, admin',
    });
  });

  it('lets a caller with one of the roles through and remembers who it is', async () => {
    const request: Request = { headers: { authorization: await bearer(['admin']) } };
    const context = contextFor(WritesController.prototype.register, WritesController, request);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.actor).toEqual({ sub: 'kari', name: 'Kari Nordmann', roles: ['admin'] });
  });

  it('accepts the scheme name in any case', async () => {
    const token = (await bearer(['caseworker'])).replace('Bearer', 'bearer');
    const context = contextFor(WritesController.prototype.register, WritesController, {
      headers: { authorization: token },
    });
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it('lets the roles of a route override those of its controller', async () => {
    const caseworker = { headers: { authorization: await bearer(['caseworker']) } };
    expect((await refusal(WritesController.prototype.history, WritesController, caseworker)).getStatus()).toBe(403);
    const auditor = { headers: { authorization: await bearer(['auditor']) } };
    const context = contextFor(WritesController.prototype.history, WritesController, auditor);
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it('lets any authenticated caller use a route without roles, also one with no known role', async () => {
    const request = { headers: { authorization: await bearer(['visitor']) } };
    const context = contextFor(ReadsController.prototype.list, ReadsController, request);
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });

  it('lets anyone reach a public route, without a token or with a bad one', async () => {
    const bare = contextFor(WritesController.prototype.health, WritesController, { headers: {} });
    await expect(guard.canActivate(bare)).resolves.toBe(true);
    const bad = { headers: { authorization: 'Bearer not.a.jwt' } };
    await expect(guard.canActivate(contextFor(WritesController.prototype.health, WritesController, bad))).resolves.toBe(
      true,
    );
  });
});
