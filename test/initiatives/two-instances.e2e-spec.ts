import { startApi, type ApiHarness } from '../support/api-harness';
import { InitiativesClient } from '../support/initiatives-client';

/**
 * Two API instances on one store (the embedded files here; MongoDB in production). Each decides a
 * command on the state it cached after its own last write, without reading the stream again; what
 * the other instance appended meanwhile must still count.
 */
describe('two API instances writing one initiative', () => {
  let first: ApiHarness;
  let second: ApiHarness;

  beforeAll(async () => {
    first = await startApi();
    second = await startApi({ dataDir: first.dataDir });
  });
  afterAll(async () => {
    await second.close();
    await first.dispose();
  });

  it('accepts a command on a part the other instance defined, and one after the other instance wrote', async () => {
    const here = await InitiativesClient.as(first);
    const there = await InitiativesClient.as(second);
    const id = await here.activeInitiative();
    const goal = await here.defineGoal(id);
    const before = await here.version(id);

    // Unknown to the state this instance cached: decided again on what the store holds.
    const indicator = await there.defineIndicator(id, goal);
    await here.recordMeasurement(id, indicator);
    // Accepted on the cached state but refused by the store's version check: decided again.
    await there.planMilestone(id);
    await here.planMilestone(id);

    const view = await here.status(id);
    expect(view.version).toBe(before + 4);
    expect(view.milestones).toHaveLength(2);
    expect(view.goals[0].indicators[0]).toMatchObject({ id: indicator, measurementCount: 1 });
  });
});
