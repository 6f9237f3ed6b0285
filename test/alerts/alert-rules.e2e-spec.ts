import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { alertEnv, describeAlerts, listAlerts, notifier, waitForAlerts } from './support/alerts';

/*
 * The alert rules end to end: writes over HTTP, time moved with the harness clock, the
 * clock-driven pass run with `evaluateNow()` (what a tick does), event-driven evaluation
 * awaited by polling. Each step checks exactly which alerts are open and which resolved.
 */
alertEnv({ ALERT_GROUP_WAIT_MS: '0' });

describe('alert rules over HTTP (embedded mode)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;

  beforeEach(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
  });
  afterEach(() => api.dispose());

  /** focus area > programme > project, all active. */
  async function plan() {
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Green transition' });
    const prog = await cw.activeInitiative({ kind: 'programme', title: 'Zero-emission ferries', parentId: fa });
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Charging at Stord', parentId: prog });
    return { fa, prog, proj };
  }

  const evaluate = () => notifier(api).evaluateNow();
  const open = (id: string) => `status=open&initiativeId=${id}`;
  const resolved = (id: string) => `status=resolved&initiativeId=${id}`;

  it('walks a milestone through due soon (14 d, 3 d), overdue, rescheduled and achieved', async () => {
    const { fa, proj } = await plan();
    const milestoneId = await cw.planMilestone(proj, { title: 'Charger installed', dueAt: '2025-04-01T00:00:00Z' });

    // 30 days ahead: nothing.
    await evaluate();
    expect(await listAlerts(leader, `initiativeId=${fa}`)).toEqual([]);

    // 14 days ahead: a due-soon notice (info) on the project, also listed under the focus area.
    api.clock.set('2025-03-18T00:00:00Z');
    await evaluate();
    const [dueSoon14] = await waitForAlerts(leader, open(fa), ['milestone.dueSoon:info/2025-04-01']);
    expect(dueSoon14).toMatchObject({
      initiativeId: proj,
      subjectId: milestoneId,
      status: 'open',
      raisedAt: '2025-03-18T00:00:00.000Z',
      silenced: false,
    });
    expect(dueSoon14!.message).toContain('Charger installed');
    // Evaluating again raises nothing twice.
    expect((await evaluate()).raised).toEqual([]);

    // 3 days ahead: the 3-day warning replaces it.
    api.clock.set('2025-03-29T00:00:00Z');
    await evaluate();
    await waitForAlerts(leader, open(fa), ['milestone.dueSoon:warning/2025-04-01']);
    const gone = await listAlerts(leader, resolved(fa));
    expect(gone.map((a) => [a.id, a.resolvedAt])).toEqual([[dueSoon14!.id, '2025-03-29T00:00:00.000Z']]);

    // Past due: overdue (critical); the 3-day warning resolved.
    api.clock.set('2025-04-01T00:00:01Z');
    await evaluate();
    const [overdue] = await waitForAlerts(leader, open(fa), ['milestone.overdue:critical/2025-04-01']);
    expect(describeAlerts(await listAlerts(leader, resolved(fa)))).toEqual([
      'milestone.dueSoon:info/2025-04-01',
      'milestone.dueSoon:warning/2025-04-01',
    ]);
    expect((await expectStatus(cw.get(`/initiatives/${proj}`), 200)).body.milestones[0].overdue).toBe(true);

    // Rescheduled (an event, no tick): the overdue alert resolves; the new date is 19 days off.
    await expectStatus(
      cw.post(`/initiatives/${proj}/milestones/${milestoneId}/reschedule`, {
        dueAt: '2025-04-20T00:00:00Z',
        reason: 'Supplier delay',
      }),
      200,
    );
    await waitForAlerts(leader, open(fa), [], 'after the reschedule');
    expect((await listAlerts(leader, resolved(fa))).map((a) => a.id)).toContain(overdue!.id);

    // 10 days before the new date: due soon again, for the new date.
    api.clock.set('2025-04-10T00:00:00Z');
    await evaluate();
    await waitForAlerts(leader, open(fa), ['milestone.dueSoon:info/2025-04-20']);

    // Achieved (an event): the due-soon alert resolves and an "achieved" notice appears ...
    await expectStatus(
      cw.post(`/initiatives/${proj}/milestones/${milestoneId}/achieve`, {
        achievedAt: '2025-04-10T00:00:00Z',
        evaluation: 'Installed and tested',
      }),
      200,
    );
    await waitForAlerts(leader, open(fa), ['milestone.achieved:info/2025-04-20']);

    // ... which resolves itself a week later.
    api.clock.set('2025-04-17T00:00:01Z');
    await evaluate();
    await waitForAlerts(leader, open(fa), []);
    expect(describeAlerts(await listAlerts(leader, `initiativeId=${fa}`))).toEqual([
      'milestone.achieved:info/2025-04-20',
      'milestone.dueSoon:info/2025-04-01',
      'milestone.dueSoon:info/2025-04-20',
      'milestone.dueSoon:warning/2025-04-01',
      'milestone.overdue:critical/2025-04-01',
    ]);
    expect((await listAlerts(leader, `initiativeId=${fa}`)).every((a) => a.status === 'resolved')).toBe(true);
  });

  it('a milestone declared missed raises a critical alert in place of the overdue one', async () => {
    const { proj } = await plan();
    const milestoneId = await cw.planMilestone(proj, { title: 'Tender', dueAt: '2025-03-05T00:00:00Z' });
    api.clock.set('2025-03-06T00:00:00Z');
    await evaluate();
    await waitForAlerts(leader, open(proj), ['milestone.overdue:critical/2025-03-05']);
    await expectStatus(cw.post(`/initiatives/${proj}/milestones/${milestoneId}/miss`, { reason: 'No bidders' }), 200);
    const [missed] = await waitForAlerts(leader, open(proj), ['milestone.missed:critical/2025-03-05']);
    expect(missed!.message).toContain('No bidders');
  });

  it('an indicator off track after a measurement raises an alert; back on track resolves it', async () => {
    const { fa, proj } = await plan();
    const goalId = await cw.defineGoal(proj);
    const indicatorId = await cw.defineIndicator(proj, goalId, {
      name: 'Ferries charged',
      baseline: { value: 10, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 30, at: '2025-06-30T00:00:00Z' }],
    });
    // About 16.5 expected by March 1st; 11 is far behind.
    await cw.recordMeasurement(proj, indicatorId, { value: 11, at: '2025-03-01T00:00:00Z' });
    const [offTrack] = await waitForAlerts(leader, open(fa), ['indicator.offTrack:warning']);
    expect(offTrack).toMatchObject({ subjectId: indicatorId, initiativeId: proj });

    await cw.recordMeasurement(proj, indicatorId, { value: 17, at: '2025-03-01T06:00:00Z' });
    await waitForAlerts(leader, open(fa), [], 'back on track');
    expect((await listAlerts(leader, resolved(fa))).map((a) => a.id)).toEqual([offTrack!.id]);

    // Off track again: a new alert (a new occurrence), not the old one reopened.
    await cw.recordMeasurement(proj, indicatorId, { value: 12, at: '2025-03-01T10:00:00Z' });
    const [again] = await waitForAlerts(leader, open(fa), ['indicator.offTrack:warning']);
    expect(again!.id).not.toBe(offTrack!.id);
  });

  it('a benefit whose realisation date passed with nothing realised raises; a realisation resolves it', async () => {
    const { proj } = await plan();
    const benefitId = await cw.registerBenefit(proj, { realisationDue: '2025-03-10T00:00:00Z' });
    await evaluate();
    expect(await listAlerts(leader, open(proj))).toEqual([]);
    api.clock.set('2025-03-11T00:00:00Z');
    await evaluate();
    const [due] = await waitForAlerts(leader, open(proj), ['benefit.realisationOverdue:warning/2025-03-10']);
    expect(due!.subjectId).toBe(benefitId);
    await cw.recordRealisation(proj, benefitId, { value: 3, at: '2025-03-10T12:00:00Z' });
    await waitForAlerts(leader, open(proj), [], 'after the realisation');
  });

  it('a decision whose followUpBy passed raises; a newer decision that resolves it clears it', async () => {
    const { proj } = await plan();
    const decisionId = await cw.decide(proj, {
      kind: 'adjust',
      summary: 'Cut the scope',
      followUpBy: '2025-03-10T00:00:00Z',
    });
    api.clock.set('2025-03-10T00:00:01Z');
    await evaluate();
    const [followUp] = await waitForAlerts(leader, open(proj), ['decision.followUpOverdue:warning/2025-03-10']);
    expect(followUp!.subjectId).toBe(decisionId);
    // Follow-up items are resolved by name: a newer decision alone no longer clears the alert.
    await cw.decide(proj, {
      kind: 'continue',
      summary: 'Scope cut is working',
      occurredAt: '2025-03-10T00:00:00Z',
      resolves: [decisionId],
    });
    await waitForAlerts(leader, open(proj), [], 'after the newer decision');
  });

  it('a pause on the programme silences milestone alerts beneath it (listed, silenced: true) until resume', async () => {
    const { fa, prog, proj } = await plan();
    await cw.planMilestone(proj, { title: 'Tender', dueAt: '2025-03-03T00:00:00Z' });
    const goalId = await cw.defineGoal(proj);
    const indicatorId = await cw.defineIndicator(proj, goalId);
    await cw.recordMeasurement(proj, indicatorId, { value: 11, at: '2025-03-01T00:00:00Z' });
    await evaluate();
    await waitForAlerts(leader, open(fa), ['indicator.offTrack:warning', 'milestone.dueSoon:warning/2025-03-03']);

    await cw.decide(prog, { kind: 'pause', summary: 'Wait for the budget' });
    await until(async () => (await listAlerts(leader, open(fa))).some((a) => a.silenced), 'silenced');
    let alerts = await listAlerts(leader, open(fa));
    expect(alerts.find((a) => a.rule === 'milestone.dueSoon')!.silenced).toBe(true);
    expect(alerts.find((a) => a.rule === 'indicator.offTrack')!.silenced).toBe(false);

    // Raised while paused: silenced from the start.
    api.clock.set('2025-03-03T00:00:01Z');
    await evaluate();
    alerts = await waitForAlerts(leader, open(fa), [
      'indicator.offTrack:warning',
      'milestone.overdue:critical/2025-03-03',
    ]);
    expect(alerts.find((a) => a.rule === 'milestone.overdue')!.silenced).toBe(true);

    await cw.decide(prog, { kind: 'resume', summary: 'Budget granted', occurredAt: '2025-03-03T00:00:00Z' });
    await until(async () => (await listAlerts(leader, open(fa))).every((a) => !a.silenced), 'restored');
  });

  it('acknowledges with a comment and decision; an acknowledged alert still resolves when its condition clears', async () => {
    const { proj } = await plan();
    const milestoneId = await cw.planMilestone(proj, { title: 'Tender', dueAt: '2025-03-01T00:00:00Z' });
    await evaluate();
    const [overdue] = await waitForAlerts(leader, open(proj), ['milestone.overdue:critical/2025-03-01']);
    const decisionId = await cw.decide(proj, { kind: 'adjust', summary: 'New tender round' });

    api.clock.set('2025-03-01T13:00:00Z');
    const acked = await expectStatus(
      leader.post(`/alerts/${overdue!.id}/acknowledge`, { comment: 'New round agreed', decisionId }),
      200,
    );
    expect(acked.body).toMatchObject({
      id: overdue!.id,
      status: 'acknowledged',
      acknowledgedBy: { sub: 'lena', name: 'Lena Leader' },
      acknowledgedAt: '2025-03-01T13:00:00.000Z',
      acknowledgement: { comment: 'New round agreed', decisionId },
    });
    expect(await listAlerts(leader, open(proj))).toEqual([]);
    expect((await listAlerts(leader, `status=acknowledged&initiativeId=${proj}`)).map((a) => a.id)).toEqual([
      overdue!.id,
    ]);
    expect((await listAlerts(leader, `status=unresolved&initiativeId=${proj}`)).map((a) => a.id)).toEqual([
      overdue!.id,
    ]);

    // Twice: 409; unknown: 404; a caseworker may read but not acknowledge; a comment is required.
    await expectStatus(leader.post(`/alerts/${overdue!.id}/acknowledge`, { comment: 'again' }), 409);
    await expectStatus(leader.post('/alerts/al_0000/acknowledge', { comment: 'x' }), 404);
    await expectStatus(cw.post(`/alerts/${overdue!.id}/acknowledge`, { comment: 'x' }), 403);
    const invalid = await expectStatus(
      leader.post(`/alerts/${overdue!.id}/acknowledge`, { decisionId: 'd 1', extra: true }),
      400,
    );
    expect(invalid.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'comment',
      'decisionId',
      'extra',
    ]);

    await expectStatus(
      cw.post(`/initiatives/${proj}/milestones/${milestoneId}/achieve`, {
        achievedAt: '2025-03-01T12:30:00Z',
        evaluation: 'Done after all',
      }),
      200,
    );
    await until(
      async () => (await expectStatus(leader.get(`/alerts/${overdue!.id}`), 200)).body.status === 'resolved',
      'resolved',
    );
    const final = (await expectStatus(leader.get(`/alerts/${overdue!.id}`), 200)).body;
    expect(final).toMatchObject({
      status: 'resolved',
      acknowledgedBy: { sub: 'lena' },
      resolvedAt: '2025-03-01T13:00:00.000Z',
      deliveries: [],
    });
    await expectStatus(leader.post(`/alerts/${overdue!.id}/acknowledge`, { comment: 'late' }), 409);
  });

  it('lists with paging and filters; roles as docs/api.md says', async () => {
    const { fa, proj } = await plan();
    for (const day of ['02', '03', '04'])
      await cw.planMilestone(proj, { title: `M${day}`, dueAt: `2025-03-${day}T00:00:00Z` });
    await cw.registerBenefit(proj, { realisationDue: '2025-03-05T00:00:00Z' });
    // Planned within three days: due-soon warnings, raised by the events.
    await waitForAlerts(leader, open(fa), [
      'milestone.dueSoon:warning/2025-03-02',
      'milestone.dueSoon:warning/2025-03-03',
      'milestone.dueSoon:warning/2025-03-04',
    ]);
    api.clock.set('2025-03-06T00:00:00Z');
    await evaluate();
    await waitForAlerts(leader, open(fa), [
      'benefit.realisationOverdue:warning/2025-03-05',
      'milestone.overdue:critical/2025-03-02',
      'milestone.overdue:critical/2025-03-03',
      'milestone.overdue:critical/2025-03-04',
    ]);
    const first = (await expectStatus(leader.get(`/alerts?status=open&initiativeId=${fa}&limit=3`), 200)).body;
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await expectStatus(leader.get(`/alerts?status=open&initiativeId=${fa}&limit=3&cursor=${first.nextCursor}`), 200)
    ).body;
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    expect(new Set([...first.items, ...second.items].map((a: { id: string }) => a.id)).size).toBe(4);
    expect(await listAlerts(leader, 'status=open&severity=warning')).toHaveLength(1);
    expect(await listAlerts(leader, 'rule=milestone.overdue')).toHaveLength(3);
    expect(describeAlerts(await listAlerts(leader, `status=resolved&initiativeId=${fa}`))).toEqual([
      'milestone.dueSoon:warning/2025-03-02',
      'milestone.dueSoon:warning/2025-03-03',
      'milestone.dueSoon:warning/2025-03-04',
    ]);
    await expectStatus(leader.get('/alerts?cursor=nonsense'), 400);
    await expectStatus(leader.get('/alerts?status=closed'), 400);

    const admin = await InitiativesClient.as(api, ['admin'], 'root');
    const auditor = await InitiativesClient.as(api, ['auditor'], 'audun');
    await expectStatus(cw.get('/alerts'), 200);
    await expectStatus(admin.get('/alerts'), 200);
    await expectStatus(auditor.get('/alerts'), 403);
    await expectStatus(api.http.get('/alerts'), 401);
    const one = first.items[0];
    expect((await expectStatus(cw.get(`/alerts/${one.id}`), 200)).body).toMatchObject({ id: one.id, deliveries: [] });
    await expectStatus(cw.get('/alerts/al_nope'), 404);
  });

  it('subscriptions: validated, own ones listed, removable by their owner', async () => {
    const { fa, prog } = await plan();
    const created = await expectStatus(
      leader.post('/alert-subscriptions', {
        initiativeId: fa,
        webhookUrl: 'https://hooks.example.org/followup',
        secret: 'sixteen-chars-secret',
        minSeverity: 'warning',
      }),
      201,
    );
    expect(created.body).toEqual({
      id: expect.any(String),
      initiativeId: fa,
      owner: { sub: 'lena', name: 'Lena Leader' },
      webhookUrl: 'https://hooks.example.org/followup',
      hasSecret: true,
      minSeverity: 'warning',
      createdAt: '2025-03-01T12:00:00.000Z',
    });
    await expectStatus(leader.post('/alert-subscriptions', { initiativeId: prog }), 201);
    const other = await InitiativesClient.as(api, ['leader'], 'ola', 'Ola');
    await expectStatus(other.post('/alert-subscriptions', { initiativeId: prog }), 201);

    const mine = (await expectStatus(leader.get('/alert-subscriptions'), 200)).body.items;
    expect(mine.map((s: { initiativeId: string }) => s.initiativeId)).toEqual([fa, prog]);
    expect(JSON.stringify(mine)).not.toContain('sixteen-chars-secret');

    const fields = async (body: object) =>
      (await expectStatus(leader.post('/alert-subscriptions', body), 400)).body.details
        .map((d: { field: string }) => d.field)
        .sort();
    expect(
      await fields({ initiativeId: fa, webhookUrl: 'ftp://example.org/x', secret: 'sixteen-chars-secret' }),
    ).toEqual(['webhookUrl']);
    expect(await fields({ initiativeId: fa, webhookUrl: 'not a url', secret: 'sixteen-chars-secret' })).toEqual([
      'webhookUrl',
    ]);
    expect(await fields({ initiativeId: fa, webhookUrl: 'https://example.org/x' })).toEqual(['secret']);
    expect(await fields({ initiativeId: fa, secret: 'sixteen-chars-secret' })).toEqual(['webhookUrl']);
    expect(await fields({ initiativeId: fa, webhookUrl: 'https://example.org/x', secret: 'short' })).toEqual([
      'secret',
    ]);
    expect(await fields({ initiativeId: fa, minSeverity: 'loud' })).toEqual(['minSeverity']);
    expect(await fields({})).toEqual(['initiativeId']);
    await expectStatus(leader.post('/alert-subscriptions', { initiativeId: 'no-such-initiative' }), 404);
    await expectStatus(cw.post('/alert-subscriptions', { initiativeId: fa }), 403);
    await expectStatus(cw.get('/alert-subscriptions'), 403);

    const theirs = (await expectStatus(other.get('/alert-subscriptions'), 200)).body.items[0].id;
    await expectStatus(api.http.delete(`/alert-subscriptions/${theirs}`), 401);
    await expectStatus(
      api.http.delete(`/alert-subscriptions/${theirs}`).set('Authorization', `Bearer ${leader.token}`),
      404,
    );
    await expectStatus(
      api.http.delete(`/alert-subscriptions/${created.body.id}`).set('Authorization', `Bearer ${leader.token}`),
      204,
    );
    expect((await expectStatus(leader.get('/alert-subscriptions'), 200)).body.items).toHaveLength(1);
  });
});

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  await waitFor(probe, { timeoutMs: 10_000, what });
}
