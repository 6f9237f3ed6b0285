import { loadConfig } from '@followup/platform';
import { PublishAndAwaitView, PublishOnly } from './commit-pipeline';
import { choosePipelineStrategy, embeddedPipeline, kafkaPipeline } from './pipeline-strategy';

/** A relay whose pass ends when the test says so, and a waiter that reports what the read model has. */
function parts(viewVersion: number) {
  let finishPass: () => void = () => undefined;
  const steps: string[] = [];
  return {
    steps,
    finishPass: () => finishPass(),
    relay: {
      drain: () => {
        steps.push('publish');
        return new Promise<void>((resolve) => (finishPass = resolve));
      },
    },
    waiter: {
      waitForVersion: async (id: string, version: number, timeoutMs: number) => {
        steps.push(`wait ${id} v${version} ${timeoutMs}ms`);
        return viewVersion >= version ? ({ id, version: viewVersion } as never) : null;
      },
    },
  };
}

describe('commit pipelines', () => {
  it('embedded: publishes, then waits for the view to have the version', async () => {
    const p = parts(3);
    const outcome = new PublishAndAwaitView({ ...p, readModelWaitMs: 2000 }).afterCommit('ini-1', 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.steps).toEqual(['publish']);
    p.finishPass();
    expect(await outcome).toBe('view-current');
    expect(p.steps).toEqual(['publish', 'wait ini-1 v3 2000ms']);
  });

  it('embedded: says so when the view did not catch up in time', async () => {
    const p = parts(2);
    const outcome = new PublishAndAwaitView({ ...p, readModelWaitMs: 10 }).afterCommit('ini-1', 3);
    p.finishPass();
    expect(await outcome).toBe('view-behind');
  });

  it('Kafka: starts publishing and returns without waiting for the pass or the view', async () => {
    const p = parts(0);
    expect(await new PublishOnly(p.relay).afterCommit()).toBe('not-awaited');
    expect(p.steps).toEqual(['publish']);
  });
});

describe('choosePipelineStrategy', () => {
  it('is embedded without KAFKA_BROKERS and Kafka with it', () => {
    expect(choosePipelineStrategy(loadConfig({}))).toBe(embeddedPipeline);
    expect(choosePipelineStrategy(loadConfig({ KAFKA_BROKERS: 'localhost:9092' }))).toBe(kafkaPipeline);
  });

  it('keeps the consumers in the API only where the bus reaches no other process', () => {
    expect(embeddedPipeline).toMatchObject({ consumersInApi: true, projectionCheckpoints: true });
    expect(kafkaPipeline).toMatchObject({ consumersInApi: false, projectionCheckpoints: false });
  });
});
