import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

const REASONS =
  'The validation report does not cover people released in the last year; revalidate on recent cases first.';

test('the chief constable refuses an authorisation of use with reasons, and the refusal shows on the timeline', async ({
  page,
}, info) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, 'chief-constable');
  // The demo's system awaiting authorisation, whichever it is.
  await page.goto('/systems?stage=authorisation');
  await page.locator('table a.govuk-link[href^="/systems/"]').first().click();
  await expect(page.getByText('Stage: Authorisation')).toBeVisible();
  const systemUrl = page.url();

  await page.getByRole('link', { name: "Chief constable's authorisation of use" }).first().click();
  await expect(page.getByRole('heading', { name: 'Your decision' })).toBeVisible();

  // Refuse without reasons: the error summary names the field and links to it.
  await page.getByRole('radio', { name: 'Refuse', exact: true }).check();
  await expect(
    page.getByText('If you refuse: The system returns from Authorisation to Validation'),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Record my decision' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
  const link = page.getByRole('link', { name: 'Enter your reasons for refusing (at least 10 characters)' });
  await expect(link).toBeVisible();
  await expectAccessible(page);
  await link.click();
  await expect(page.getByLabel('Your reasons for refusing')).toBeFocused();
  await page.screenshot({ path: info.outputPath('refusal-errors.png'), fullPage: true });

  // With reasons: recorded, the system returns to validation, and the timeline says so.
  await page.getByRole('radio', { name: 'Refuse', exact: true }).check();
  await page.getByLabel('Your reasons for refusing').fill(REASONS);
  await page.getByRole('button', { name: 'Record my decision' }).click();
  await expect(page).toHaveURL(`${systemUrl}?done=refused-use-authorisation`);
  await expect(
    page.getByText(
      "You refused the Chief constable's authorisation of use. The system returns from Authorisation to Validation",
    ),
  ).toBeVisible();
  await expect(page.getByText('Stage: Validation')).toBeVisible();
  const timeline = page.locator('#timeline + p + ol');
  await expect(timeline.locator('li').first()).toContainText(
    "Refused the Chief constable's authorisation of use",
  );
  await expect(timeline.locator('li').first()).toContainText(`Reasons: ${REASONS}`);
  await expectAccessible(page);
  await page.screenshot({ path: info.outputPath('refusal-timeline.png'), fullPage: true });
});
