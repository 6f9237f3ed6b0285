import type { ApiHarness } from '../../support/api-harness';
import { expectStatus, InitiativesClient, richInitiative } from '../../support/initiatives-client';
import { AlertingService } from '@followup/runtime';

const profiledBenefit = {
  description: 'Hours saved',
  kind: 'benefit',
  unit: 'hours',
  baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
  target: { value: 1000, at: '2025-12-31T00:00:00Z' },
  measurementPlan: { frequency: 'quarterly', method: 'register', source: 'Time registration' },
  responsible: 'Head of school services',
  owner: 'County director of education',
  aggregation: 'cumulative',
};

const risk = {
  title: 'No budget decision for 2026',
  category: 'politicalDecision',
  likelihood: 3,
  impact: 5,
  owner: 'County director',
  mitigation: 'Brief the committee before the budget round',
};

/** Ids of a plan with one of nearly every part, for reading every GET route with content. */
export interface Plan {
  readonly focusArea: string;
  readonly project: string;
  readonly closed: string;
  readonly goalId: string;
  readonly decisionId: string;
  readonly alertId: string;
  readonly reportId: string;
}

/** A focus area with a rich project below it, a closed initiative, links, risks, funding, alerts and a webhook. */
export async function buildPlan(api: ApiHarness, cw: InitiativesClient, leader: InitiativesClient): Promise<Plan> {
  const focusArea = await cw.activeInitiative({ title: 'Skills', targetGroups: ['ungdom'] });
  const faGoal = await cw.defineGoal(focusArea, { resultLevel: 'societalEffect' });
  const fixture = await richInitiative(cw, { kind: 'project', parentId: focusArea, partners: ['University'] });
  const { id: project, goalId, indicatorId, benefitId, milestoneId } = fixture;
  await cw.recordRealisation(project, benefitId);
  await expectStatus(
    cw.post(`/initiatives/${project}/indicators/${indicatorId}/measurements`, {
      value: 12,
      at: '2025-02-01T00:00:00Z',
      breakdown: { targetGroup: 'ungdom', municipality: 'Sogndal' },
    }),
    201,
  );
  await cw.defineIndicator(project, goalId, { name: 'Employment in the region', role: 'context' });
  await cw.registerBenefit(project, profiledBenefit);
  await cw.planMilestone(project, { title: 'Late', dueAt: '2025-02-01T00:00:00Z' });
  await expectStatus(cw.post(`/initiatives/${project}/milestones/${milestoneId}/reschedule`, reschedule), 200);
  await expectStatus(cw.post(`/initiatives/${project}/funding`, funding), 201);
  const riskId = (await expectStatus(cw.post(`/initiatives/${project}/risks`, risk), 201)).body.id;
  await expectStatus(
    cw.post(`/initiatives/${project}/risks/${riskId}/assess`, { likelihood: 4, impact: 5, note: 'Worse' }),
    200,
  );
  await expectStatus(
    cw.post(`/initiatives/${project}/goals/${goalId}/contributions`, {
      toInitiativeId: focusArea,
      toGoalId: faGoal,
      reason: 'Part of it',
    }),
    200,
  );
  const decisionId = await cw.decide(project, {
    occurredAt: '2025-02-01T09:00:00Z',
    followUpBy: '2025-02-15T00:00:00Z',
    caseRef: '2025/7',
    risks: [riskId],
  });
  await expectStatus(
    cw.post(`/initiatives/${project}/course-corrections`, {
      rationale: 'Behind plan',
      decidedBy: 'Steering group',
      changes: [{ type: 'changeTargets', indicatorId, targets: [{ value: 25, at: '2025-06-30T00:00:00Z' }] }],
    }),
    201,
  );
  const closed = await cw.activeInitiative({ kind: 'project', parentId: focusArea, title: 'Done' });
  await cw.close(closed, [await cw.defineGoal(closed)]);
  await expectStatus(
    leader.post('/alert-subscriptions', {
      initiativeId: focusArea,
      webhookUrl: 'http://127.0.0.1:9/hook',
      secret: 'a-secret-of-enough-length',
    }),
    201,
  );
  await leader.post('/alert-subscriptions', { initiativeId: project, minSeverity: 'warning' });
  await leader.post('/alert-subscriptions', { initiativeId: project, email: 'lena@example.org', digest: 'weekly' });
  await api.app.get(AlertingService).evaluateNow();
  const alerts = (await expectStatus(leader.get('/alerts'), 200)).body.items as Array<{ id: string }>;
  await expectStatus(leader.post(`/alerts/${alerts[0]!.id}/acknowledge`, { comment: 'Seen' }), 200);
  const reportId = await approvedReport(leader, focusArea, project);
  return { focusArea, project, closed, goalId, decisionId, alertId: alerts[0]!.id, reportId };
}

