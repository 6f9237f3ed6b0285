import { expect, test } from '@playwright/test';
import { apiAs, daysFromNow, expectAccessible, signIn, todayInOslo, tokenFor } from './support';

test('a caseworker registers a project, adds a goal, an indicator and a measurement, and sees the chart', async ({
  page,
  request,
}) => {
  const setup = apiAs(request, await tokenFor(request, 'Oppsett', ['caseworker']));
  await setup.post('/initiatives', {
    kind: 'focusArea',
    title: 'Grøn omstilling',
    ownerUnit: 'Klima',
    responsible: 'Ola Nordmann',
  });

  await expectAccessibleSignIn(page);
  await signIn(page, 'Siri Sakshandsamar', ['caseworker']);
  await expect(page.getByRole('heading', { level: 1, name: 'Portefølje' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Grøn omstilling' })).toBeVisible();
  await expectAccessible(page, 'portfolio');

  await page.getByRole('link', { name: 'Registrer initiativ' }).click();
  await page.getByLabel('Type').selectOption('project');
  await page.getByLabel('Tittel').fill('Solceller på vidaregåande skular');
  await page.getByLabel('Ligg under').selectOption({ label: 'Grøn omstilling (Satsingsområde)' });
  await page.getByLabel('Eigareining').fill('Eigedom');
  await page.getByLabel('Ansvarleg').fill('Kari Nordmann');
  await expectAccessible(page, 'register initiative');
  await page.getByRole('button', { name: 'Registrer initiativ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Solceller på vidaregåande skular' })).toBeVisible();

  const open = (title: string) => page.locator('summary', { hasText: title }).click();
  await open('Legg til mål');
  const goalForm = page.getByRole('form', { name: 'Legg til mål' });
  await goalForm.getByLabel('Målformulering').fill('Meir fornybar energi på skulane');
  await goalForm.getByLabel('Resultatnivå').selectOption('output');
  await goalForm.getByRole('button', { name: 'Legg til mål' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Meir fornybar energi på skulane' })).toBeVisible();

  await open('Legg til indikator');
  const indicatorForm = page.getByRole('form', { name: 'Legg til indikator' });
  await indicatorForm.getByLabel('Namn på indikator').fill('Installert effekt');
  await indicatorForm.getByLabel('Eining', { exact: true }).fill('kWp');
  await indicatorForm.getByLabel('Utgangsverdi', { exact: true }).fill('0');
  await indicatorForm.getByLabel('Dato for utgangsverdi').fill('2025-01-01');
  await indicatorForm.getByLabel('Målverdi 1', { exact: true }).fill('500');
  await indicatorForm.getByLabel('Dato for målverdi 1').fill('2028-12-31');
  await indicatorForm.getByRole('button', { name: 'Legg til indikator' }).click();

  await open('Registrer måling: Installert effekt');
  const measurementForm = page.getByRole('form', { name: 'Registrer måling: Installert effekt' });
  await measurementForm.getByLabel('Verdi (kWp)').fill('120,5');
  await measurementForm.getByLabel('Målt dato').fill(todayInOslo());
  await measurementForm.getByRole('button', { name: 'Registrer måling' }).click();

  await expect(page.getByText('Siste måling: 120,5')).toBeVisible();
  const chart = page.getByRole('img', { name: 'Utvikling mot målbana: Installert effekt' });
  await expect(chart).toBeVisible();
  expect((await chart.boundingBox())!.height).toBeGreaterThan(100);
  await expectAccessible(page, 'initiative');

  await open('Rett måling: Installert effekt');
  const correctForm = page.getByRole('form', { name: 'Rett måling: Installert effekt' });
  await correctForm.getByRole('button', { name: 'Rett måling' }).click();
  await expect(correctForm.getByLabel('Grunn')).toHaveAttribute('aria-invalid', 'true');
  await correctForm.getByLabel('Retta verdi (kWp)').fill('130');
  await correctForm.getByLabel('Grunn').fill('Feil i rapporten frå eigedom');
  await correctForm.getByRole('button', { name: 'Rett måling' }).click();
  await expect(page.getByText('Siste måling: 130')).toBeVisible();

  await open('Planlegg milepæl');
  const milestoneForm = page.getByRole('form', { name: 'Planlegg milepæl' });
  await milestoneForm.getByLabel('Tittel').fill('Taka kartlagde');
  await milestoneForm.getByLabel('Frist').fill(daysFromNow(30));
  await milestoneForm.getByRole('button', { name: 'Planlegg milepæl' }).click();
  await open('Flytt frist: Taka kartlagde');
  const rescheduleForm = page.getByRole('form', { name: 'Flytt frist: Taka kartlagde' });
  await rescheduleForm.getByLabel('Ny frist').fill(daysFromNow(60));
  await rescheduleForm.getByLabel('Grunn').fill('Leverandøren er forseinka');
  await rescheduleForm.getByRole('button', { name: 'Flytt frist' }).click();
  await expect(page.getByText('Grunn: Leverandøren er forseinka')).toBeVisible();
  await expect(page.locator(`time[datetime^="${daysFromNow(60)}"]`)).toBeVisible();
  await expectAccessible(page, 'initiative with milestone actions');
});

test('server validation errors appear at their fields', async ({ page }) => {
  await signIn(page, 'Siri Sakshandsamar', ['caseworker']);
  await page.getByRole('link', { name: 'Registrer initiativ' }).click();
  await page.getByLabel('Type').selectOption('project');
  await page.getByRole('button', { name: 'Registrer initiativ' }).click();
  const title = page.getByLabel('Tittel');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toContainText('Skjemaet har feil');
  await expectAccessible(page, 'register initiative with errors');
});

async function expectAccessibleSignIn(page: import('@playwright/test').Page) {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
}

test('a write on a stale page is refused with 412 and offers to reload', async ({ page, request }) => {
  const setup = apiAs(request, await tokenFor(request, 'Oppsett', ['caseworker']));
  const area = await setup.post('/initiatives', {
    kind: 'focusArea',
    title: 'Kultur',
    ownerUnit: 'Kultur',
    responsible: 'Ola Nordmann',
  });
  await signIn(page, 'Siri Sakshandsamar', ['caseworker']);
  await page.goto(`/#/initiatives/${area.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Kultur' })).toBeVisible();
  // Someone else changes the initiative after the page loaded it.
  await setup.post(`/initiatives/${area.id}/goals`, { statement: 'Eit anna mål', resultLevel: 'output' });

  await page.locator('summary', { hasText: 'Legg til mål' }).click();
  const goalForm = page.getByRole('form', { name: 'Legg til mål' });
  await goalForm.getByLabel('Målformulering').fill('Fleire kulturtilbod');
  await goalForm.getByRole('button', { name: 'Legg til mål' }).click();
  await expect(goalForm.getByRole('alert')).toContainText('Nokon andre har endra initiativet');
  await goalForm.getByRole('button', { name: 'Last inn på nytt' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Eit anna mål' })).toBeVisible();
});
