import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support';

/** Presses Tab until the focused element matches, failing after `limit` presses. */
async function tabTo(page: Page, matches: (el: Element) => boolean, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
  }
  throw new Error('element not reached by Tab');
}

test('keyboard alone: skip link, sign-in form and a form on the next page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Hopp til hovudinnhaldet' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await tabTo(page, (el) => el.getAttribute('name') === 'name');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.type('Tastatur Testar');
  await tabTo(page, (el) => (el as HTMLInputElement).value === 'caseworker');
  await page.keyboard.press('Space');
  await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Logg inn');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Portefølje' })).toBeVisible();

  await tabTo(page, (el) => el.textContent === 'Registrer initiativ' && el.tagName === 'A');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Registrer initiativ' })).toBeVisible();
  await tabTo(page, (el) => el.getAttribute('name') === 'title');
  await page.keyboard.type('Satsing på tastatur');
  await tabTo(page, (el) => el.getAttribute('name') === 'ownerUnit');
  await page.keyboard.type('Digitalisering');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Tastatur Testar');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Satsing på tastatur' })).toBeVisible();
  await expectAccessible(page, 'initiative after keyboard registration');
});
