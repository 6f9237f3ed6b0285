import type { Response } from 'supertest';
import { build, expectStatus, type InitiativesClient } from '../support/initiatives-client';

/** The harness clock for the report tests: after the second tertial of 2026. */
export const REPORT_NOW = '2026-09-15T12:00:00.000Z';
export const TERTIAL_2 = { from: '2026-05-01', to: '2026-09-01', label: '2026-T2' };

export interface ReportPlan {
  readonly focusArea: string;
  readonly project: string;
  readonly indicatorId: string;
  readonly riskId: string;
}

/**
 * A focus area with one project holding something inside the second tertial of 2026 and something outside it:
 * indicator targets, measurements, milestones, decisions and funding years; a benefit and a high risk.
 */
export async function planWithAPeriod(cw: InitiativesClient): Promise<ReportPlan> {
  const focusArea = await cw.activeInitiative({ title: 'Skills for working life' });
  const project = await cw.activeInitiative({ kind: 'project', parentId: focusArea, title: 'Adult apprentices' });
  const goalId = await cw.defineGoal(project);
  const indicatorId = await cw.defineIndicator(project, goalId, {
    name: 'Apprentices over 25',
    unit: 'people',
    baseline: { value: 10, at: '2026-01-01T00:00:00Z' },
    targets: [
      { value: 30, at: '2026-08-31T00:00:00Z' },
      { value: 50, at: '2026-12-31T00:00:00Z' },
    ],
  });
  await cw.recordMeasurement(project, indicatorId, { value: 25, at: '2026-08-15T00:00:00Z' });
  await cw.recordMeasurement(project, indicatorId, { value: 40, at: '2026-09-10T00:00:00Z' });
  await cw.planMilestone(project, { title: 'Agreements signed', dueAt: '2026-06-01T00:00:00Z' });
  await cw.planMilestone(project, { title: 'Second intake', dueAt: '2026-10-01T00:00:00Z' });
  const risk = await expectStatus(
    cw.post(`/initiatives/${project}/risks`, {
      title: 'Employers withdraw',
      category: 'partner',
      likelihood: 4,
      impact: 4,
      owner: 'Project leader',
      mitigation: 'Sign agreements early',
    }),
    201,
  );
  await cw.decide(project, {
    summary: 'Widen the intake',
    occurredAt: '2026-06-10T09:00:00Z',
    caseRef: '2026/77',
    risks: [risk.body.id],
  });
  await cw.decide(project, { summary: 'Start as planned', occurredAt: '2026-04-01T09:00:00Z' });
  const funding = { source: 'county', reason: 'Budget' };
  await expectStatus(
    cw.post(`/initiatives/${project}/funding`, { ...funding, year: 2026, planned: 100000, actual: 40000 }),
    201,
  );
  await expectStatus(cw.post(`/initiatives/${project}/funding`, { ...funding, year: 2025, planned: 70000 }), 201);
  await cw.registerBenefit(project, build.benefit({ description: 'More skilled workers', target: 20, baseline: 0 }));
  return { focusArea, project, indicatorId, riskId: risk.body.id };
}

/** Collects a binary response body (supertest leaves unknown types unparsed). */
export function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}
