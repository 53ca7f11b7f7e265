import { expect, type Page, test } from '@playwright/test';
import { docxBytes, pdfBytes } from '../src/test/documents.ts';
import { expectAccessible, signIn } from './support.ts';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}

const EMAIL = [
  'From: CCTV Control Room <cctv@example.com>',
  'To: Jamie Lewis <jamie.lewis@example.com>',
  'Date: Mon, 09 Mar 2026 10:12:00 +0000',
  'Subject: CCTV for case E2E/2026/0001',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Camera QS-04 shows Daniel Price at 23:28 on 6 March 2026 making a call. His number is +44 7700 900123 according to the phone company.',
  '',
].join('\r\n');

test('an officer uploads a case, a supervisor corrects its analysis, and every summary line leads to its source', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'officer');
  await page.getByRole('link', { name: 'Case files' }).first().click();
  await expect(page.getByRole('heading', { name: 'Case files' })).toBeVisible();
  await expectAccessible(page);

  // A bad date is named on its field, and nothing is opened.
  const reference = `E2E/${Date.now().toString(36).toUpperCase()}`;
  await page.getByLabel('Case reference').fill(reference);
  await page.getByLabel('Title').fill('Robbery, Queen Street, Cardiff');
  await page.getByLabel('Retention review date').fill('2033-02-31');
  await page.getByLabel("Supervisor's e-mail (optional)").fill('analyst@demo.police.example');
  await page.getByRole('button', { name: 'Open the case' }).click();
  await expect(page.getByText('reviewOn: is not a real date')).toBeVisible();
  await page.getByLabel('Retention review date').fill('2033-01-31');
  await page.getByRole('button', { name: 'Open the case' }).click();
  await expect(page.getByRole('heading', { name: 'Robbery, Queen Street, Cardiff' })).toBeVisible();
  const caseUrl = page.url();

  // Word, PDF, e-mail and text at once; then an unreadable file refused by name.
  await page.getByLabel('Add documents').setInputFiles([
    {
      name: 'statement-akhtar.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(
        docxBytes([
          'Statement of Samira Akhtar.',
          'On Friday 6 March 2026 at about 2330hrs I saw Daniel Price standing by a silver Ford Focus, registration AB21 XYZ, on Queen Street, Cardiff.',
          'He was talking on his phone, 07700 900123.',
        ]),
      ),
    },
    {
      name: 'report-lewis.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        pdfBytes([
          'Officer report by PC 4471 Jamie Lewis, 7 March 2026.',
          'Daniel Price was arrested on Clifton Street, Cardiff CF24 1LS.',
          'His phone, 07700 900123, was seized.',
        ]),
      ),
    },
    { name: 'cctv.eml', mimeType: 'message/rfc822', buffer: Buffer.from(EMAIL) },
    {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('The shop on Queen Street opens at 7am.\n'),
    },
  ]);
  await page.getByRole('button', { name: 'Add the documents' }).click();
  await expect(page.getByText('4 documents added to the case')).toBeVisible();
  await expectAccessible(page);
  await page
    .getByLabel('Add documents')
    .setInputFiles([{ name: 'old.doc', mimeType: 'application/msword', buffer: Buffer.from('x') }]);
  await page.getByRole('button', { name: 'Add the documents' }).click();
  await expect(page.getByText('old.doc:').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Documents (4)' })).toBeVisible();

  // The analysis is a run; nothing of it shows before review.
  await page.getByRole('button', { name: 'Analyse the case' }).click();
  await expect(page.getByText('Analysis started')).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('awaiting review')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await page.goto(`${caseUrl}/index`);
  await expect(
    page.getByText('Nothing of an analysis is shown until a named reviewer has reviewed it'),
  ).toBeVisible();
  await signOut(page);

  // The supervisor, a named overseer, rejects one entity on review.
  await signIn(page, 'analyst');
  await page.goto(caseUrl);
  await page.locator('#analyses').locator('..').getByRole('link', { name: /^R-/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Your review' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Amend it (choose what to change below)').check();
  await page
    .getByLabel(/^Reject address "Queen Street"/)
    .first()
    .check();
  await page
    .getByLabel('Your reasons')
    .fill('Queen Street is a street already given in the addresses; the rest checked against the documents.');
  await page.getByRole('button', { name: 'Record my review' }).click();
  await expect(page.getByText('Corrected on review: rejected entity "Queen Street"')).toBeVisible();
  await signOut(page);

  // The officer sees the reviewed index, finds every document with the phone, and follows a citation.
  await signIn(page, 'officer');
  await page.goto(`${caseUrl}/index?category=object`);
  await expect(page.getByText(/reviewed by Nina Kowalski/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Every document that mentions it (+447700900123)' }).click();
  await expect(page.getByRole('heading', { name: '3 documents found' })).toBeVisible();
  for (const name of ['statement-akhtar.docx', 'report-lewis.pdf', 'cctv.eml'])
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(page.locator('mark').first()).toBeVisible();
  await expectAccessible(page);

  await page.goto(`${caseUrl}/summary`);
  await expect(page.getByText('Every line is a sentence copied word for word')).toBeVisible();
  await expectAccessible(page);
  const first = page.locator('ol.govuk-list--number li').first();
  const quoted = (await first.locator('q').textContent())!;
  await first.getByRole('link').click();
  await expect(page.locator('mark#cited')).toHaveText(quoted);
  await expectAccessible(page);

  await page.goto(`${caseUrl}/patterns`);
  await expectAccessible(page);
  await page.goto(`${caseUrl}/log`);
  await expect(page.getByRole('cell', { name: 'opened document' }).first()).toBeVisible();
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(caseUrl);
  await expectAccessible(page);
});
