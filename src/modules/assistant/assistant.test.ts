import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FORCE } from '../../identity/forces.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { demoSystem } from '../../test/systems.ts';
import { defaultTriage } from '../triage/index.ts';
import { channelOf, postMessage, purgeExpired, startConversation } from './conversations/service.ts';
import { seedAssistantDemo } from './demo.ts';

let t: TestApp;
let systemId: string;
const base = `/api/forces/${DEMO_FORCE.slug}/assistant/conversations`;

beforeAll(async () => {
  t = await createTestApp();
  const s = await demoSystem(t.database.db, t.demoForceId, {
    index: 1,
    stage: 'live',
    moduleId: 'assistant',
    moduleSettings: { opens: '00:00', closes: '24:00', minutesPerContact: 5, retentionDays: 30 },
    productManager: true,
  });
  systemId = s.id;
  await seedAssistantDemo({ db: t.database.db, config: t.config, forceId: t.demoForceId });
  defaultTriage().classifyContact(['warm up']);
}, 240_000);
afterAll(() => t?.close());

/** A caller: starts a chat through the public API and sends messages with its token. */
async function caller(lang: 'en' | 'cy' = 'en') {
  const started = await t.app.inject({ method: 'POST', url: base, payload: { lang } });
  expect(started.statusCode, started.body).toBe(201);
  const { id, token, text } = started.json() as { id: string; token: string; text: string };
  const say = async (message: string) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `${base}/${id}/messages`,
      headers: { 'x-conversation-token': token },
      payload: { text: message },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      text: string;
      route: string;
      citations: Array<{ article: string; title: string }>;
      handoff: { queue: string; position: number; minutes: number } | null;
      status: string;
    };
  };
  const view = async () =>
    (
      await t.app.inject({ method: 'GET', url: `${base}/${id}`, headers: { 'x-conversation-token': token } })
    ).json() as { status: string; lines: Array<{ from: string; text: string; name?: string }> };
  return { id, token, greeting: text, say, view };
}

