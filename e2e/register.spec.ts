import { expect, type Page, test } from '@playwright/test';
import { FORMS, type FormKind } from '../src/register/forms.ts';
import { expectAccessible, signIn } from './support.ts';

/** Signs in afresh as the demo person holding `role`. */
async function as(page: Page, role: string): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, role);
}

/**
 * Fills a form from data by the field names the pages use (data paths joined by dots), looking
 * at each element to decide how: text, radio, checkbox, select, or day/month/year for dates.
 */
async function fill(page: Page, name: string, value: unknown): Promise<void> {
  if (value === undefined || value === null) return;
  if (Array.isArray(value) && value.some((v) => typeof v === 'object')) {
    for (const [i, row] of value.entries())
      for (const [k, v] of Object.entries(row as object)) await fill(page, `${name}.${i}.${k}`, v);
    return;
  }
  if (!Array.isArray(value) && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as object)) await fill(page, `${name}.${k}`, v);
    return;
  }
  const el = page.locator(`[name="${name}"]`);
  if ((await el.count()) === 0) {
    const [year, month, day] = String(value).split('-');
    await page.locator(`[name="${name}.day"]`).fill(String(Number(day)));
    await page.locator(`[name="${name}.month"]`).fill(String(Number(month)));
    await page.locator(`[name="${name}.year"]`).fill(year!);
    return;
  }
  const kind = await el.first().evaluate((e) => `${e.tagName.toLowerCase()}:${e.getAttribute('type') ?? ''}`);
  if (kind === 'input:radio') await page.locator(`[name="${name}"][value="${String(value)}"]`).check();
  else if (kind === 'input:checkbox') {
    if (value === false) await el.first().uncheck();
    else await el.first().check();
  } else if (kind.startsWith('select')) await el.selectOption(String(value));
  else await el.fill(Array.isArray(value) ? value.join('\n') : String(value));
}

async function submitForm(page: Page, systemUrl: string, kind: FormKind): Promise<void> {
  await page.goto(`${systemUrl}/evidence/${kind}`);
  // Authorisations are decisions: approve or refuse, with the authorisation's own fields.
  const isDecision = (await page.locator('[name="outcome"]').count()) > 0;
  for (const [k, v] of Object.entries(FORMS[kind].example as object))
    if (!(isDecision && k === 'decision')) await fill(page, k, v);
  if (isDecision) {
    await page.getByRole('radio', { name: 'Approve', exact: true }).check();
    await page.getByRole('button', { name: 'Record my decision' }).click();
  } else await page.getByRole('button', { name: 'Save this version' }).click();
  await expect(page.getByText('Version 1 saved')).toBeVisible();
}

async function act(page: Page, systemUrl: string, button: string, stage: string): Promise<void> {
  await page.goto(systemUrl);
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByText(`${button}: done`)).toBeVisible();
  await expect(page.getByText(`now at the ${stage} stage`)).toBeVisible();
}

