import { type Browser, expect, type Page, test } from '@playwright/test';
import { expectAccessible, signIn } from './support.ts';

const CHAT = '/forces/demo/101-chat';

async function startChat(page: Page, lang: 'en' | 'cy' = 'en') {
  await page.goto(`${CHAT}?lang=${lang}`);
  await page.getByRole('button', { name: lang === 'en' ? 'Start chat' : 'Dechrau sgwrs' }).click();
  await expect(page.locator('#chat-log li').first()).toBeVisible();
}

async function say(page: Page, text: string, lang: 'en' | 'cy' = 'en') {
  const lines = page.locator('#chat-log > li');
  const before = await lines.count();
  await page.getByLabel(lang === 'en' ? 'Your message' : 'Eich neges').fill(text);
  await page.getByRole('button', { name: lang === 'en' ? 'Send' : 'Anfon', exact: true }).click();
  await expect(lines).not.toHaveCount(before);
  // The caller's own line comes first; the reply to it, when there is one, is the line after.
  return lines.nth(before + 1);
}

async function handler(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'officer');
  return page;
}

test('the chat says it is AI, answers lost property from a cited article, and passes axe at 375 px', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(CHAT);
  await expect(page.getByText('In an emergency call 999.')).toBeVisible();
  await expect(page.getByText('not a person, until a person joins')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.locator('#chat-log li').first()).toContainText(
    'I am an automated assistant, not a person',
  );
  await expect(page.getByRole('button', { name: 'Speak to a person' })).toBeVisible();
  const reply = await say(page, 'I lost my wallet on the bus yesterday');
  await expect(reply).toContainText('Source: Lost property');
  await expect(reply).toContainText('What have you lost?');
  await expectAccessible(page);
  // Keyboard only: the message box and Send are reachable and work.
  await page.getByLabel('Your message').focus();
  await page.keyboard.type('A black leather wallet');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#chat-log > li').last()).toContainText('Where do you think you lost it?');
});

test('a crime update is given only after the victim check', async ({ page }) => {
  await startChat(page);
  await expect(await say(page, 'Can I get an update on my crime report?')).toContainText(
    'crime reference number',
  );
  await expect(await say(page, 'DC/26/004512')).toContainText('surname');
  await expect(await say(page, 'Jones')).toContainText('postcode');
  await expect(await say(page, 'CF10 1AA')).toContainText('PC Evans reviewed the CCTV');
});

test('an emergency gets 999 advice and goes straight to the top of the handlers’ queue', async ({
  page,
  browser,
}) => {
  await startChat(page);
  const reply = await say(
    page,
    'My neighbour is attacking his wife with a knife right now, please send help',
  );
  await expect(reply).toContainText('Call 999 now');
  await expect(page.locator('#chat-status')).toContainText('next in the queue');
  const reference = (await page.getByText(/Conversation reference: C-/).textContent())!
    .split(': ')[1]!
    .trim();
  const h = await handler(browser);
  await h.getByRole('link', { name: '101 chats', exact: true }).click();
  const first = h.locator('#waiting tbody tr').first();
  await expect(first).toContainText(reference);
  await expect(first).toContainText('emergency');
  await expectAccessible(h);
});

test('asking for a person puts a handler in the same chat, who answers it', async ({ page, browser }) => {
  await startChat(page);
  await page.getByRole('button', { name: 'Speak to a person' }).click();
  await expect(page.locator('#chat-status')).toContainText('queue');
  const reference = (await page.getByText(/Conversation reference: C-/).textContent())!
    .split(': ')[1]!
    .trim();

  const h = await handler(browser);
  await h.goto('/assistant');
  await h.getByRole('link', { name: reference }).click();
  await h.getByRole('button', { name: 'Take this chat' }).click();
  await h
    .getByLabel('Reply to the caller')
    .fill('Hello, this is Sam from the contact centre. How can I help?');
  await h.getByRole('button', { name: 'Send reply' }).click();
  await expect(h.locator('.bl-chat li').last()).toContainText('How can I help?');
  await expectAccessible(h);

  // The caller's page shows the person joining and their reply without reloading.
  await expect(page.locator('#chat-log')).toContainText('has joined the chat', { timeout: 15_000 });
  await expect(page.locator('#chat-log')).toContainText('How can I help?', { timeout: 15_000 });
  await expect(page.locator('#chat-status')).toContainText('You are chatting with a person');
  // And the caller's next message reaches the handler's page without a reload.
  await say(page, 'I wanted to ask about my neighbour’s CCTV pointing at my garden');
  await expect(h.locator('.bl-chat')).toContainText('CCTV pointing at my garden', { timeout: 15_000 });
  await h.getByLabel('Outcome').selectOption('answered');
  await h.getByRole('button', { name: 'Close chat' }).click();
  await expect(h.getByRole('heading', { level: 1, name: '101 chats waiting for a person' })).toBeVisible();
});

test('the whole chat works in Welsh', async ({ page }) => {
  await page.goto(`${CHAT}?lang=cy`);
  await expect(page.getByText('Mewn argyfwng, ffoniwch 999.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Dechrau sgwrs' }).click();
  await expect(page.locator('#chat-log li').first()).toContainText('Cynorthwyydd awtomataidd ydw i');
  const reply = await say(page, 'Dw i wedi colli fy waled ar y bws ddoe', 'cy');
  await expect(reply).toContainText('Ffynhonnell: Eiddo coll');
  await expect(reply).toContainText('Beth ydych chi wedi’i golli?');
  await expectAccessible(page);
  await say(page, 'siarad efo rhywun', 'cy');
  await expect(page.locator('#chat-status')).toContainText('ciw');
});

test('without JavaScript the chat works by form posts', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await startChat(page);
  await page.getByLabel('Your message').fill('');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a message');
  await say(page, 'Who do I tell about a pothole?');
  await expect(page.locator('#chat-log > li').last()).toContainText('Source: Council services');
  await page.getByRole('button', { name: 'End chat' }).click();
  await expect(page.getByText('This chat has ended.').first()).toBeVisible();
  await page.getByLabel('Very helpful', { exact: true }).check();
  await page.getByRole('button', { name: 'Send rating' }).click();
  await expect(page.getByText('Thank you for your rating.')).toBeVisible();
  await context.close();
});
