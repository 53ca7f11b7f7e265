import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

test('a handler records a 101 contact, triage escalates it on a later message with its reasons, and the pages pass axe', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: '101 contacts', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '101 contacts waiting for a person' }),
  ).toBeVisible();
  await expectAccessible(page);

  // An empty message is refused, naming the field.
  await page.getByRole('button', { name: 'Triage this contact' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
  await expectAccessible(page);

  // A routine contact: no queue, a topic, and no reason to escalate.
  await page
    .getByLabel('Triage system')
    .selectOption({ label: 'Vulnerability flag for 101 contacts (trial)' });
  await page
    .getByLabel('What the caller said')
    .fill('Hi, I lost my wallet on the number 12 bus yesterday afternoon.');
  await page.getByRole('button', { name: 'Triage this contact' }).click();
  const summary = page.locator('.govuk-summary-list');
  await expect(summary).toContainText('routine');
  await expect(summary).toContainText('lost_property');
  await expect(summary).toContainText('None: the assistant may help');
  const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  expect(reference).toMatch(/^T-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expectAccessible(page);

  // The second message shows immediate danger: the route rises to emergency, never back down.
  await page
    .getByLabel('Add what the caller said next')
    .fill('He has come back and he has got a knife, he is saying he will kill me.');
  await page.getByRole('button', { name: 'Add and triage again' }).click();
  await expect(page.getByText('Emergency: give 999 advice and transfer to a person now.')).toBeVisible();
  await expect(summary).toContainText('emergency');
  await expect(page.locator('ul.govuk-list--bullet').first()).toContainText('Message 2, emergency');
  await expectAccessible(page);

  // It is at the top of the queue of contacts waiting for a person.
  await page.getByRole('link', { name: '101 contacts', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('Emergency');
  await expectAccessible(page);
});
