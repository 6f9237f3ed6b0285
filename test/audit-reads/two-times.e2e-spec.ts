import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

/*
 * History registered after the fact: everything occurred in 2025 (business time) but was recorded
 * in February 2026 (system time). Then a reschedule that occurred on 2026-01-15 is recorded on 2026-02-05.
 */
describe('asOf (system time) and validAt (business time) on reads', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let id: string;
  let milestoneId: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-02-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api);
    id = await cw.register({ occurredAt: '2025-01-10T00:00:00Z' });
    await expectStatus(cw.post(`/initiatives/${id}/activate`, { occurredAt: '2025-01-11T00:00:00Z' }), 200);
    milestoneId = await cw.planMilestone(id, { dueAt: '2025-06-30T00:00:00Z', occurredAt: '2025-03-01T00:00:00Z' });
    api.clock.set(new Date('2026-02-05T12:00:00.000Z'));
    const reschedule = build.reschedule({ dueAt: '2026-06-30T00:00:00Z', occurredAt: '2026-01-15T00:00:00Z' });
    await expectStatus(cw.post(`/initiatives/${id}/milestones/${milestoneId}/reschedule`, reschedule), 200);
  });
  afterAll(() => api.dispose());

  const read = (query: Record<string, string>, path = `/initiatives/${id}`) =>
    cw.get(`${path}?${new URLSearchParams(query).toString()}`);

  it('reads back-dated history as it stood in business time (validAt)', async () => {
    const before = await expectStatus(read({ asOf: '2025-12-31T00:00:00Z' }), 404);
    expect(before.body.code).toBe('NotYetRecorded');

    const then = (await expectStatus(read({ validAt: '2025-12-31T00:00:00Z' }), 200)).body;
    expect(then).toMatchObject({ asOf: null, validAt: '2025-12-31T00:00:00.000Z', status: 'active' });
    expect(then.milestones[0]).toMatchObject({ id: milestoneId, dueAt: '2025-06-30T00:00:00Z' });

    const after = (await expectStatus(read({ validAt: '2026-01-20T00:00:00Z' }), 200)).body;
    expect(after.milestones[0].dueAt).toBe('2026-06-30T00:00:00Z');

    const notYet = await expectStatus(read({ validAt: '2024-12-31T00:00:00Z' }), 404);
    expect(notYet.body.code).toBe('NotYetValid');
  });

  it('answers what the record said at asOf about validAt', async () => {
    const said = (await expectStatus(read({ asOf: '2026-02-02T00:00:00Z', validAt: '2026-01-20T00:00:00Z' }), 200))
      .body;
    expect(said).toMatchObject({ asOf: '2026-02-02T00:00:00.000Z', validAt: '2026-01-20T00:00:00.000Z' });
    // The reschedule had occurred by 2026-01-20, but was not recorded until 2026-02-05.
    expect(said.milestones[0].dueAt).toBe('2025-06-30T00:00:00Z');
    const known = (await expectStatus(read({ asOf: '2026-02-06T00:00:00Z', validAt: '2026-01-20T00:00:00Z' }), 200))
      .body;
    expect(known.milestones[0].dueAt).toBe('2026-06-30T00:00:00Z');
  });

  it('rolls up as things stood in business time', async () => {
    const rollup = (await expectStatus(read({ validAt: '2025-12-31T00:00:00Z' }, `/initiatives/${id}/rollup`), 200))
      .body;
    expect(rollup).toMatchObject({ asOf: null, validAt: '2025-12-31T00:00:00.000Z', root: { id } });
  });

  it('reads deviations since a business time', async () => {
    const since = async (time: string) =>
      (await expectStatus(read({ since: time }, `/initiatives/${id}/deviations`), 200)).body;
    const sinceNewYear = await since('2025-12-31T00:00:00Z');
    expect(sinceNewYear.existedAtSince).toBe(true);
    expect(sinceNewYear.milestones.rescheduled.map((m: { milestoneId: string }) => m.milestoneId)).toEqual([
      milestoneId,
    ]);
    // Recorded on 2026-02-05, but it occurred before 2026-01-31: not a change since then.
    expect((await since('2026-01-31T00:00:00Z')).milestones.rescheduled).toEqual([]);
  });

  it('refuses malformed times, naming the parameter', async () => {
    expect(fieldsOf(await expectStatus(read({ validAt: 'last year' }), 400))).toEqual(['validAt']);
    expect(fieldsOf(await expectStatus(read({ asOf: '2025-13-01' }, `/initiatives/${id}/rollup`), 400))).toEqual([
      'asOf',
    ]);
  });

  it('leaves out, as things stood then, a change back-dated before the part it changes was defined', async () => {
    // The milestone is planned in March 2025 but its achievement is dated January 2025.
    const early = await cw.planMilestone(id, { dueAt: '2025-02-28T00:00:00Z', occurredAt: '2025-03-02T00:00:00Z' });
    const achieve = build.achieve({ achievedAt: '2025-01-20T00:00:00Z', occurredAt: '2025-01-20T00:00:00Z' });
    await expectStatus(cw.post(`/initiatives/${id}/milestones/${early}/achieve`, achieve), 200);

    const february = (await expectStatus(read({ validAt: '2025-02-15T00:00:00Z' }), 200)).body;
    expect(february.milestones.map((m: { id: string }) => m.id)).not.toContain(early);
    const rollup = (await expectStatus(read({ validAt: '2025-02-15T00:00:00Z' }, `/initiatives/${id}/rollup`), 200))
      .body;
    expect(rollup.validAt).toBe('2025-02-15T00:00:00.000Z');
    const april = (await expectStatus(read({ validAt: '2025-04-01T00:00:00Z' }), 200)).body;
    expect(april.milestones.find((m: { id: string }) => m.id === early)).toMatchObject({ status: 'achieved' });
    await expectStatus(cw.get(`/scorecard?rootInitiativeId=${id}&period=tertial&from=2025-01-01T00:00:00Z`), 200);
  });
});
