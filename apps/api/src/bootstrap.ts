import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { preciseDocument } from './openapi/precise-document';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig, type AppConfig, type Clock } from '@followup/platform';
import {
  ApiError,
  choosePipelineStrategy,
  compactWhenIdle,
  createPinoLogger,
  createValidationPipe,
  ErrorFilter,
  PinoLoggerService,
  runInRequestContext,
  type PersistenceOverrides,
} from '@followup/runtime';
import { ApiModule } from './app.module';
import { hardenHttp } from './http-hardening';
import { serveWebConsole } from './web-console';
import { loadDemoDataIfEmpty } from './demo-data';

export interface CreateApiOptions {
  readonly config?: AppConfig;
  readonly clock?: Clock;
  /** Run the projections in this process; by default where the pipeline keeps its consumers in the API (embedded). */
  readonly runProjections?: boolean;
  readonly adapters?: PersistenceOverrides;
  readonly logger?: false | LogLevel[];
}

/** Builds the HTTP application (used by main.ts and by the e2e tests). */
export async function createApiApp(options: CreateApiOptions = {}): Promise<NestFastifyApplication> {
  const config = options.config ?? loadConfig();
  const pipeline = choosePipelineStrategy(config);
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\x21-\x7e]{1,200}$/.test(given) ? given : randomUUID();
    },
  });
  acceptEmptyJsonBodies(adapter);
  withRequestContext(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot({
      config,
      pipeline,
      runProjections: options.runProjections ?? pipeline.consumersInApi,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.adapters ? { adapters: options.adapters } : {}),
    }),
    adapter,
    {
      logger: options.logger ?? new PinoLoggerService(createPinoLogger(config.logLevel)),
      bufferLogs: false,
      bodyParser: false,
    },
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  await hardenHttp(app, config);
  await serveWebConsole(app, config.webDistDir);

  const document = preciseDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Follow-up and benefit realisation API')
        .setDescription(
          'Goals, indicators, milestones, follow-up decisions, course corrections, closure and benefit realisation, recorded as events.',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * Commands such as `activate` need no body; accept an empty one even when the client sends
 * `Content-Type: application/json`, and reject malformed JSON with a clear 400.
 */
function acceptEmptyJsonBodies(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(
        null,
        JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value)),
      );
    } catch (error) {
      done(new ApiError(400, `Malformed JSON body: ${(error as Error).message}`, { code: 'MalformedJson' }), undefined);
    }
  });
}

/**
 * Every log line written while a request is handled carries its request id and correlation id
 * (X-Correlation-Id when valid, else a new one, which the request's events record too).
 * Set before the handler (after the body is read), so the context reaches guards, pipes and handlers.
 */
function withRequestContext(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('preHandler', (request, _reply, done) => {
    const given = request.headers['x-correlation-id'];
    const correlationId = typeof given === 'string' && /^[\x21-\x7e]{1,200}$/.test(given) ? given : uuidv7();
    runInRequestContext({ requestId: String(request.id), correlationId }, done);
  });
}

export async function startApi(): Promise<void> {
  const config = loadConfig(process.env, 'api');
  const app = await createApiApp({ config });
  await app.listen({ port: config.port, host: config.host });
  compactWhenIdle(config);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  new Logger('Bootstrap').log(
    `listening on ${url} ` +
      `(storage: ${config.storage === 'embedded' ? `embedded SQLite in ${config.dataDir}` : 'MongoDB'}, bus: ${config.bus}); docs at /docs`,
  );
  if (config.demoData) {
    // In the background: the health endpoints answer while the portfolio is written.
    const demoLog = new Logger('DemoData');
    void loadDemoDataIfEmpty(config, url, (line) => demoLog.log(line));
  }
}
