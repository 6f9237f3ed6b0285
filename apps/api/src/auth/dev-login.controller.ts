import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { APP_CONFIG, issueToken, resolveJwtSecret, ROLES, type AppConfig, type Role } from '@followup/platform';
import { ApiError, CLIENT_ID, Public, TextField } from '@followup/runtime';

/** Lifetime of a development token: long enough for a working session, short enough to expire the same day. */
const DEV_TOKEN_SECONDS = 2 * 60 * 60;

export class DevLoginRequest {
  @TextField(200, { description: 'Full name stored with every event the holder records', example: 'Kari Nordmann' })
  name!: string;

  // Above TextField, so that the id's own pattern replaces the text field's.
  @ApiPropertyOptional({ pattern: CLIENT_ID.source })
  @TextField(64, { optional: true, description: 'Subject id; derived from the name when left out' })
  @Matches(CLIENT_ID, { message: '$property must be 1-64 letters, digits, - or _' })
  sub?: string;

  @ApiProperty({ enum: ROLES, isArray: true, minItems: 1, maxItems: ROLES.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `each value in $property must be one of: ${ROLES.join(', ')}` })
  roles!: Role[];

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    maxItems: 50,
    maxLength: 200,
    description: 'Organisational units the holder acts for',
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  units?: string[];
}

export class DevLoginResponse {
  @ApiProperty() token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() sub!: string;
}

const subjectFrom = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 64) || 'dev-user';

/**
 * Development sign-in for the web console: issues a short-lived token signed like `npm run token`.
 * Answers 404 unless AUTH_DEV_LOGIN is on (the embedded default). An identity provider (OIDC) replaces it.
 */
@ApiTags('authentication')
@Public()
@Controller('auth')
export class DevLoginController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development sign-in (only with AUTH_DEV_LOGIN=true)' })
  async login(@Body() body: DevLoginRequest): Promise<DevLoginResponse> {
    const secret = this.config.security.devLogin ? resolveJwtSecret(this.config) : null;
    if (!secret) throw new ApiError(404, 'Development sign-in is not enabled', { code: 'DevLoginDisabled' });
    const sub = body.sub ?? subjectFrom(body.name);
    const token = await issueToken(secret, {
      sub,
      name: body.name,
      roles: [...new Set(body.roles)],
      expiresIn: DEV_TOKEN_SECONDS,
      ...(body.units ? { units: body.units } : {}),
      ...(this.config.security.authAudience ? { audience: this.config.security.authAudience } : {}),
      ...(this.config.security.authIssuer ? { issuer: this.config.security.authIssuer } : {}),
    });
    return { token, sub, expiresAt: new Date(Date.now() + DEV_TOKEN_SECONDS * 1000).toISOString() };
  }
}