test('a system goes from horizon to live through the pages, as the demo users', async ({ page }, info) => {
  test.setTimeout(300_000);
  const name = `Burglary hot spots ${Date.now()}`;

  await page.goto('/lifecycle');
  await expect(page.getByRole('img', { name: 'The lifecycle of an AI system in Bluelamp' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: info.outputPath('lifecycle.png'), fullPage: true });

  // The project lead adds the system.
  await as(page, 'project-lead');
  await page.getByRole('link', { name: 'AI register' }).first().click();
  await expect(page.getByRole('heading', { name: 'AI register' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add a system' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save the record' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
  await expect(page.getByRole('link', { name: 'Enter name' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: info.outputPath('new-system-errors.png'), fullPage: true });

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page
    .getByLabel('Description', { exact: true })
    .fill('Weekly forecasts of where burglary is likely to concentrate.');
  await page.getByLabel('Crime hot spot forecasting').check();
  await page.getByLabel('Forecasting', { exact: true }).check();
  await page.getByLabel('Purpose', { exact: true }).fill('Plan visible patrols and crime prevention visits.');
  await page.getByLabel('Expected benefits').fill('Analyst time released\nEarlier crime prevention advice');
  await page.getByLabel('Expected officer or staff time saved per task, in minutes').fill('45');
  await page.getByLabel('Built in-house').check();
  await page.getByLabel('Team that builds and maintains it').fill('Force analysis team');
  await page.getByLabel('Processing provider').fill('Demo Constabulary data centre');
  await page.getByLabel('Country where data is processed').fill('United Kingdom');
  await page.getByLabel('Country where data is stored').fill('United Kingdom');
  await page.getByLabel('Model name').fill('Grid kernel density');
  await page.getByLabel('Model version').fill('1.0');
  await page.getByLabel('Source of the training data').fill('Recorded burglary, police.uk');
  await page.getByLabel('Period the training data covers').fill('2019 to 2023');
  await page
    .getByLabel('Known gaps and limitations of the training data')
    .fill('Under-reporting in some areas.');
  await page.getByLabel('Affected groups').fill('Residents of forecast areas\nVictims of burglary');
  await page.getByLabel('Project lead (senior responsible owner)').selectOption({ label: 'Tom Okafor' });
  await page.getByLabel('Product manager (information asset owner)').selectOption({ label: 'Sam Patel' });
  await page.getByLabel('PC Jamie Lewis').check();
  await page.getByRole('button', { name: 'Save the record' }).click();
  await expect(page.getByText('Added to the AI register as')).toBeVisible();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const systemUrl = new URL(page.url()).pathname;
  await expectAccessible(page);

  await act(page, systemUrl, 'Start scoping', 'scoping');

  // Into assessment.
  await submitForm(page, systemUrl, 'scoping');
  await as(page, 'analyst');
  await submitForm(page, systemUrl, 'test-design');
  await expectAccessible(page);
  await as(page, 'ai-lead');
  await submitForm(page, systemUrl, 'landscape-review');
  await as(page, 'project-lead');
  await act(page, systemUrl, 'Submit for assessment', 'assessment');

  // Into validation: the DPIA needs the data protection officer's approval.
  await submitForm(page, systemUrl, 'dpia');
  await submitForm(page, systemUrl, 'ethics-response');
  await page.goto(systemUrl);
  await expect(page.getByText('Awaiting approval', { exact: true })).toBeVisible();
  await as(page, 'data-protection-officer');
  await expect(
    page.getByRole('link', { name: `Approve or reject the data protection impact assessment: ${name}` }),
  ).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole('link', { name: `Approve or reject the data protection impact assessment: ${name}` })
    .click();
  await expectAccessible(page);
  await expect(page.getByText('You approve version 1, pinned by its hash')).toBeVisible();
  await page.getByRole('radio', { name: 'Approve', exact: true }).check();
  await page.getByLabel('Your reasons').fill('Lawful basis and mitigations are sound.');
  await page.getByRole('button', { name: 'Record my decision' }).click();
  await expect(page.getByText('Your decision (approved) was recorded')).toBeVisible();
  await page.screenshot({ path: info.outputPath('evidence.png'), fullPage: true });
  const byRole: Array<[string, FormKind]> = [
    ['information-security-officer', 'security-risk-assessment'],
    ['legal', 'legal-review'],
    ['delivery-team', 'equality-impact-assessment'],
    ['it-team', 'technical-advice'],
    ['ethics-committee', 'ethics-advice'],
  ];
  for (const [role, kind] of byRole) {
    await as(page, role);
    await submitForm(page, systemUrl, kind);
  }
  await as(page, 'project-lead');
  await act(page, systemUrl, 'Begin validation', 'validation');

  // Into authorisation.
  await as(page, 'analyst');
  await submitForm(page, systemUrl, 'validation-report');
  await expect(
    page.getByRole('heading', { name: 'Results against the thresholds of the test design' }),
  ).toBeVisible();
  await act(page, systemUrl, 'Submit the validation report for authorisation', 'authorisation');

  // Into trial: two different people authorise deployment and use.
  await as(page, 'head-of-information-security');
  await submitForm(page, systemUrl, 'deployment-authorisation');
  await as(page, 'chief-constable');
  await submitForm(page, systemUrl, 'use-authorisation');
  await as(page, 'project-lead');
  for (const kind of ['operational-guidance', 'trial-scope', 'public-record'] as const)
    await submitForm(page, systemUrl, kind);
  await act(page, systemUrl, 'Start the trial', 'trial');

  // Into live.
  await as(page, 'analyst');
  await submitForm(page, systemUrl, 'trial-evaluation');
  await as(page, 'project-lead');
  await submitForm(page, systemUrl, 'handover');
  await as(page, 'product-manager');
  await submitForm(page, systemUrl, 'monitoring-plan');
  await submitForm(page, systemUrl, 'contingency-plan');
  await as(page, 'business-change');
  await submitForm(page, systemUrl, 'business-change-plan');
  await as(page, 'hr');
  await submitForm(page, systemUrl, 'workforce-impact');
  await as(page, 'chief-constable');
  await submitForm(page, systemUrl, 'live-decision');
  await page.goto('/');
  await expect(page.getByRole('link', { name: `Go live: ${name}` })).toBeVisible();
  await act(page, systemUrl, 'Go live', 'live');
  await expect(page.getByText('Moved from Trial to Live (go-live)')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: info.outputPath('system-live.png'), fullPage: true });

  await page.goto(`/systems?stage=live&q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('link', { name })).toBeVisible();
});
