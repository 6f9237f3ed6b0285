import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';
import { alertEnv, listAlerts, notifier, waitForAlerts } from '../alerts/support/alerts';

alertEnv({ ALERT_GROUP_WAIT_MS: '0' });

describe('follow-up items, stopping and escalation', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let parent: string;

  beforeEach(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
    parent = await cw.activeInitiative({ title: 'Green transition' });
  });
  afterEach(() => api.dispose());

  const project = () => cw.activeInitiative({ kind: 'project', title: 'Charging at Stord', parentId: parent });
  const evaluate = () => notifier(api).evaluateNow();
  const followUps = async (query: string, status = 200) => expectStatus(leader.get(`/follow-ups?${query}`), status);

  it('an unrelated decision does not resolve a follow-up item; a decision naming it in resolves does', async () => {
    const proj = await project();
    const first = await cw.decide(proj, { kind: 'adjust', summary: 'Cut scope', followUpBy: '2025-03-10T00:00:00Z' });
    const second = await cw.decide(proj, {
      kind: 'adjust',
      summary: 'New supplier',
      followUpBy: '2025-03-20T00:00:00Z',
    });
    await cw.decide(proj, { kind: 'continue', summary: 'Unrelated' });
    let open = (await followUps(`status=open&initiativeId=${proj}`)).body;
    expect(open.items.map((i: { id: string }) => i.id)).toEqual([first, second]);

    const resolver = await cw.decide(proj, { kind: 'continue', summary: 'Scope cut done', resolves: [first] });
    open = (await followUps(`status=open&initiativeId=${proj}`)).body;
    expect(open.items.map((i: { id: string }) => i.id)).toEqual([second]);
    const resolved = (await followUps(`status=resolved&initiativeId=${parent}&includeDescendants=true`)).body;
    expect(resolved.items).toEqual([
      expect.objectContaining({
        id: first,
        status: 'resolved',
        dueAt: '2025-03-10T00:00:00Z',
        resolvedBy: 'Steering group',
        resolvedByDecisionId: resolver,
        resolvedAt: '2025-03-01T09:00:00Z',
      }),
    ]);

    // Resolving it again, or something that is not an open item of this initiative: 422.
    const again = await expectStatus(
      cw.post(`/initiatives/${proj}/decisions`, build.decision({ resolves: [first] })),
      422,
    );
    expect(again.body.code).toBe('UnknownFollowUp');
    expect(fieldsOf(await followUps('status=late', 400))).toEqual(['status']);
  });

  it('raises an overdue alert per item, not cleared by an unrelated decision', async () => {
    const proj = await project();
    const first = await cw.decide(proj, { kind: 'adjust', summary: 'Cut scope', followUpBy: '2025-03-10T00:00:00Z' });
    const second = await cw.decide(proj, {
      kind: 'adjust',
      summary: 'New supplier',
      followUpBy: '2025-03-12T00:00:00Z',
    });
    api.clock.set('2025-03-13T00:00:00Z');
    await evaluate();
    const open = `status=open&initiativeId=${proj}`;
    await waitForAlerts(leader, open, [
      'decision.followUpOverdue:warning/2025-03-10',
      'decision.followUpOverdue:warning/2025-03-12',
    ]);
    const overdue = (await followUps(`status=overdue&initiativeId=${proj}`)).body.items;
    expect(overdue.map((i: { id: string; daysOverdue: number }) => [i.id, i.daysOverdue])).toEqual([
      [first, 3],
      [second, 1],
    ]);

    await cw.decide(proj, { kind: 'continue', summary: 'Unrelated', occurredAt: '2025-03-12T00:00:00Z' });
    await evaluate();
    expect((await listAlerts(leader, open)).length).toBe(2);
    await cw.decide(proj, { summary: 'Supplier found', occurredAt: '2025-03-12T00:00:00Z', resolves: [second] });
    await waitForAlerts(leader, open, ['decision.followUpOverdue:warning/2025-03-10'], 'after resolving one');
  });

  it('what is due on a date is on time all that day in Oslo, and late from the next midnight there', async () => {
    const proj = await project();
    const followUp = await cw.decide(proj, { kind: 'adjust', summary: 'Cut scope', followUpBy: '2025-03-05' });
    await cw.planMilestone(proj, { title: 'Tender out', dueAt: '2025-03-05' });
    const open = `status=open&initiativeId=${proj}`;

    api.clock.set('2025-03-05T22:59:00Z'); // 23:59 in Oslo on the due day
    await evaluate();
    expect((await cw.status(proj)).milestones.map((m: { overdue: boolean }) => m.overdue)).toEqual([false]);
    const onTime = (await followUps(open)).body.items;
    expect(onTime.map((i: { id: string; daysOverdue: number }) => [i.id, i.daysOverdue])).toEqual([[followUp, 0]]);
    expect((await listAlerts(leader, `${open}&rule=milestone.overdue`)).length).toBe(0);
    expect((await listAlerts(leader, `${open}&rule=decision.followUpOverdue`)).length).toBe(0);

    api.clock.set('2025-03-05T23:00:00Z'); // midnight in Oslo
    await evaluate();
    expect((await cw.status(proj)).milestones.map((m: { overdue: boolean }) => m.overdue)).toEqual([true]);
    const late = (await followUps(`status=overdue&initiativeId=${proj}`)).body.items;
    expect(late.map((i: { id: string; daysOverdue: number }) => [i.id, i.daysOverdue])).toEqual([[followUp, 1]]);
    await waitForAlerts(leader, `${open}&rule=milestone.overdue`, ['milestone.overdue:critical/2025-03-05']);
    await waitForAlerts(leader, `${open}&rule=decision.followUpOverdue`, [
      'decision.followUpOverdue:warning/2025-03-05',
    ]);
  });

  it('a stop decision sets stopping: only closure, benefit work or continue; an alert when not closed in time', async () => {
    const proj = await project();
    await cw.decide(proj, { kind: 'stop', summary: 'Stop the project', followUpBy: '2025-03-10T00:00:00Z' });
    expect((await cw.status(proj)).status).toBe('stopping');
    const refused = await expectStatus(cw.post(`/initiatives/${proj}/milestones`, build.milestone()), 409);
    expect(refused.body.code).toBe('InitiativeStopping');
    await expectStatus(cw.post(`/initiatives/${proj}/decisions`, build.decision({ kind: 'adjust' })), 409);
    await cw.registerBenefit(proj);

    api.clock.set('2025-03-11T00:00:00Z');
    await evaluate();
    await waitForAlerts(leader, `status=open&initiativeId=${proj}&rule=decision.stopOverdue`, [
      'decision.stopOverdue:critical/2025-03-10',
    ]);
    await cw.decide(proj, { kind: 'continue', summary: 'Carry on after all', occurredAt: '2025-03-10T12:00:00Z' });
    expect((await cw.status(proj)).status).toBe('active');
  });

  it('an escalate decision raises an alert seen under the parent initiative', async () => {
    const proj = await project();
    const escalation = await cw.decide(proj, { kind: 'escalate', summary: 'Needs the board' });
    const [alert] = await waitForAlerts(leader, `status=open&initiativeId=${parent}`, ['decision.escalated:warning']);
    expect(alert).toMatchObject({ initiativeId: proj, subjectId: escalation });
    expect(alert!.message).toContain('Needs the board');
  });
});
