import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

const csv = (rows: string[]) => Buffer.from(`Ref,Occurred,Easting,Northing,Offence\n${rows.join('\n')}\n`);

test('an analyst imports a CSV export through the crime data form, sees it listed, and the page passes axe', async ({
  page,
}) => {
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Crime data', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Crime data' })).toBeVisible();
  await expectAccessible(page);

  // A file with a malformed row is refused as a whole, naming the file, line and field.
  await page.getByLabel('Crime data files').setInputFiles({
    name: 'rms-bad.csv',
    mimeType: 'text/csv',
    buffer: csv(['A1,2024-03-05 14:30,532100,181200,Burglary', 'A2,2024-03-06 09:00,532150,north,Burglary']),
  });
  await page.getByLabel('Title').fill('Recorded burglary, March 2024');
  await page.getByLabel('Another export (map the columns)').check();
  await page.getByLabel('Time column or columns').fill('Occurred');
  await page.getByLabel('Time format').fill('YYYY-MM-DD HH:mm');
  await page.getByLabel('Longitude or easting (x) column').fill('Easting');
  await page.getByLabel('Latitude or northing (y) column').fill('Northing');
  await page.getByLabel('British National Grid eastings and northings (EPSG:27700)').check();
  await page.getByLabel('Crime type column').fill('Offence');
  await page.getByRole('button', { name: 'Import crime data' }).click();
  await expect(
    page.getByRole('alert').getByText("rms-bad.csv, line 3, field 'Northing': 'north' is not a number"),
  ).toBeVisible();
  await expectAccessible(page);

  // The corrected file: the typed fields are kept, the file is chosen again.
  await page.getByLabel('Crime data files').setInputFiles({
    name: 'rms-march-2024.csv',
    mimeType: 'text/csv',
    buffer: csv([
      'A1,2024-03-05 14:30,532100,181200,Burglary',
      'A2,2024-03-06 09:00,532150,181250,Burglary',
      'A3,2024-03-07 22:10,,,Robbery',
    ]),
  });
  await expect(page.getByLabel('Title')).toHaveValue('Recorded burglary, March 2024');
  await page.getByRole('button', { name: 'Import crime data' }).click();
  await expect(
    page.getByText('2 crimes imported from 1 file (March 2024). 1 row left out: 1 coordinates empty.'),
  ).toBeVisible();
  const card = page.locator('.govuk-summary-card').filter({ hasText: 'Recorded burglary, March 2024' });
  await expect(card).toContainText('rms-march-2024.csv');
  await expect(card).toContainText('1 coordinates empty');
  await expect(card).toContainText('Nina Kowalski');
  await card.getByText('1 crime type', { exact: true }).click();
  await expect(
    card.getByRole('table', { name: 'Crime types in Recorded burglary, March 2024' }),
  ).toContainText('Burglary');
  await expectAccessible(page);
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/crime-data.png`, fullPage: true });
});
