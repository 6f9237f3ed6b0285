import { expect, test } from '@playwright/test';
import { apiAs, expectAccessible, signIn, tokenFor } from './support';

test('a leader follows a scorecard figure to the goals behind it', async ({ page, request }) => {
  const caseworker = apiAs(request, await tokenFor(request, 'Oppsett', ['caseworker']));
  const area = await caseworker.post('/initiatives', {
    kind: 'focusArea',
    title: 'Kultur for alle',
    ownerUnit: 'Kultur og scorekort',
    responsible: 'Per Hansen',
  });
  const project = await caseworker.post('/initiatives', {
    kind: 'project',
    parentId: area.id,
    title: 'Kulturkort for unge',
    ownerUnit: 'Kultur og scorekort',
    responsible: 'Per Hansen',
  });
  await caseworker.post(`/initiatives/${project.id}/goals`, {
    statement: 'Fleire unge brukar kulturtilbod',
    resultLevel: 'userEffect',
  });

  await signIn(page, 'Lea Leiar', ['leader']);
  await page.getByRole('link', { name: 'Gjennomføringsevne' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gjennomføringsevne' })).toBeVisible();
  const goals = page.getByRole('figure', { name: /etterprøvbare mål/ });
  await expect(goals.getByRole('img', { name: 'etterprøvbare mål' })).toBeVisible();
  await expectAccessible(page, 'scorecard');

  const row = goals.getByRole('row', { name: /Kultur og scorekort/ });
  await row.getByRole('link', { name: '0 % (0/1)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /etterprøvbare mål.*0 % \(0\/1\)/ })).toBeVisible();
  const against = page.getByRole('table', { name: 'Tel mot (1)' });
  await expect(against.getByRole('link', { name: 'Kulturkort for unge' })).toBeVisible();
  await expect(against.getByText('Fleire unge brukar kulturtilbod')).toBeVisible();
  await expectAccessible(page, 'scorecard items');
});
