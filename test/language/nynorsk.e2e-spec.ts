import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { alertEnv, notifier, waitForAlerts } from '../alerts/support/alerts';

/* With `Accept-Language: nn` people read Nynorsk: error messages, history lines and alert titles. */
alertEnv({ ALERT_DISPATCH_MS: '20' });

const NN = { 'accept-language': 'nn' };

describe('Nynorsk messages (Accept-Language: nn)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let auditor: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    auditor = await InitiativesClient.as(api, ['auditor'], 'aud', 'Anne Revisor');
  });
  afterAll(() => api.dispose());

  describe('errors', () => {
    it('says what is wrong with a request in Nynorsk, keeping code and details', async () => {
      const english = await expectStatus(cw.post('/initiatives', { kind: 'project' }), 400);
      const nynorsk = await expectStatus(cw.post('/initiatives', { kind: 'project' }, NN), 400);
      expect(nynorsk.body.code).toBe('ValidationFailed');
      expect(nynorsk.body.details).toEqual(english.body.details);
      expect(nynorsk.body.message).toMatch(/^Førespurnaden har \d+ feil: /);
      expect(nynorsk.body.message).toContain('title');
      expect(english.body.message).not.toContain('Førespurnaden');
    });

    it('names what was not found', async () => {
      const missing = await expectStatus(cw.get('/initiatives/no-such-thing', NN), 404);
      expect(missing.body).toMatchObject({ code: 'InitiativeNotFound', message: 'Fann ikkje initiativet' });
      const english = await expectStatus(cw.get('/initiatives/no-such-thing'), 404);
      expect(english.body.message).toBe('Initiative no-such-thing not found');
    });

    it('explains a version conflict with the current version', async () => {
      const id = await cw.register({ id: 'nn-version' });
      const stale = await expectStatus(
        cw.post(`/initiatives/${id}/activate`, undefined, { ...NN, 'if-match': '"7"' }),
        412,
      );
      expect(stale.body.code).toBe('VersionConflict');
      expect(stale.body.message).toBe('Initiativet er endra sidan du las det; gjeldande versjon er 1');
    });

    it('translates rules of the domain', async () => {
      const id = await cw.register({ id: 'nn-goals' });
      await cw.defineGoal(id, { resultLevel: 'output' });
      const refused = await expectStatus(cw.post(`/initiatives/${id}/activate`, undefined, NN), 422);
      expect(refused.body.code).toBe('GoalNotVerifiable');
      expect(refused.body.message).toMatch(/^Eitt mål kan ikkje etterprøvast/);

      const ms = await cw.planMilestone(id, { dueAt: '2025-06-01T00:00:00Z' });
      const early = await expectStatus(
        cw.post(`/initiatives/${id}/milestones/${ms}/miss`, { reason: 'For seint' }, NN),
        422,
      );
      expect(early.body.message).toBe('Milepælen har ikkje nådd fristen enno; flytt eller avlys han i staden');
    });

    it('answers an unauthenticated request in Nynorsk too', async () => {
      const response = await api.http.get('/initiatives').set('accept-language', 'nn-NO');
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('Manglar eller ugyldig innloggingstoken');
    });
  });

  it('writes history lines in Nynorsk, and in English without the header', async () => {
    const id = await cw.register({ id: 'nn-history', kind: 'focusArea', title: 'Grøn omstilling' });
    const goal = await cw.defineGoal(id, { statement: 'Lågare utslepp', resultLevel: 'societalEffect' });
    await cw.defineIndicator(id, goal, {
      name: 'Utslepp',
      unit: 'kt',
      direction: 'decrease',
      targets: [{ value: 5, at: '2025-12-31T00:00:00Z' }],
      baseline: { value: 10, at: '2025-01-01T00:00:00Z' },
    });
    await cw.planMilestone(id, { title: 'Klimaplan vedteken', dueAt: '2025-06-01T00:00:00Z' });

    const nynorsk = (await expectStatus(auditor.get(`/audit/initiatives/${id}/history`, NN), 200)).body.items;
    expect(nynorsk.map((item: any) => item.summary)).toEqual([
      expect.stringMatching(/^Registrerte satsingsområde «Grøn omstilling», eigd av /),
      'Definerte målet «Lågare utslepp» (samfunnseffekt)',
      'Definerte indikatoren «Utslepp» (kt, minke) for målet «Lågare utslepp»: utgangspunkt 10 per 2025-01-01, ' +
        'mål 5 innan 2025-12-31',
      'Planla milepælen «Klimaplan vedteken» med frist 2025-06-01',
    ]);
    const english = (await expectStatus(auditor.get(`/audit/initiatives/${id}/history`), 200)).body.items;
    expect(english[3].summary).toBe('Planned milestone "Klimaplan vedteken" due 2025-06-01');
  });

  it('gives alerts a Nynorsk title and message', async () => {
    const leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leiar');
    const id = await cw.activeInitiative({ id: 'nn-alerts', title: 'Ferjeprosjektet' });
    await cw.planMilestone(id, { title: 'Anbod sendt', dueAt: '2025-02-20T00:00:00Z' });
    await notifier(api).evaluateNow();
    await waitForAlerts(leader, `status=open&initiativeId=${id}`, ['milestone.overdue:critical/2025-02-20']);

    const nynorsk = (await expectStatus(leader.get(`/alerts?initiativeId=${id}`, NN), 200)).body.items[0];
    expect(nynorsk.title).toBe('Milepælen «Anbod sendt» er forseinka');
    expect(nynorsk.message).toBe('Milepælen «Anbod sendt» er forseinka (i «Ferjeprosjektet», frist 2025-02-20)');
    const one = (await expectStatus(leader.get(`/alerts/${nynorsk.id}`, NN), 200)).body;
    expect(one.title).toBe(nynorsk.title);

    const english = (await expectStatus(leader.get(`/alerts?initiativeId=${id}`), 200)).body.items[0];
    expect(english.title).toBe('Milestone "Anbod sendt" is overdue');
    expect(english.message).not.toContain('Milepælen');
  });
});
