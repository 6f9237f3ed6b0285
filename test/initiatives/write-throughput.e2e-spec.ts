import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, InitiativesClient } from '../support/initiatives-client';

describe('writes to one initiative from one process', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker'], 'alice', 'Alice Berg');
  });
  afterAll(() => api.dispose());

  it('32 concurrent measurements without If-Match all succeed, one version each', async () => {
    const id = await cw.activeInitiative();
    const goalId = await cw.defineGoal(id);
    const indicatorId = await cw.defineIndicator(id, goalId);
    const before = await cw.version(id);
    const answers = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        cw.post(`/initiatives/${id}/indicators/${indicatorId}/measurements`, build.measurement({ value: i })),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 32 }, () => 201));
    const versions = answers.map((answer) => answer.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 32 }, (_, i) => before + i + 1));
    const store = api.app.get<EventStore>(EVENT_STORE);
    expect(await store.streamVersion(id)).toBe(before + 32);
    expect((await cw.status(id)).version).toBe(before + 32);
  });

  it('a later command is decided on the state this process folded, without reading the stream again', async () => {
    const id = await cw.activeInitiative();
    const goalId = await cw.defineGoal(id);
    const store = api.app.get<EventStore>(EVENT_STORE);
    const reads = jest.spyOn(store, 'readStream');
    try {
      await expectStatus(cw.post(`/initiatives/${id}/milestones`, build.milestone()), 201);
      await cw.defineIndicator(id, goalId);
      // The append's version check guards the cached state (see two-instances.e2e-spec.ts).
      expect(reads.mock.calls.filter(([streamId]) => streamId === id)).toEqual([]);
      // A refusal is decided again on what the store holds: one read, from after the folded version.
      await expectStatus(
        cw.post(`/initiatives/${id}/indicators/no-such-indicator/measurements`, build.measurement()),
        404,
      );
      const ofThis = reads.mock.calls.filter(([streamId]) => streamId === id);
      expect(ofThis).toHaveLength(1);
      expect(ofThis[0]![1]).toBeGreaterThan(1);
    } finally {
      reads.mockRestore();
    }
  });
});
