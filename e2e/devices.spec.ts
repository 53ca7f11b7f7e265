import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

const DEMO = path.join(import.meta.dirname, '..', 'src', 'modules', 'device', 'extraction', 'demo');
const file = (name: string, mimeType = 'application/octet-stream') => ({
  name,
  mimeType,
  buffer: readFileSync(path.join(DEMO, name)),
});

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}

async function demoDeviceCase(page: Page): Promise<string> {
  await page.goto('/cases');
  await page
    .getByRole('link', { name: /DEMO\/2026\/0211/ })
    .first()
    .click();
  return page.url();
}

test('an officer authorises, imports and summarises a phone; third parties stay pseudonymous until one is revealed with a reason', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'officer');
  const caseUrl = await demoDeviceCase(page);
  await page.goto(`${caseUrl}/devices`);
  await expect(page.getByRole('heading', { name: 'Record an authorisation' })).toBeVisible();
  await expectAccessible(page);

  // The authorisation comes first; a short purpose is named on its field.
  await page.getByLabel('Device', { exact: true }).fill('Apple iPhone 12, exhibit JP/7');
  await page.getByLabel('Whose device it is').fill('Jordan Pike');
  await page.getByLabel('Suspect').check();
  await page.getByLabel('Purpose').fill('Too short');
  await page.getByLabel('Period authorised: from').fill('2024-06-10');
  await page.getByLabel('to (inclusive)').fill('2024-06-16');
  for (const kind of ['Messages', 'Calls', 'Locations']) await page.getByLabel(kind, { exact: true }).check();
  await page.getByLabel(/Authorised by/).fill('analyst@demo.police.example');
  await page.getByLabel('Keep what is extracted until').fill('2031-06-30');
  await page.getByRole('button', { name: 'Record the authorisation' }).click();
  await expect(page.getByText(/purpose: must say why reading the device is necessary/)).toBeVisible();
  await page
    .getByLabel('Purpose')
    .fill(
      'To establish where the suspect was during the week of the alleged supply and with whom he arranged it.',
    );
  await page.getByRole('button', { name: 'Record the authorisation' }).click();
  await expect(page.getByText('Authorisation recorded in the ledger')).toBeVisible();
  await expectAccessible(page);

  // A WhatsApp export, an Android database pair and a location history, all at once.
  await page
    .getByLabel('Files from the extraction')
    .setInputFiles([
      file('WhatsApp Chat with Quayside.txt', 'text/plain'),
      file('mmssms.db'),
      file('calllog.db'),
      file('2024_JUNE.json', 'application/json'),
    ]);
  await page.getByLabel(/WhatsApp display name/).fill('Jordan Pike');
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText('Imported and sealed with its own key')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'whatsapp', exact: true })).toBeVisible();
  await expectAccessible(page);
  const extractionUrl = page.url().split('?')[0]!;

  await page.getByLabel(/Subjects of the case/).fill('07700 900121 = Kyle Dunn');
  await page
    .getByLabel(/Lines of enquiry/)
    .fill('Handover | towards | van, bridge\nAlibi | away | tea, work');
  await page.getByRole('button', { name: 'Summarise the extraction' }).click();
  await expect(page.getByText('Summary started')).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('awaiting review')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await signOut(page);

  // The supervisor reviews the summary: third parties are already pseudonymous on the run page.
  await signIn(page, 'analyst');
  await page.goto(extractionUrl);
  await page.locator('#analyses').locator('..').getByRole('link', { name: /^R-/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Your review' })).toBeVisible();
  await expect(page.getByText('Contact 2').first()).toBeVisible();
  await expect(page.getByText('round the back')).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel('Accept the output').check();
  await page
    .getByLabel('Your reasons')
    .fill('Checked the contacts, the stays and every hit against the records.');
  await page.getByRole('button', { name: 'Record my review' }).click();
  await signOut(page);

  // The officer reads the summary, then reveals one contact with a reason.
  await signIn(page, 'officer');
  await page.goto(extractionUrl);
  await page.getByRole('link', { name: 'Read the summary' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^Kyle Dunn/ }).first()).toBeVisible();
  await expect(page.getByText('Content hidden: a third party wrote it').first()).toBeVisible();
  await expect(page.locator('svg[role="img"]').first()).toBeVisible();
  await expect(page.getByText('could point away from the suspect').first()).toBeVisible();
  await expect(page.getByText('+447700900417')).toHaveCount(0);
  await expectAccessible(page);
  const row = page.locator('tr', { hasText: '•••• ••••17' });
  await row.getByText(/^Reveal Contact/).click();
  await row
    .getByRole('textbox')
    .fill('He introduced himself to the suspect two days before the supply; we need to know who he is.');
  await row.getByRole('button', { name: /^Reveal Contact/ }).click();
  await expect(page.getByText('Contact revealed')).toBeVisible();
  await expect(page.getByText('+447700900417').first()).toBeVisible();
  await expect(page.getByText('Kyle gave me your number').first()).toBeVisible();
  await page.goto(`${caseUrl}/log`);
  await expect(page.getByRole('cell', { name: 'revealed contact' }).first()).toBeVisible();

  // At 375 px the summary still reads.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${extractionUrl}/summary`);
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expectAccessible(page);
});

test('a known image is listed by hash and never shown; others are blurred until chosen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'officer');
  const caseUrl = await demoDeviceCase(page);
  await page.goto(`${caseUrl}/devices`);
  await page.getByRole('link', { name: /Samsung Galaxy A14/ }).click();
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('link', { name: /^Images/ }).click();
  await expect(page.getByRole('heading', { name: 'Matched known images (1)' })).toBeVisible();
  await expect(page.getByText('Demo known images (Bluelamp demo')).toBeVisible();
  await expect(page.locator('img')).toHaveCount(5);
  await expectAccessible(page);
  // Seeing a known image needs a reason.
  await page.getByText('View, with a reason').click();
  await page.getByRole('button', { name: /^View r/ }).click();
  await expect(page.getByText(/matches a known-image list: say why you must see it/).first()).toBeVisible();
  await page
    .getByRole('button', { name: /^See r/ })
    .first()
    .click();
  await expect(page.getByText('You chose to see this image')).toBeVisible();
  await expect(page.locator('img.bl-evidence-image')).toBeVisible();
});
