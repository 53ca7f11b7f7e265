import { expect, test } from '@playwright/test';
import { expectAccessible, signInToDemoForecast } from './support.ts';

test('an officer records patrols against a released forecast and sees the patrol share against the minimum', async ({
  page,
}) => {
  const systemId = await signInToDemoForecast(page, 'officer');

  // The system's patrols page lists its released forecasts (the demo releases some on first start).
  await page.goto(`/systems/${systemId}`);
  await page.getByRole('link', { name: 'Patrols', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Patrols: / })).toBeVisible();
  await expectAccessible(page);
  const forecast = page.locator('#patrol-shares tbody tr').first().getByRole('link');
  const reference = (await forecast.textContent())!.trim();
  expect(reference).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // The forecast's page shows its patrol plan beside the map and the table of cells.
  await forecast.click();
  await expect(page.getByRole('heading', { level: 1, name: `AI output ${reference}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Patrol plan' })).toBeVisible();
  await expect(page.locator('#patrol-zones')).toContainText('Rural cells');
  await expect(page.getByText(/At least 20% of patrol time goes outside the hot spots/)).toBeVisible();
  await expect(page.locator('#patrol-share')).toHaveText(
    'No patrols have been recorded against this forecast yet.',
  );
  const cell = (await page.locator('#top-cells tbody tr').first().locator('td').nth(1).textContent())!.trim();
  await expectAccessible(page);

  // Record 90 minutes in the top hot spot cell, through the form.
  await page.getByRole('link', { name: 'Record patrols against this forecast' }).click();
  const chosen = page.getByLabel('Forecast the patrol was planned from');
  await expect(chosen).toHaveValue(reference);
  const option = (await chosen.locator('option:checked').textContent())!;
  const firstDay = /(\d{4}-\d{2}-\d{2}) to/.exec(option)![1]!;
  await page.getByLabel('Patrol date').fill('2099-01-01');
  await page.getByLabel('Cell number').fill(cell);
  await page.getByLabel('Patrol minutes').fill('90');
  await page.getByRole('button', { name: 'Record the patrol' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  await expect(page.getByRole('link', { name: /Patrol date must/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Patrol date').fill(firstDay);
  await page.getByRole('button', { name: 'Record the patrol' }).click();
  await expect(page.getByText('1 patrol recorded (90 minutes).')).toBeVisible();
  await expect(page.getByText('an alert has been raised')).toBeVisible();
  const row = page.locator('#patrol-shares tbody tr', { hasText: reference });
  await expect(row).toContainText('Below the minimum');
  await expect(row).toContainText('0%');
  await expect(page.locator('#share-notes')).toContainText(
    '0% of the 90 patrol minutes recorded were outside the hot spots',
  );
  await expect(page.getByText(`Patrols planned from ${reference}`)).toBeVisible();
  await expectAccessible(page);

  // The forecast's page now says the same.
  await row.getByRole('link', { name: reference }).click();
  await expect(page.locator('#patrol-share')).toContainText(
    'Patrols recorded so far: 0% of the 90 patrol minutes recorded were outside the hot spots',
  );

  // The feedback-loop monitor is one link away from the system page.
  await page.goto(`/systems/${systemId}`);
  await page.getByRole('link', { name: 'Feedback-loop monitor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Feedback-loop monitor: / })).toBeVisible();
  await expectAccessible(page);
});
