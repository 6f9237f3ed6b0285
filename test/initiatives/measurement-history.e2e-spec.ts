import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

interface Measured {
  id: string;
  value: number;
}

describe('an indicator with a long history', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let id: string;
  let indicatorId: string;
  const RECORDED = 105;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
    id = await cw.activeInitiative({ title: 'Apprenticeships' });
    indicatorId = await cw.defineIndicator(id, await cw.defineGoal(id));
    for (let value = 0; value < RECORDED; value++) await cw.recordMeasurement(id, indicatorId, { value });
  });
  afterAll(() => api.dispose());

  const history = (query = '', client = cw) =>
    client.get(`/initiatives/${id}/indicators/${indicatorId}/measurements${query ? `?${query}` : ''}`);
  const indicatorOf = async () => (await cw.status(id)).goals[0].indicators[0];

  it('keeps the initiative the same size: the 100 measurements recorded last, and the count of all', async () => {
    const indicator = await indicatorOf();
    expect(indicator.measurementCount).toBe(RECORDED);
    const shown = indicator.measurements.map((m: Measured) => m.value);
    expect(shown).toHaveLength(100);
    expect(shown[0]).toBe(RECORDED - 100);
    expect(shown[99]).toBe(RECORDED - 1);
    expect(indicator.latest.value).toBe(RECORDED - 1);
  });

  it('pages through every measurement, newest recorded first, each once', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await expectStatus(history(`limit=40${cursor ? `&cursor=${cursor}` : ''}`, leader), 200)).body;
      seen.push(...page.items.map((m: Measured) => m.value));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: RECORDED }, (_, i) => RECORDED - 1 - i));
    const first = await expectStatus(history(), 200);
    expect(first.body.items).toHaveLength(100);
    expect(first.body.nextCursor).toBe('o100');
    // The initiative's version, as GET /initiatives/{id} gives it: pages of one version fit together.
    expect(first.headers.etag).toBe(`"${(await cw.status(id)).version}"`);
  });

  it('leaves a withdrawn measurement out', async () => {
    const newest = (await expectStatus(history('limit=1'), 200)).body.items[0] as Measured;
    const withdraw = `/initiatives/${id}/indicators/${indicatorId}/measurements/${newest.id}/withdraw`;
    await expectStatus(cw.post(withdraw, { reason: 'Counted twice' }), 200);
    const after = (await expectStatus(history('limit=1000'), 200)).body;
    expect(after.items).toHaveLength(RECORDED - 1);
    expect(after.items.map((m: Measured) => m.id)).not.toContain(newest.id);
    expect(after.nextCursor).toBeUndefined();
    expect((await indicatorOf()).measurementCount).toBe(RECORDED - 1);
  });

  it('answers 404 for an unknown initiative or indicator and 400 naming a bad limit or cursor', async () => {
    const unknownIndicator = await expectStatus(cw.get(`/initiatives/${id}/indicators/nope/measurements`), 404);
    expect(unknownIndicator.body.code).toBe('IndicatorNotFound');
    const unknownInitiative = await expectStatus(
      cw.get(`/initiatives/nope/indicators/${indicatorId}/measurements`),
      404,
    );
    expect(unknownInitiative.body.code).toBe('InitiativeNotFound');
    expect(fieldsOf(await expectStatus(history('limit=0'), 400))).toEqual(['limit']);
    expect(fieldsOf(await expectStatus(history('limit=1001'), 400))).toEqual(['limit']);
    expect(fieldsOf(await expectStatus(history('cursor=abc'), 400))).toEqual(['cursor']);
  });
});
