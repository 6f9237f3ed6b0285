import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';
import { historyOf, put } from './support';

jest.setTimeout(30_000);

describe('PATCH /initiatives/{id} and PUT /initiatives/{id}/roles/{role}', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let auditor: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    auditor = await InitiativesClient.as(api, ['auditor'], 'revisor', 'Rita Revisor');
  });
  afterAll(() => api.dispose());

  it('changes details with one event holding before and after of what changed', async () => {
    const id = await cw.activeInitiative();
    await expectStatus(
      cw.patch(`/initiatives/${id}`, {
        title: 'Green transition 2.0',
        responsible: 'Kari Nordmann',
        partners: ['Vestland fylkeskommune'],
        reason: 'New mandate',
        decidedBy: 'Fylkesutvalet',
      }),
      200,
    );
    const view = await cw.status(id);
    expect(view).toMatchObject({ title: 'Green transition 2.0', partners: ['Vestland fylkeskommune'] });
    const line = (await historyOf(auditor, id)).find((i) => i.type === 'InitiativeDetailsChanged');
    expect(line).toMatchObject({
      reason: 'New mandate',
      decidedBy: 'Fylkesutvalet',
      before: { title: 'Green transition', partners: [] },
      after: { title: 'Green transition 2.0', partners: ['Vestland fylkeskommune'] },
    });
    expect(line.before).not.toHaveProperty('responsible');
  });

  it('refuses a change that changes nothing, one without a reason, and dates out of order', async () => {
    const id = await cw.activeInitiative({ startsAt: '2025-01-01T00:00:00Z' });
    const same = await expectStatus(
      cw.patch(`/initiatives/${id}`, { responsible: 'Kari Nordmann', reason: 'Check' }),
      400,
    );
    expect(same.body.code).toBe('NothingChanged');
    expect(fieldsOf(same)).toEqual(['responsible']);
    expect(fieldsOf(await expectStatus(cw.patch(`/initiatives/${id}`, { title: 'X' }), 400))).toContain('reason');
    const dates = await expectStatus(
      cw.patch(`/initiatives/${id}`, { endsAt: '2024-12-31T00:00:00Z', reason: 'Shorter' }),
      422,
    );
    expect(fieldsOf(dates)).toContain('endsAt');
  });

  it('assigns roles over time and shows the current holders in the view', async () => {
    const id = await cw.activeInitiative();
    const roles = `/initiatives/${id}/roles`;
    await expectStatus(put(cw, `${roles}/projectLeader`, { holder: 'Ola', reason: 'Appointed' }), 200);
    await expectStatus(put(cw, `${roles}/projectLeader`, { holder: 'Per', reason: 'Ola moved on' }), 200);
    await expectStatus(put(cw, `${roles}/steeringGroup`, { holders: ['Anne', 'Bjørn'], reason: 'Formed' }), 200);
    expect((await cw.status(id)).roles).toEqual({ projectLeader: 'Per', steeringGroup: ['Anne', 'Bjørn'] });

    const unknown = await expectStatus(put(cw, `${roles}/sponsor`, { holder: 'X', reason: 'r' }), 400);
    expect(fieldsOf(unknown)).toContain('role');
    expect(fieldsOf(await expectStatus(put(cw, `${roles}/projectOwner`, { holder: 'X' }), 400))).toContain('reason');

    const lines = (await historyOf(auditor, id)).filter((i) => i.type === 'RoleAssigned');
    expect(lines.map((l) => [l.before, l.after])).toEqual([
      [{ projectLeader: null }, { projectLeader: 'Ola' }],
      [{ projectLeader: 'Ola' }, { projectLeader: 'Per' }],
      [{ steeringGroup: null }, { steeringGroup: ['Anne', 'Bjørn'] }],
    ]);
  });
});
