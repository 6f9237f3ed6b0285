import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@followup/platform';
import { choosePipelineStrategy, compactWhenIdle, createPinoLogger, PinoLoggerService } from '@followup/runtime';
import { NotifierModule } from './notifier.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'notifier');
  const pipeline = choosePipelineStrategy(config);
  if (pipeline.consumersInApi) {
    throw new Error(
      'The notifier consumes Kafka: set KAFKA_BROKERS (the embedded default runs the alerts inside `npm start`)',
    );
  }
  const app = await NestFactory.createApplicationContext(NotifierModule.forRoot({ config, pipeline }), {
    logger: new PinoLoggerService(createPinoLogger(config.logLevel)),
  });
  app.enableShutdownHooks();
  compactWhenIdle(config);
  new Logger('Notifier').log(
    `evaluating alerts from ${config.kafkaTopicPrefix}followup.events.v1 every ${config.alerting.tickMs} ms and on events; ` +
      `alerts in ${config.storage === 'mongodb' ? 'MongoDB' : `${config.dataDir}/alerts.db`}, ` +
      `published on ${config.kafkaTopicPrefix}followup.alerts.v1`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
