import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './support.ts';

/**
 * The public pages on a phone (375 px wide), in English and in Welsh: each passes axe, says which
 * language it is in, and never scrolls sideways (wide tables and maps scroll inside their own
 * labelled boxes). Welsh is chosen with the link in the header, as a person would.
 */

test.use({ viewport: { width: 375, height: 812 } });
// Some twenty pages with axe each, the record with six forecast maps among them.
test.describe.configure({ timeout: 300_000 });

const WIDTH = 375;

const PAGES = [
  '/',
  '/forces',
  '/forces/demo/ai',
  '/forces/demo/incidents',
  '/forces/demo/challenges',
  '/challenge',
  '/challenge/status',
  '/ledger',
  '/accessibility',
  '/privacy',
  '/cookies',
  '/feedback',
  '/no-such-page',
];

async function checkPage(page: Page, lang: 'en' | 'cy', url: string): Promise<void> {
  await expect(page.locator('html'), url).toHaveAttribute('lang', lang);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${url} is ${scrollWidth} px wide`).toBeLessThanOrEqual(WIDTH);
  await expectAccessible(page);
}

/** The public records of the demo force, and one public forecast map page. */
async function recordPages(page: Page): Promise<string[]> {
  await page.goto('/forces/demo/ai');
  const records = await page
    .locator('main a[href^="/forces/demo/ai/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')!))]);
  expect(records.length).toBeGreaterThanOrEqual(2);
  const maps: string[] = [];
  for (const record of records) {
    await page.goto(record);
    const map = page.locator('main a[href*="/forecasts/"]:not([download])').first();
    if (await map.count()) maps.push((await map.getAttribute('href'))!);
  }
  expect(maps.length).toBeGreaterThan(0);
  return [...records, maps[0]!];
}

/** Sends a challenge through the form, checking the confirmation and the status page. */
async function challengeFlow(page: Page, lang: 'en' | 'cy'): Promise<void> {
  await page.goto('/challenge');
  await page.locator('#f-force').selectOption('demo');
  await page
    .locator('#f-description')
    .fill('The forecast map sent patrols down my street every night for a month, and I want it looked at.');
  await page.locator('form[action="/challenge"] button').click();
  await expect(page.locator('.govuk-panel__title')).toHaveText(
    lang === 'cy' ? 'Her wedi dod i law' : 'Challenge received',
  );
  await checkPage(page, lang, 'challenge received');
  const reference = (await page.locator('.govuk-panel__body strong').textContent())!.trim();
  await page.goto(`/challenge/status?reference=${reference}`);
  await expect(page.locator('h1')).toHaveText(lang === 'cy' ? 'Eich her' : 'Your challenge');
  await checkPage(page, lang, 'challenge status');
}

test('the public pages in English at 375 px: accessible, no sideways scroll', async ({ page }) => {
  await page.goto('/forces');
  await expect(
    page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Cymraeg' }),
  ).toBeVisible();
  for (const url of [...PAGES, ...(await recordPages(page))]) {
    await page.goto(url);
    await checkPage(page, 'en', url);
  }
  await challengeFlow(page, 'en');
});

test('the public pages in Welsh at 375 px, chosen with the link: accessible, no sideways scroll', async ({
  page,
}) => {
  await page.goto('/forces');
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Cymraeg' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
  await expect(page.locator('h1')).toHaveText("AI sy'n cael ei ddefnyddio gan heddluoedd");
  // The choice is remembered: later pages are in Welsh without asking again.
  for (const url of [...PAGES, ...(await recordPages(page))]) {
    await page.goto(url);
    await checkPage(page, 'cy', url);
  }
  await challengeFlow(page, 'cy');
  // And back to English with the other link.
  await page.goto('/forces');
  await page.getByRole('navigation', { name: 'Iaith' }).getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
