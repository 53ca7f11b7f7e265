import { expect, test } from '@playwright/test';
import { ROLES } from '../src/identity/roles.ts';
import { expectAccessible, signIn } from './support.ts';

test('the start page, sign-in page and ledger page pass axe when signed out', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Bluelamp' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/sign-in');
  await expectAccessible(page);
  await page.goto('/ledger');
  await expect(page.getByRole('heading', { name: 'Audit ledger' })).toBeVisible();
  await expect(page.getByText('Root hash (SHA-256)')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectAccessible(page);
});

test('the accessibility, privacy, cookies and feedback pages are linked from the footer and pass axe', async ({
  page,
}) => {
  await page.goto('/');
  const footer = page.locator('footer');
  for (const name of ['Accessibility statement', 'Privacy notice', 'Cookies', 'Feedback']) {
    await footer.getByRole('link', { name, exact: true }).click();
    await expect(page.locator('h1')).toBeVisible();
    await expectAccessible(page);
  }
});

test('a bad password shows an accessible error summary', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('officer@demo.police.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
  await expectAccessible(page);
});

test('the GOV.UK styles and fonts load', async ({ page }) => {
  await page.goto('/');
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(font.length).toBeGreaterThan(0);
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.body.classList.contains('govuk-frontend-supported');
  });
  expect(loaded).toBe(true);
});

for (const role of ROLES) {
  test(`signs in and out as ${role}`, async ({ page }) => {
    await signIn(page, role);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  });
}
