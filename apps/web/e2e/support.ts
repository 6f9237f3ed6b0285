import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** A token from the development sign-in, for setting up data through the API. */
export async function tokenFor(request: APIRequestContext, name: string, roles: string[]): Promise<string> {
  const response = await request.post('/auth/dev-login', { data: { name, roles } });
  expect(response.status()).toBe(200);
  return (await response.json()).token as string;
}

/** A small API client for test data, with a fresh Idempotency-Key per write. */
export function apiAs(request: APIRequestContext, token: string) {
  const headers = () => ({ Authorization: `Bearer ${token}`, 'Idempotency-Key': crypto.randomUUID() });
  return {
    async post(path: string, data: unknown = {}) {
      const response = await request.post(path, { headers: headers(), data });
      expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
    async get(path: string) {
      const response = await request.get(path, { headers: headers() });
      expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
      return response.json();
    },
  };
}

/** Signs in through the development sign-in page. */
export async function signIn(page: Page, name: string, roles: string[]): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
  await page.getByLabel('Namn').fill(name);
  const labels: Record<string, string> = { caseworker: 'Sakshandsamar', leader: 'Leiar', auditor: 'Revisor' };
  for (const role of roles) await page.getByLabel(labels[role]!, { exact: true }).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByRole('button', { name: 'Logg ut' })).toBeVisible();
}

/** axe-core on the page as it is now: no serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = severe.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(described, `accessibility violations on ${where}`).toEqual([]);
  // WEB_SCREENSHOTS=<dir> keeps a full-page picture of every checked page, for looking at the screens.
  const dir = process.env.WEB_SCREENSHOTS;
  if (!dir) return;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize()?.width ?? 1280;
  for (let part = 0, y = 0; y < height && part < 6; part++, y += 1000) {
    const clip = { x: 0, y, width, height: Math.min(1000, height - y) };
    await page.screenshot({ path: `${dir}/${where.replace(/[^a-z0-9]+/gi, '-')}-${part}.png`, fullPage: true, clip });
  }
}

/** Today's date in Oslo as yyyy-mm-dd (what a date input holds). */
export const todayInOslo = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());

export const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