async function approvedReport(leader: InitiativesClient, focusArea: string, project: string): Promise<string> {
  const period = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', label: '2025' };
  const compiled = leader.post('/reports', { rootInitiativeId: focusArea, period, commentary: { [project]: 'Late' } });
  const reportId = (await expectStatus(compiled, 201)).body.id as string;
  await expectStatus(leader.post(`/reports/${reportId}/approve`, {}), 200);
  return reportId;
}

const reschedule = { dueAt: '2025-09-01T00:00:00Z', reason: 'Supplier delay' };
const funding = { year: 2025, source: 'county', planned: 500000, actual: 200000, reason: 'Budget 2025' };

/** Every GET route with query variants, as paths to read; `{template}` is the documented path. */
export function everyRead(plan: Plan): Array<{ template: string; path: string }> {
  const { focusArea, project, closed, goalId, decisionId, alertId, reportId } = plan;
  const at = (template: string, path: string) => ({ template, path });
  return [
    at('/initiatives', '/initiatives'),
    at('/initiatives', '/initiatives?limit=1'),
    at('/initiatives/{id}', `/initiatives/${project}`),
    at('/initiatives/{id}', `/initiatives/${closed}`),
    at('/initiatives/{id}', `/initiatives/${focusArea}`),
    at('/initiatives/{id}', `/initiatives/${project}?asOf=2030-01-01T00:00:00Z`),
    at('/initiatives/{id}', `/initiatives/${project}?validAt=2025-03-01T12:00:00Z`),
    at('/initiatives/{id}', `/initiatives/${project}?minVersion=1`),
    at('/initiatives/{id}/rollup', `/initiatives/${focusArea}/rollup`),
    at('/initiatives/{id}/rollup', `/initiatives/${focusArea}/rollup?asOf=2030-01-01T00:00:00Z`),
    at('/initiatives/{id}/rollup', `/initiatives/${closed}/rollup`),
    at('/portfolio', '/portfolio'),
    at('/initiatives/{id}/deviations', `/initiatives/${project}/deviations?since=2025-01-01T00:00:00Z`),
    at('/initiatives/{id}/deviations', `/initiatives/${project}/deviations?since=${decisionId}`),
    at('/initiatives/{id}/goals/{goalId}/contributions', `/initiatives/${project}/goals/${goalId}/contributions`),
    at('/audit/initiatives/{id}/history', `/audit/initiatives/${project}/history`),
    at('/audit/initiatives/{id}/history', `/audit/initiatives/${closed}/history`),
    at('/audit/decisions', '/audit/decisions'),
    at('/audit/decisions', '/audit/decisions?limit=1'),
    at('/audit/verify', '/audit/verify'),
    at('/audit/digest', '/audit/digest'),
    at('/audit/access-log', '/audit/access-log'),
    at('/follow-ups', '/follow-ups'),
    at('/follow-ups', '/follow-ups?status=overdue'),
    at('/vocabulary', '/vocabulary'),
    at('/alerts', '/alerts'),
    at('/alerts/{id}', `/alerts/${alertId}`),
    at('/alerts/{id}/deliveries', `/alerts/${alertId}/deliveries`),
    at('/alert-subscriptions', '/alert-subscriptions'),
    at('/scorecard', '/scorecard'),
    at(
      '/scorecard',
      `/scorecard?period=year&from=2025-01-01T00:00:00Z&groupBy=focusArea&rootInitiativeId=${focusArea}`,
    ),
    at('/scorecard/items', '/scorecard/items?measure=followUpsOnTime&period=2025'),
    at('/scorecard/items', '/scorecard/items?measure=benefitsRealised&period=2025&groupBy=kind&group=project'),
    at('/reports', '/reports'),
    at('/reports', `/reports?rootInitiativeId=${focusArea}&limit=1`),
    at('/reports/{id}', `/reports/${reportId}`),
    at('/auth/config', '/auth/config'),
    at('/health', '/health'),
  ];
}
