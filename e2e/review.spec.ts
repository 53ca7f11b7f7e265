import { mkdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, signIn, signInToDemoForecast } from './support.ts';

/** Screenshots of the run page, to look at the map. */
const SHOTS = process.env.E2E_SCREENSHOTS ?? 'test-results/review';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}

test('a hot spot forecast goes from the analyst to a named overseer and is released after review', async ({
  page,
}) => {
  mkdirSync(SHOTS, { recursive: true });

  // The analyst starts a forecast on the live demo system from the City of London police.uk file.
  const systemId = await signInToDemoForecast(page, 'analyst');
  await page.goto(`/systems/${systemId}/runs/new`);
  await expect(page.getByRole('heading', { name: 'Start a run' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Purpose of this run').fill('Patrol plan for November 2020');
  await page.getByLabel('Crime records to forecast from').selectOption('city-of-london');
  await page.getByLabel('Burglary', { exact: true }).check();
  await page.getByLabel('Month').fill('11');
  await page.getByLabel('Year').fill('2020');
  await page.getByRole('button', { name: 'Run and send for review' }).click();

  // The page answers at once; while a worker runs the forecast it shows the progress and reloads
  // itself (no JavaScript needed) until the output waits for review.
  await expect(page.getByRole('heading', { level: 1, name: /^AI output R-/ })).toBeVisible();
  if (await page.locator('#run-progress').isVisible()) await expectAccessible(page);
  await expect(page.getByText('Waiting for review').first()).toBeVisible({ timeout: 45_000 });
  const reference = (await page.locator('#public-reference').textContent())!.trim();
  expect(reference).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByText('another named overseer must review it')).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // A named overseer finds it in their queue, sees the map and accepts it with reasons.
  await signIn(page, 'officer');
  await page.getByRole('link', { name: 'Reviews' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1, name: `AI output ${reference}` })).toBeVisible();
  const map = page.locator('#forecast-map svg');
  await expect(map).toBeVisible();
  await expect(map.locator('title')).toHaveText(`Forecast hot spots, ${reference}`);
  await expect(page.getByText('ONE CRIME TYPE ONLY: Burglary').first()).toBeVisible();
  expect(await page.locator('#top-cells tbody tr').count()).toBeGreaterThan(0);
  await expectAccessible(page);
  await map.screenshot({ path: `${SHOTS}/forecast-map.png` });
  await page.screenshot({ path: `${SHOTS}/run-awaiting-review.png`, fullPage: true });

  await page.getByLabel('Accept the output').check();
  await page.getByLabel('Your reasons').fill('Matches what the neighbourhood team sees on the ground.');
  await page.getByRole('button', { name: 'Record my review' }).click();
  await expect(page.getByText('Your review was recorded: the output is accepted.')).toBeVisible();
  await expect(page.getByText('Released').first()).toBeVisible();
  await expect(page.getByText('Accepted by PC Jamie Lewis')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/run-released.png`, fullPage: true });

  await page.goto('/reviews');
  await expect(page.getByRole('link', { name: reference })).toHaveCount(0);
});
