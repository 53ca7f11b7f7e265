import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

test('the monitoring page shows metrics as charts with tables, passes axe, and the product manager acknowledges an alert', async ({
  page,
}) => {
  await signIn(page, 'product-manager');
  const systems = (await (await page.request.get('/api/systems?stage=live')).json()) as Array<{
    id: string;
    name: string;
  }>;
  const system = systems.find((s) => s.name === 'Burglary hot spot forecast')!;
  expect(system).toBeTruthy();

  // The product manager adds a per-group coverage metric (alerts only) to the monitoring plan.
  const plan = await page.request.post(`/api/systems/${system.id}/evidence/monitoring-plan`, {
    data: {
      data: {
        metrics: [
          {
            name: 'hit-rate-5pc',
            description: 'Share of next-period crime in the top 5% of cells',
            direction: 'min',
            threshold: 0.18,
            perGroup: false,
            severe: true,
          },
          {
            name: 'coverage-share',
            description: 'Share of the area selected',
            direction: 'max',
            threshold: 0.05,
            perGroup: true,
            severe: false,
          },
        ],
        windowDays: 28,
        reviewEveryDays: 7,
      },
    },
  });
  expect(plan.status()).toBe(201);

  // Outcomes over ten weeks: the hit rate holds; rural coverage creeps over its maximum.
  const outcomes = Array.from({ length: 10 }, (_, w) => [
    {
      observedAt: daysAgo(70 - w * 7),
      group: 'Urban',
      metrics: { 'hit-rate-5pc': 0.24 + (w % 3) * 0.01, 'coverage-share': 0.05 },
    },
    {
      observedAt: daysAgo(69 - w * 7),
      group: 'Rural',
      metrics: { 'hit-rate-5pc': 0.2 + (w % 2) * 0.02, 'coverage-share': 0.04 + w * 0.003 },
    },
  ]).flat();
  const sent = await page.request.post(`/api/systems/${system.id}/outcomes`, { data: outcomes });
  expect(sent.status()).toBe(201);
  const result = (await sent.json()) as {
    suspended: boolean;
    breaches: Array<{ metric: string; group: string | null }>;
  };
  expect(result.suspended).toBe(false);
  expect(result.breaches.some((b) => b.metric === 'coverage-share' && b.group === 'Rural')).toBe(true);

  await page.goto('/');
  await expect(
    page.getByRole('link', { name: 'Threshold breached: Burglary hot spot forecast' }).first(),
  ).toBeVisible();

  await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Burglary hot spot forecast' }).click();

  await expect(
    page.getByRole('heading', { level: 1, name: 'Monitoring: Burglary hot spot forecast' }),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: 'coverage-share: mean over 28-day rolling windows' }),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: 'hit-rate-5pc: mean over 28-day rolling windows' }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'coverage-share by window (newest first)' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: "Reviews of this system's outputs, by reviewer" }),
  ).toBeVisible();
  await expectAccessible(page);
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/monitoring.png`, fullPage: true });

  const alert = page.locator('li[id^="alert-"]').filter({ hasText: 'in the group Rural' }).first();
  await expect(alert).toContainText('above its maximum of 0.05');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByText('Alert acknowledged.')).toBeVisible();
  await expect(
    page.locator('li[id^="alert-"]').filter({ hasText: 'in the group Rural' }).first(),
  ).toContainText('Acknowledged by Sam Patel');

  // A file with a mistake is refused as a whole, with its line and field.
  await page.getByLabel('CSV file of outcomes').setInputFiles({
    name: 'outcomes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`observed_at,group,run_reference,hit-rate-5pc\n${daysAgo(1)},Urban,,about a fifth\n`),
  });
  await page.getByRole('button', { name: 'Import outcomes' }).click();
  await expect(
    page.getByRole('alert').getByText('line 2, field hit-rate-5pc: must be a number'),
  ).toBeVisible();
  await expectAccessible(page);
});
