import { expect, test } from '@playwright/test';
import { apiAs, expectAccessible, signIn, tokenFor } from './support';

test('an auditor finds who changed a target by case number and sees the plan as it stood before', async ({
  page,
  request,
}) => {
  const caseworker = apiAs(request, await tokenFor(request, 'Siri Sakshandsamar', ['caseworker']));
  const area = await caseworker.post('/initiatives', {
    kind: 'focusArea',
    title: 'Folkehelse',
    ownerUnit: 'Helse',
    responsible: 'Eva Berg',
  });
  const project = await caseworker.post('/initiatives', {
    kind: 'project',
    parentId: area.id,
    title: 'Aktiv kvardag',
    ownerUnit: 'Helse',
    responsible: 'Eva Berg',
  });
  const goal = await caseworker.post(`/initiatives/${project.id}/goals`, {
    statement: 'Fleire fysisk aktive innbyggjarar',
    resultLevel: 'userEffect',
  });
  const indicator = await caseworker.post(`/initiatives/${project.id}/goals/${goal.id}/indicators`, {
    name: 'Deltakarar',
    unit: 'personar',
    direction: 'increase',
    baseline: { value: 100, at: '2025-01-01' },
    targets: [{ value: 400, at: '2027-12-31' }],
  });
  await caseworker.post(`/initiatives/${project.id}/course-corrections`, {
    rationale: 'Lågare budsjett',
    decidedBy: 'Styringsgruppa for folkehelse',
    caseRef: '2025/4711',
    changes: [{ type: 'changeTargets', indicatorId: indicator.id, targets: [{ value: 250, at: '2027-12-31' }] }],
  });

  await signIn(page, 'Arne Revisor', ['auditor']);
  await page.getByRole('link', { name: 'Vedtakslogg' }).click();
  await page.getByLabel('Saksnummer').fill('2025/4711');
  await page.getByRole('button', { name: 'Søk' }).click();
  const decision = page.locator('article.decision').filter({ hasText: '2025/4711' });
  await expect(decision).toHaveCount(1);
  await expect(decision).toContainText('Styringsgruppa for folkehelse');
  await expect(decision).toContainText('Siri Sakshandsamar');
  await expect(decision.getByRole('heading', { name: 'Etter' })).toBeVisible();
  await expectAccessible(page, 'decision log');

  await decision.getByRole('link', { name: /Planen på ein dato/ }).click();
  const plan = page.getByRole('region', { name: /Planen på ein dato/ });
  await expect(plan).toContainText('400 personar');
  await expect(plan).not.toContainText('250 personar');
  await expect(page.getByRole('heading', { level: 2, name: 'Historikk' })).toBeVisible();
  await expectAccessible(page, 'history');

  await page.getByRole('link', { name: 'Kontroll av protokollen' }).click();
  await page.getByRole('button', { name: 'Kontroller protokollen' }).click();
  await expect(page.getByText('Protokollen er heil')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Last ned' }).click();
  expect((await download).suggestedFilename()).toBe('followup-export.ndjson');
  await expectAccessible(page, 'ledger');
});
