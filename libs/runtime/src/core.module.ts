import { DynamicModule, Global, Module } from '@nestjs/common';
import {
  APP_CONFIG,
  CLOCK,
  resolveJwtSecret,
  systemClock,
  TokenVerifier,
  type AppConfig,
  type Clock,
} from '@followup/platform';
import { TOKEN_VERIFIER } from './http/auth';
import { PIPELINE_STRATEGY, type PipelineStrategy } from './pipeline/pipeline-strategy';
import { ViewProgress } from './pipeline/view-progress';

export interface CoreOptions {
  readonly config: AppConfig;
  /** Chosen once at start-up (`choosePipelineStrategy`) and shared with everything that needs it. */
  readonly pipeline: PipelineStrategy;
  readonly clock?: Clock;
  /** Processes without an HTTP API need no token verification. */
  readonly authentication?: boolean;
}

/** Configuration, pipeline strategy, clock, view progress and token verification, shared by every process. */
@Global()
@Module({})
export class RuntimeCoreModule {
  static forRoot({ config, pipeline, clock = systemClock, authentication = true }: CoreOptions): DynamicModule {
    const verifier = {
      provide: TOKEN_VERIFIER,
      useFactory: () =>
        new TokenVerifier({
          secret: resolveJwtSecret(config),
          jwksUrl: config.authJwksUrl,
          oidcIssuer: config.authOidcIssuer,
          now: () => clock.now().getTime(),
          policy: config.security,
        }),
    };
    return {
      module: RuntimeCoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: PIPELINE_STRATEGY, useValue: pipeline },
        { provide: CLOCK, useValue: clock },
        ViewProgress,
        ...(authentication ? [verifier] : []),
      ],
      exports: [APP_CONFIG, PIPELINE_STRATEGY, CLOCK, ViewProgress, ...(authentication ? [TOKEN_VERIFIER] : [])],
    };
  }
}
