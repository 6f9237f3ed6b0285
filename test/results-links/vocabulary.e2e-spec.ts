import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

describe('GET /vocabulary and target groups', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'followup-vocabulary-')), 'vocabulary.json');
    writeFileSync(
      file,
      JSON.stringify({
        targetGroups: [{ code: 'seniorar', nn: 'seniorar', en: 'seniors', definition: 'Residents over 67.' }],
      }),
    );
    api = await startApi({ env: { VOCABULARY_FILE: file } });
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  it.each([['caseworker'], ['leader'], ['auditor'], ['admin']])('answers any authenticated role (%s)', async (role) => {
    const client = await InitiativesClient.as(api, [role]);
    const { body } = await expectStatus(client.get('/vocabulary'), 200);
    expect(Object.keys(body).sort()).toEqual([
      'aggregations',
      'closureOutcomes',
      'decisionKinds',
      'indicatorDirections',
      'initiativeKinds',
      'milestoneStatuses',
      'resultLevels',
      'scorecardMeasures',
      'targetGroups',
    ]);
  });

  it('labels every term in Nynorsk and English with a definition, and adds the configured target groups', async () => {
    const { body } = await expectStatus(cw.get('/vocabulary'), 200);
    expect(body.resultLevels.map((t: { nn: string }) => t.nn)).toEqual([
      'innsatsfaktorar',
      'aktivitetar',
      'produkt/teneste',
      'brukareffekt',
      'samfunnseffekt',
    ]);
    expect(body.resultLevels[4]).toEqual(
      expect.objectContaining({ code: 'societalEffect', en: 'societal effect', definition: expect.any(String) }),
    );
    const codes = body.targetGroups.map((t: { code: string }) => t.code);
    expect(codes).toEqual(expect.arrayContaining(['ungdom', 'innbyggjarar', 'næringsliv', 'kommunar', 'seniorar']));
  });

  it('refuses an anonymous request', async () => {
    await expectStatus(api.http.get('/vocabulary'), 401);
  });

  it('keeps target groups on initiatives and goals', async () => {
    const id = await cw.register({ targetGroups: ['ungdom', 'seniorar'] });
    const goalId = await cw.defineGoal(id, { targetGroups: ['kommunar'] });
    const status = await cw.status(id);
    expect(status.targetGroups).toEqual(['ungdom', 'seniorar']);
    expect(status.goals.find((g: { id: string }) => g.id === goalId).targetGroups).toEqual(['kommunar']);
  });

  it('refuses target groups outside the vocabulary with 422 naming the field', async () => {
    const registration = await expectStatus(
      cw.post('/initiatives', build.initiative({ targetGroups: ['ungdom', 'pensjonistar'] })),
      422,
    );
    expect(registration.body.code).toBe('UnknownTargetGroup');
    expect(fieldsOf(registration)).toEqual(['targetGroups[1]']);
    const id = await cw.register();
    const goal = await expectStatus(cw.post(`/initiatives/${id}/goals`, build.goal({ targetGroups: ['alle'] })), 422);
    expect(fieldsOf(goal)).toEqual(['targetGroups[0]']);
  });
});
