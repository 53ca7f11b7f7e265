import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = process.env.BLUELAMP_DEMO_PASSWORD ?? 'bluelamp-demo';

/** Signs in through the sign-in form as the demo user holding `role`. */
export async function signIn(page: Page, role: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(`${role}@demo.police.example`);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for you' })).toBeVisible();
}

/**
 * Signs in as `role` on a desktop-sized window and returns the id of the demo's live hot spot
 * system (the "Burglary hot spot forecast" in the register).
 */
export async function signInToDemoForecast(page: Page, role: string): Promise<string> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, role);
  await page.goto('/systems');
  const href = await page
    .getByRole('link', { name: 'Burglary hot spot forecast' })
    .first()
    .getAttribute('href');
  return href!.split('/').pop()!;
}

/** Fails with the list of violations when the page does not pass axe (WCAG 2.2 AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}
