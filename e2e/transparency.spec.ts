import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support.ts';

/** The demo's released forecasts are built from the shared City of London police.uk file. */
const cityFile = path.join(
  process.env.BLUELAMP_SHARED_DIR ?? path.join(process.cwd(), '..', 'shared'),
  'data',
  'city-of-london-street-2018-04_2020-11.csv.gz',
);

const SECTIONS = [
  'Tier 1: overview',
  '2.1 Owner and responsibility',
  '2.2 Description and rationale',
  '2.3 Decision-making process',
  '2.4 Data',
  '2.5 Impact assessments',
  '2.6 Risks and mitigations',
];

test('the public AI record of the demo force passes axe and shows a live system in full', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'AI in use' }).click();
  await expect(page.getByRole('heading', { name: 'AI in use by police forces' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Demo Constabulary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'AI in use' })).toBeVisible();
  await expectAccessible(page);
  const rows = page.locator('tbody tr');
  await expect(rows.filter({ hasText: 'Pre-deployment' })).toHaveCount(0);
  const liveRow = rows.filter({ hasText: 'Live (in production)' }).first();
  await expect(liveRow).toBeVisible();
  const link = liveRow.getByRole('link').first();
  const name = (await link.textContent())?.trim() ?? '';
  expect(name.length).toBeGreaterThan(0);
  await link.click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  for (const section of SECTIONS) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByText('Senior responsible owner').first()).toBeVisible();
  // A live demo system has every field of its record filled.
  await expect(page.getByText('Not recorded yet')).toHaveCount(0);
  await expectAccessible(page);
});

test('the public API lists only systems in trial or live, without sign-in', async ({ request }) => {
  const res = await request.get('/api/public/forces/demo/systems');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { records: Array<{ tier1: { phase: string } }> };
  expect(body.records.length).toBeGreaterThan(0);
  expect(body.records.some((r) => r.tier1.phase === 'live')).toBe(true);
  expect(body.records.every((r) => ['trial', 'live'].includes(r.tier1.phase))).toBe(true);
});

test('a hot spot system shows its public forecast maps, coarse and late, and they pass axe', async ({
  page,
  request,
}) => {
  expect(existsSync(cityFile), `the demo forecasts need ${cityFile} (shared data beside the checkout)`).toBe(
    true,
  );
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/forces/demo/ai');
  await page.getByRole('link', { name: 'Burglary hot spot forecast' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Public forecast maps' })).toBeVisible();

  const first = page.locator('section[aria-labelledby^="forecast-R-"]').first();
  const map = first.locator('figure svg');
  await expect(map).toBeVisible();
  await expect(map.locator('title')).toHaveText('Past forecast (public version): Burglary');
  await expect(first.getByText('ONE CRIME TYPE ONLY: Burglary').first()).toBeVisible();
  await expect(page.getByText('This is a 500 m summary')).toBeVisible();
  await expect(first.getByRole('table')).toContainText('Share');
  expect(await first.locator('tbody tr').count()).toBeGreaterThan(0);
  await expectAccessible(page);

  // Its own page, by the run's public reference, and its GeoJSON.
  await first.getByRole('link', { name: /This map on its own page/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Public forecast map: / })).toBeVisible();
  await expect(page.locator('figure svg')).toBeVisible();
  await expectAccessible(page);
  const geojson = await page.getByRole('link', { name: /Download this map as GeoJSON/ }).getAttribute('href');
  const res = await request.get(geojson!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/geo+json');
  const body = (await res.json()) as { forecast: { cellSize: number }; features: unknown[] };
  expect(body.forecast.cellSize).toBe(500);
  expect(body.features.length).toBeGreaterThan(0);
});
