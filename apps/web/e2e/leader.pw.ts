import { expect, test } from '@playwright/test';
import { apiAs, daysFromNow, expectAccessible, signIn, tokenFor } from './support';

test('a leader sees the dashboard and acknowledges an alert', async ({ page, request }) => {
  const caseworker = apiAs(request, await tokenFor(request, 'Oppsett', ['caseworker']));
  const area = await caseworker.post('/initiatives', {
    kind: 'focusArea',
    title: 'Kollektivtransport',
    ownerUnit: 'Samferdsel',
    responsible: 'Per Hansen',
  });
  const project = await caseworker.post('/initiatives', {
    kind: 'project',
    parentId: area.id,
    title: 'Nye bussruter',
    ownerUnit: 'Samferdsel',
    responsible: 'Per Hansen',
  });
  await caseworker.post(`/initiatives/${project.id}/activate`);
  await caseworker.post(`/initiatives/${project.id}/milestones`, { title: 'Ruteplan vedteken', dueAt: daysFromNow(2) });
  const leader = apiAs(request, await tokenFor(request, 'Lea Leiar', ['leader']));
  await expect
    .poll(async () => (await leader.get(`/alerts?initiativeId=${project.id}&status=open`)).items.length, {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);

  await signIn(page, 'Lea Leiar', ['leader']);
  await expect(page.getByRole('heading', { level: 1, name: 'Leiaroversikt' })).toBeVisible();
  const dueSoon = page.getByRole('region', { name: 'Milepælar dei neste 30 dagane' });
  await expect(dueSoon.getByText('Ruteplan vedteken')).toBeVisible();
  await expectAccessible(page, 'dashboard');

  const inbox = page.getByRole('region', { name: 'Innboks for varsel' });
  const alert = inbox.getByRole('listitem').filter({ hasText: 'Nye bussruter' }).first();
  await expect(alert).toBeVisible();
  await alert.getByLabel('Kommentar').fill('Følgt opp i leiarmøtet');
  await alert.getByRole('button', { name: 'Kvitter' }).click();
  await expect(inbox.getByText('Kommentar: Følgt opp i leiarmøtet').first()).toBeVisible();

  await page.getByRole('link', { name: 'Varsel' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Abonnement på varsel' })).toBeVisible();
  await page.getByLabel('Initiativ', { exact: true }).selectOption({ label: 'Nye bussruter (Prosjekt)' });
  await page.getByRole('button', { name: 'Abonner' }).click();
  await expect(page.getByRole('button', { name: 'Avslutt abonnement: Nye bussruter' })).toBeVisible();
  await expectAccessible(page, 'alerts');
});