describe('the public 101 chat', () => {
  it('says from its first message that it is an automated assistant, not for emergencies, with a person available', async () => {
    const c = await caller();
    expect(c.greeting).toContain('automated assistant, not a person');
    expect(c.greeting).toContain('999');
    expect(c.greeting).toContain('55');
    expect(c.greeting).toContain('Speak to a person');
    const cy = await caller('cy');
    expect(cy.greeting).toContain('Cynorthwyydd awtomataidd');
    expect(cy.greeting).toContain('Siarad â pherson');
  });

  it('answers lost property from its approved article, cited, and takes a report with a reference', async () => {
    const c = await caller();
    const first = await c.say('I lost my wallet on the bus yesterday, what should I do?');
    expect(first.route).toBe('routine');
    expect(first.citations.map((x) => x.article)).toEqual(['lost-property']);
    expect(first.text).toContain('From our article');
    await c.say('A black leather wallet');
    await c.say('On the number 10 bus in town');
    await c.say('Yesterday afternoon');
    const done = await c.say('jo@example.com');
    const reference = /LP-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(done.text)?.[0];
    expect(reference, done.text).toBeTruthy();
    const row = await t.database.db
      .selectFrom('assistant_lost_property')
      .selectAll()
      .where('reference', '=', reference!)
      .executeTakeFirstOrThrow();
    // Sealed: the caller's details are not readable in the database.
    expect(row.details_encrypted.toString('utf8')).not.toContain('jo@example.com');
    // The runs keep what was decided, never the caller's words.
    const outputs = await t.database.db
      .selectFrom('runs')
      .select(['output', 'explanation'])
      .where('system_id', '=', systemId)
      .execute();
    expect(JSON.stringify(outputs)).not.toContain('jo@example.com');
    expect(JSON.stringify(outputs)).not.toContain('leather wallet');
  });

  it('answers in Welsh from the Welsh version of the article', async () => {
    const c = await caller('cy');
    const r = await c.say('Dw i wedi colli fy mhwrs ar y bws ddoe');
    expect(r.citations.map((x) => x.article)).toEqual(['lost-property']);
    expect(r.text).toContain('O’n herthygl');
  });

  it('does not guess: a question no article answers offers a person, and a second offers again', async () => {
    const c = await caller();
    const r = await c.say('What is the capital city of Peru?');
    expect(r.citations).toEqual([]);
    expect(r.text).toContain('will not guess');
    const again = await c.say('Who wrote Pride and Prejudice?');
    expect(again.text).toContain('Would you like to speak to a person?');
    const yes = await c.say('yes please');
    expect(yes.status).toBe('waiting');
    expect(yes.handoff?.queue).toBe('person');
  });

  it('gives a crime update only after the victim check, and locks the report after three failures', async () => {
    const c = await caller();
    const r = await c.say('Can I get an update on my crime report?');
    expect(r.citations.map((x) => x.article)).toEqual(['crime-update']);
    await c.say('It is DC/26/004512');
    await c.say('Jones');
    const ok = await c.say('cf10 1aa');
    expect(ok.text).toContain('PC Evans reviewed the CCTV');

    const d = await caller();
    await d.say('I want an update on crime DC/26/007731');
    await d.say('DC/26/007731');
    for (const n of [2, 1]) {
      await d.say('Smith');
      const wrong = await d.say('LS1 1AA');
      expect(wrong.text).toContain(`${n} more tries`);
      expect(wrong.text).not.toContain('bicycle');
    }
    await d.say('Smith');
    const locked = await d.say('LS1 1AA');
    expect(locked.text).toContain('cannot be checked in the chat');
    // Even the right details are refused while the report is locked.
    const e = await caller();
    await e.say('update on my crime please');
    await e.say('DC/26/007731');
    await e.say('Patel');
    expect((await e.say('LS1 4AP')).text).not.toContain('bicycle');
  });

  it('moves an emergency straight to the top of the queue with 999 advice, ahead of earlier chats', async () => {
    const earlier = await caller();
    const asked = await earlier.say('agent');
    expect(asked.status).toBe('waiting');
    const c = await caller();
    const r = await c.say('He has got a knife and he says he is going to kill me, please send someone now');
    expect(r.route).toBe('emergency');
    expect(r.text).toContain('Call 999 now');
    expect(r.handoff).toMatchObject({ queue: 'emergency', position: 1 });
    const queue = (await t.call('officer', 'GET', '/api/assistant/queue')).json();
    expect(queue.waiting[0].id).toBe(c.id);
    // The handler sees why: triage's reasons, not the caller's words.
    expect(queue.waiting[0].reasons.length).toBeGreaterThan(0);
    expect(queue.waiting.find((w: { id: string }) => w.id === earlier.id).reasons).toEqual([
      expect.stringContaining('(rule en.human.request, en-'),
    ]);
    const ledger = await t.database.db
      .selectFrom('ledger_entries')
      .select(['action', 'payload'])
      .where('subject_id', '=', c.id)
      .execute();
    expect(ledger.map((l) => l.action)).toContain('assistant.conversation.handed-over');
    expect(JSON.stringify(ledger)).not.toContain('knife');
  });

  it('passes a chat in another language to a person with an interpreter', async () => {
    const c = await caller();
    const r = await c.say(
      'Dzień dobry, zgubiłem portfel w autobusie wczoraj wieczorem. Czy ktoś go oddał na policję?',
    );
    expect(r.status).toBe('waiting');
    expect(r.handoff?.queue).toBe('interpreter');
    expect(r.text).toContain('interpreter');
  });

  it('lets a handler take a chat, write in it, and close it; the caller sees the person and rates the chat', async () => {
    const c = await caller('cy');
    const r = await c.say('siarad efo rhywun');
    expect(r.status).toBe('waiting');
    expect((await t.call('officer', 'POST', `/api/assistant/conversations/${c.id}/take`)).statusCode).toBe(
      204,
    );
    expect(
      (await t.call('analyst', 'POST', `/api/assistant/conversations/${c.id}/messages`, { text: 'Helo' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await t.call('officer', 'POST', `/api/assistant/conversations/${c.id}/messages`, {
          text: 'Helo, sut alla i helpu?',
        })
      ).statusCode,
    ).toBe(204);
    const seen = await c.view();
    expect(seen.status).toBe('with-person');
    expect(seen.lines.at(-1)).toMatchObject({ from: 'handler', text: 'Helo, sut alla i helpu?' });
    expect(seen.lines.some((l) => l.text.includes('wedi ymuno â’r sgwrs'))).toBe(true);
    // The caller's next message reaches the handler; the assistant stays quiet.
    const next = await c.say('Diolch');
    expect(next.text).toBe('');
    const closed = await t.call('officer', 'POST', `/api/assistant/conversations/${c.id}/close`, {
      outcome: 'answered',
      notes: 'Advised the caller.',
    });
    expect(closed.statusCode).toBe(204);
    const rated = await t.app.inject({
      method: 'POST',
      url: `${base}/${c.id}/rating`,
      headers: { 'x-conversation-token': c.token },
      payload: { rating: 5 },
    });
    expect(rated.statusCode).toBe(204);
    const figures = (
      await t.call('product-manager', 'GET', `/api/systems/${systemId}/assistant/figures`)
    ).json();
    const cy = figures.languages.find((l: { lang: string }) => l.lang === 'cy');
    expect(cy.handedOver).toBeGreaterThanOrEqual(1);
    expect(cy.ratings).toBe(1);
    expect(cy.medianSecondsToPerson).not.toBeNull();
  });

  it('sends every handed-over turn to a reviewer, and lets a handler flag a wrong answer to its owner', async () => {
    const c = await caller();
    await c.say('Someone has parked across my driveway');
    const handed = await c.say('He is screaming that he will stab me if I come outside');
    expect(handed.route).toBe('emergency');
    const runs = await t.database.db
      .selectFrom('runs')
      .select(['status', 'purpose'])
      .where('system_id', '=', systemId)
      .where('purpose', 'like', '%message 2')
      .orderBy('created_at', 'desc')
      .execute();
    expect(runs[0]?.status).toBe('awaiting_review');
    const version = (
      await t.database.db
        .selectFrom('assistant_articles')
        .select('version')
        .where('slug', '=', 'parking')
        .where('status', '=', 'approved')
        .executeTakeFirstOrThrow()
    ).version;
    const notCited = await t.call('officer', 'POST', `/api/assistant/conversations/${c.id}/flags`, {
      article: `lost-property@${version}`,
      note: 'x',
    });
    expect(notCited.statusCode).toBe(400);
    const flagged = await t.call('officer', 'POST', `/api/assistant/conversations/${c.id}/flags`, {
      article: `parking@${version}`,
      note: 'A car across a driveway is an obstruction the council deals with; the answer should say so.',
    });
    expect(flagged.statusCode, flagged.body).toBe(201);
    expect(flagged.json().owner).toBeTruthy();
    const articles = (await t.call('product-manager', 'GET', '/api/assistant/articles')).json().articles;
    expect(articles.find((a: { slug: string }) => a.slug === 'parking').openFlags).toBe(1);
  });

  it('says honestly when no one is answering, and still moves an emergency to the queue', async () => {
    // The force's hours as its register entry would give them, with no one on duty now.
    const open = await channelOf(t.database.db, DEMO_FORCE.slug);
    const closed = { ...open, settings: { ...open.settings, opens: '00:00', closes: '00:00' } };
    const rt = t.services.runs;
    const c = await startConversation(rt, closed, 'en');
    const r = await postMessage(rt, closed, c.id, c.token, 'can I speak to someone');
    expect(r.status).toBe('assistant');
    expect(r.handoff).toBeNull();
    expect(r.text).toContain('No one is available in the chat now');
    expect(r.text).toContain('call 101');
    const e = await startConversation(rt, closed, 'cy');
    const emergency = await postMessage(rt, closed, e.id, e.token, 'Mae dyn efo gwn tu allan i’r ysgol rŵan');
    expect(emergency.text).toContain('Ffoniwch 999 nawr');
    expect(emergency.status).toBe('waiting');
  });

  it('refuses a conversation without its token, and the console to those who do not run AI systems', async () => {
    const c = await caller();
    const wrong = await t.app.inject({
      method: 'POST',
      url: `${base}/${c.id}/messages`,
      headers: { 'x-conversation-token': 'not-the-token' },
      payload: { text: 'hello' },
    });
    expect(wrong.statusCode).toBe(404);
    const empty = await t.app.inject({
      method: 'POST',
      url: `${base}/${c.id}/messages`,
      headers: { 'x-conversation-token': c.token },
      payload: { text: '   ' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a message');
    expect((await t.call('hr', 'GET', '/api/assistant/queue')).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/forces/nowhere/assistant/conversations',
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('the knowledge base', () => {
  it('needs a second person to approve a draft, and never shows content changed after approval', async () => {
    const article = {
      slug: 'test-bike-marking',
      topic: 'general_enquiry',
      kind: 'answer',
      owner: 'product-manager@demo.police.example',
      reviewOn: '2027-06-01',
      keywords: { en: ['bike', 'marking', 'bikeregister'], cy: ['beic', 'marcio'] },
      en: {
        title: 'Bike marking events',
        body: 'We mark bikes for free at community events. Bring proof that the bike is yours.',
        questions: ['Where can I get my bike marked?'],
      },
      cy: {
        title: 'Digwyddiadau marcio beiciau',
        body: 'Rydym yn marcio beiciau am ddim mewn digwyddiadau cymunedol. Dewch â phrawf mai chi biau’r beic.',
        questions: ['Ble galla i gael marcio fy meic?'],
      },
    };
    const bad = await t.call('product-manager', 'POST', '/api/assistant/articles', [
      { ...article, topic: 'astrology' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('article 1 (test-bike-marking)');
    const drafted = await t.call('product-manager', 'POST', '/api/assistant/articles', [article]);
    expect(drafted.statusCode, drafted.body).toBe(201);
    const id = drafted.json().drafts[0].id;
    expect((await t.call('officer', 'POST', `/api/assistant/articles/${id}/approve`)).statusCode).toBe(403);
    expect(
      (await t.call('product-manager', 'POST', `/api/assistant/articles/${id}/approve`)).statusCode,
    ).toBe(409);
    expect((await t.call('ai-lead', 'POST', `/api/assistant/articles/${id}/approve`)).statusCode).toBe(204);
    const c = await caller();
    expect((await c.say('Where can I get my bike marked?')).citations.map((x) => x.article)).toEqual([
      'test-bike-marking',
    ]);
    // Someone edits the approved text in the database: the assistant stops using it.
    await t.database.db
      .updateTable('assistant_articles')
      .set({
        content: JSON.stringify({
          ...article,
          owner: undefined,
          reviewOn: undefined,
          en: { ...article.en, body: 'Bring cash.' },
        }),
      })
      .where('id', '=', id)
      .execute();
    const { forgetIndexes } = await import('./knowledge/service.ts');
    forgetIndexes(t.demoForceId);
    const after = await c.say('Where can I get my bike marked?');
    expect(after.citations.map((x) => x.article)).not.toContain('test-bike-marking');
    expect(after.text).not.toContain('Bring cash');
  });

  it('destroys transcripts past their retention date, keeping the ledger', async () => {
    const c = await caller();
    await c.say('agent');
    const n = await purgeExpired(
      t.database.db,
      t.config.dataEncryptionKey,
      new Date(Date.now() + 31 * 86_400_000),
    );
    expect(n).toBeGreaterThan(0);
    expect((await c.view()).lines).toEqual([]);
  });
});
