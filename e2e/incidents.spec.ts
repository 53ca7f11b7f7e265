import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

test('an incident is reported, investigated, closed by the chief constable and published', async ({
  page,
  browser,
}) => {
  await signIn(page, 'officer');
  await page.getByRole('link', { name: 'Incidents' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Report an incident' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Report the incident' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expectAccessible(page);

  const system = page.locator('#f-systemId option', { hasText: 'Burglary hot spot forecast' }).first();
  await page.getByLabel('AI system').selectOption((await system.getAttribute('value')) ?? '');
  await page.getByLabel('Title').fill('Forecast map printed with the wrong week');
  await page.getByLabel('What happened').fill('Briefing packs on Monday carried last week’s forecast map.');
  await page.getByLabel('Serious: widespread harm').check();
  await page.getByRole('button', { name: 'Report the incident' }).click();
  await expect(page.getByRole('heading', { name: 'Forecast map printed with the wrong week' })).toBeVisible();
  await expect(page.getByText('Incident reported and written to the audit ledger.')).toBeVisible();
  await expectAccessible(page);
  const url = page.url();

  const context = await browser.newContext();
  const chief = await context.newPage();
  await signIn(chief, 'chief-constable');
  await chief.goto(url);
  await chief.getByLabel('Misuse and its consequence').check();
  await chief.getByLabel('Details').fill('The map was shared outside the force before review.');
  await chief
    .getByLabel('The consequence that followed (misuse only)')
    .fill('Management advice and a refresher on review.');
  await chief.getByRole('button', { name: 'Record it' }).click();
  await expect(chief.getByText('Consequence: Management advice and a refresher on review.')).toBeVisible();
  await expectAccessible(chief);

  await chief.getByRole('button', { name: 'Close the incident' }).click();
  await expect(chief.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expectAccessible(chief);
  await chief
    .getByLabel('Public summary')
    .fill(
      'An old forecast map went into one day’s briefing packs. Packs are now generated after review only.',
    );
  await chief.getByRole('button', { name: 'Close the incident' }).click();
  await expect(chief.getByText('Incident closed.')).toBeVisible();
  await context.close();

  await page.goto('/forces/demo/incidents');
  await expect(page.getByText('Packs are now generated after review only.')).toBeVisible();
  await expect(page.getByText('Forecast map printed with the wrong week')).toHaveCount(0);
  await expectAccessible(page);
});
