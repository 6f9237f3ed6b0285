import { alertEnv, notifier, waitForAlerts } from '../alerts/support/alerts';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { decisionsOf, exportedEventsOf, historyOf } from './support';

jest.setTimeout(30_000);
alertEnv({ ALERT_GROUP_WAIT_MS: '0' });

describe('who decided, and acknowledgements, in the ledger', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let auditor: InitiativesClient;

  beforeEach(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
    auditor = await InitiativesClient.as(api, ['auditor'], 'revisor', 'Rita Revisor');
  });
  afterEach(() => api.dispose());

  it('keeps decidedBy of a closure in history, export, decision log and the closure view', async () => {
    const id = await cw.activeInitiative();
    const goalId = await cw.defineGoal(id);
    await cw.close(id, [goalId], { caseRef: '2026/0999', decidedBy: 'Fylkesutvalet' });

    expect((await cw.status(id)).closure).toMatchObject({ caseRef: '2026/0999', decidedBy: 'Fylkesutvalet' });
    const line = (await historyOf(auditor, id)).find((i) => i.type === 'InitiativeClosed');
    expect(line).toMatchObject({ caseRef: '2026/0999', decidedBy: 'Fylkesutvalet' });
    const exported = (await exportedEventsOf(auditor, id)).find((e) => e.type === 'InitiativeClosed');
    expect(exported).toMatchObject({ caseRef: '2026/0999', data: { decidedBy: 'Fylkesutvalet' } });
    expect(await decisionsOf(auditor, id)).toEqual([
      expect.objectContaining({ kind: 'closure', caseRef: '2026/0999', decidedBy: 'Fylkesutvalet' }),
    ]);
    const verify = await expectStatus(auditor.get('/audit/verify'), 200);
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('records an acknowledgement as an AlertAcknowledged event of the initiative', async () => {
    const id = await cw.activeInitiative();
    const milestoneId = await cw.planMilestone(id, { title: 'Tender', dueAt: '2025-03-01T00:00:00Z' });
    await notifier(api).evaluateNow();
    const [overdue] = await waitForAlerts(leader, `status=open&initiativeId=${id}`, [
      'milestone.overdue:critical/2025-03-01',
    ]);
    const before = await cw.version(id);
    await expectStatus(leader.post(`/alerts/${overdue!.id}/acknowledge`, { comment: 'New round agreed' }), 200);

    expect(await cw.version(id)).toBe(before + 1);
    const line = (await historyOf(auditor, id)).find((i) => i.type === 'AlertAcknowledged');
    expect(line).toMatchObject({ actor: { sub: 'lena', name: 'Lena Leader' } });
    expect(line.summary).toContain('New round agreed');
    const exported = (await exportedEventsOf(auditor, id)).find((e) => e.type === 'AlertAcknowledged');
    expect(exported.data).toMatchObject({
      alertId: overdue!.id,
      kind: 'milestone.overdue',
      subjectId: milestoneId,
      comment: 'New round agreed',
      decisionId: null,
    });
    expect(await decisionsOf(auditor, id)).toEqual([expect.objectContaining({ kind: 'alertAcknowledged' })]);
  });
});
