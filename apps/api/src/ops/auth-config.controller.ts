import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@followup/platform';
import { Public } from '@followup/runtime';

/** What the console needs to sign people in: the OpenID Connect issuer and its client id (both null when unset). */
@ApiTags('operations')
@Public()
@Controller('auth')
export class AuthConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('config')
  @ApiOperation({ summary: 'The OpenID Connect issuer and client id the console signs in with' })
  @ApiOkResponse({ description: '{ issuer, clientId }: AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID, or null' })
  authConfig(): { issuer: string | null; clientId: string | null } {
    return { issuer: this.config.authOidcIssuer, clientId: this.config.authOidcClientId };
  }
}
