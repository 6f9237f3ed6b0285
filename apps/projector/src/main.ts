import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@followup/platform';
import { choosePipelineStrategy, compactWhenIdle, createPinoLogger, PinoLoggerService } from '@followup/runtime';
import { ProjectorModule } from './projector.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'projector');
  const pipeline = choosePipelineStrategy(config);
  if (pipeline.consumersInApi) {
    throw new Error(
      'The projector consumes Kafka: set KAFKA_BROKERS (the embedded default runs projections inside `npm start`)',
    );
  }
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot({ config, pipeline }), {
    logger: new PinoLoggerService(createPinoLogger(config.logLevel)),
  });
  app.enableShutdownHooks();
  compactWhenIdle(config);
  new Logger('Projector').log(
    `projecting ${config.kafkaTopicPrefix}followup.events.v1 into ${config.storage === 'mongodb' ? 'MongoDB' : config.dataDir}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
