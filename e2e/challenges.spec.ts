import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

const DESCRIPTION = 'A letter said an AI tool put my street on a patrol list; I want to know why.';

test('a challenge goes from the public page to a recorded outcome the public can check', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Challenge an AI decision' }).click();
  await expect(page.getByRole('heading', { name: 'Challenge a decision influenced by AI' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Send the challenge' }).click();
  await expect(page.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expectAccessible(page);

  await page
    .getByLabel('Police force (if you have no reference)')
    .selectOption({ label: 'Demo Constabulary' });
  await page.getByLabel('What decision are you challenging, and why?').fill(DESCRIPTION);
  await page.getByLabel('How can we contact you? (optional)').fill('resident@example.org');
  await page.getByRole('button', { name: 'Send the challenge' }).click();
  await expect(page.getByRole('heading', { name: 'Challenge received' })).toBeVisible();
  await expectAccessible(page);
  const reference = ((await page.locator('.govuk-panel__body strong').textContent()) ?? '').trim();
  expect(reference).toMatch(/^C-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  // When to expect an answer, where else to go, and the e-mail acknowledgement.
  await expect(page.getByText('Answer expected by')).toBeVisible();
  await expect(page.getByRole('link', { name: /Independent Office for Police Conduct/ })).toHaveAttribute(
    'href',
    /^https:\/\/www\.policeconduct\.gov\.uk\//,
  );
  await expect(page.getByRole('link', { name: /Information Commissioner/ })).toHaveAttribute(
    'href',
    'https://ico.org.uk/make-a-complaint/',
  );
  await expect(page.getByText('We have sent an acknowledgement')).toBeVisible();
  // Reloading the confirmation (a GET after the post) records nothing again.
  await page.reload();
  await expect(page.locator('.govuk-panel__body strong')).toHaveText(reference);

  await page.getByRole('link', { name: 'check your challenge' }).click();
  await page.getByLabel('Challenge reference').fill(reference.toLowerCase());
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Received: waiting for a reviewer')).toBeVisible();
  await expectAccessible(page);

  // Inside the force: a product manager decides it.
  const staff = await browser.newContext();
  const pm = await staff.newPage();
  await signIn(pm, 'product-manager');
  await expect(pm.getByRole('link', { name: new RegExp(`Decide challenge ${reference}`) })).toBeVisible();
  await pm.goto('/challenges');
  await expectAccessible(pm);
  await pm.getByRole('link', { name: reference }).click();
  await expect(pm.getByText(DESCRIPTION)).toBeVisible();
  await expectAccessible(pm);
  await pm.getByRole('button', { name: 'Record the decision' }).click();
  await expect(pm.getByRole('alert').getByText('There is a problem')).toBeVisible();
  await expectAccessible(pm);
  await pm.getByLabel('Upheld: the decision must be put right').check();
  await pm
    .getByLabel('Reasons')
    .fill('The street was listed from an out-of-date forecast; it has been removed.');
  await pm.getByRole('button', { name: 'Record the decision' }).click();
  await expect(pm.getByText('Decision recorded and written to the audit ledger.')).toBeVisible();
  await staff.close();

  await page.goto(`/challenge/status?reference=${reference}`);
  await expect(page.getByText('Decided: upheld')).toBeVisible();
  await expect(page.getByText('it has been removed')).toBeVisible();
  await expect(page.getByText(DESCRIPTION)).toHaveCount(0);
  await expectAccessible(page);

  await page.goto('/forces/demo/challenges');
  await expect(page.getByRole('heading', { name: 'Challenges to AI-influenced decisions' })).toBeVisible();
  await expectAccessible(page);
});

test('an unknown challenge reference gets an accessible error', async ({ page }) => {
  await page.goto('/challenge/status?reference=C-0000-0000');
  await expect(page.getByRole('alert').getByText('No challenge has this reference')).toBeVisible();
  await expectAccessible(page);
});
