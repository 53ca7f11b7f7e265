import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { ONCE_FIELD, withOnceTokens } from './once.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t?.close());

const FORM = 'application/x-www-form-urlencoded';

/** The one-time token of the form posting to `action` on a page. */
function onceToken(html: string, action: string): string {
  const escaped = action.replace(/[/]/g, '\\/');
  const match = new RegExp(
    `<form[^>]*action="${escaped}"[^>]*><input type="hidden" name="${ONCE_FIELD}" value="([^"]+)">`,
  ).exec(html);
  if (!match) throw new Error(`no one-time token on the form to ${action}`);
  return match[1]!;
}

/** A signed-in page and a function posting its form (to `action`) as the browser would. */
async function signedInForm(role: Role, page: string, action: string) {
  const { cookie, csrfToken } = await t.login(role);
  const res = await t.app.inject({ method: 'GET', url: page, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  const token = onceToken(res.body, action);
  return {
    token,
    post: (fields: Record<string, string>, once = token) =>
      t.app.inject({
        method: 'POST',
        url: action,
        headers: { cookie, 'content-type': FORM },
        payload: new URLSearchParams({ _csrf: csrfToken, [ONCE_FIELD]: once, ...fields }).toString(),
      }),
  };
}

const count = async (table: 'challenges' | 'incidents' | 'horizon_items', column: string, value: string) => {
  const rows = await t.database.db
    .selectFrom(table)
    .select('id')
    .where(column as never, '=', value as never)
    .execute();
  return rows.length;
};

describe('one-time tokens on pages', () => {
  it('go into every post form but file uploads and forms that opt out, one token each', () => {
    const html = withOnceTokens(
      '<form method="post" action="/a"></form><form method="get" action="/b"></form>' +
        '<form method="post" action="/c" enctype="multipart/form-data"></form>' +
        '<form method="post" action="/d" data-once="off"></form><FORM METHOD="POST" action="/e"></FORM>',
    );
    const tokens = [...html.matchAll(/name="_once" value="([^"]+)"/g)].map((m) => m[1]);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(html).toMatch(/action="\/a"><input type="hidden" name="_once"/);
    expect(html).toMatch(/action="\/e"><input type="hidden" name="_once"/);
  });
});

describe('the public challenge form posted twice', () => {
  it('records one challenge and sends the second post to the same confirmation', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/challenge' });
    const cookie = form.cookies.find((c) => c.name === 'bluelamp_form')!;
    const formToken = /name="_form" value="([^"]+)"/.exec(form.body)![1]!;
    const once = onceToken(form.body, '/challenge');
    const post = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/challenge',
        headers: { cookie: `bluelamp_form=${cookie.value}`, 'content-type': FORM },
        payload: new URLSearchParams({ _form: formToken, [ONCE_FIELD]: once, ...fields }).toString(),
      });

    // A post with problems gives the token back: the corrected form can use it.
    const short = await post({ force: 'demo', description: 'Too short' });
    expect(short.statusCode).toBe(400);
    const description = 'Sent twice by pressing Back and Send again: the stop near the station.';
    const first = await post({ force: 'demo', description, contact: '01632 960000' });
    expect(first.statusCode).toBe(303);
    expect(String(first.headers.location)).toMatch(/^\/challenge\/received\/C-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const second = await post({ force: 'demo', description, contact: '01632 960000' });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    const rows = await t.database.db.selectFrom('challenges').select('reference').execute();
    expect(rows).toHaveLength(1);
    expect(first.headers.location).toBe(`/challenge/received/${rows[0]!.reference}`);
    const confirmation = await t.app.inject({ method: 'GET', url: String(first.headers.location) });
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.headers['cache-control']).toBe('no-store');
    expect(confirmation.body).toContain(rows[0]!.reference);
    expect(confirmation.body).toContain('Answer expected by');
    expect(confirmation.body).toContain('href="https://ico.org.uk/make-a-complaint/"');
    // The page opens again (a resubmission lands on it), so it must not say it is shown only once.
    expect(confirmation.body).not.toContain('show it again');
    expect(confirmation.body).toContain('we cannot look it up from your name or contact details');

    // A fresh form (a new token) is a new challenge.
    const again = await t.app.inject({
      method: 'GET',
      url: '/challenge',
      headers: { cookie: `bluelamp_form=${cookie.value}` },
    });
    const third = await t.app.inject({
      method: 'POST',
      url: '/challenge',
      headers: { cookie: `bluelamp_form=${cookie.value}`, 'content-type': FORM },
      payload: new URLSearchParams({
        _form: formToken,
        [ONCE_FIELD]: onceToken(again.body, '/challenge'),
        force: 'demo',
        description,
      }).toString(),
    });
    expect(third.statusCode).toBe(303);
    expect(third.headers.location).not.toBe(first.headers.location);
  });
});

describe('signed-in create forms posted twice', () => {
  it('report one incident', async () => {
    const form = await signedInForm('officer', '/incidents/new', '/incidents/new');
    const fields = {
      systemId: '',
      title: 'Forecast map showed last month',
      description: 'The map on the briefing screen showed the previous month.',
      severity: 'minor',
    };
    const first = await form.post(fields);
    expect(first.statusCode, first.body).toBe(303);
    const second = await form.post(fields);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count('incidents', 'title', fields.title)).toBe(1);
  });

  it('record one horizon-scanning candidate', async () => {
    const form = await signedInForm('ai-lead', '/horizon', '/horizon');
    const fields = {
      title: 'Speech to text for statements',
      description: 'Drafts witness statements.',
      source: 'A supplier',
    };
    expect((await form.post(fields)).statusCode).toBe(303);
    expect((await form.post(fields)).statusCode).toBe(303);
    expect(await count('horizon_items', 'title', fields.title)).toBe(1);
  });

  it('lets many posts of one token race and keeps one', async () => {
    const form = await signedInForm('analyst', '/incidents/new', '/incidents/new');
    const fields = {
      systemId: '',
      title: 'Double click on Report',
      description: 'Pressed the button several times while the page was slow.',
      severity: 'minor',
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => form.post(fields)));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303, 303, 303]);
    expect(new Set(answers.map((a) => a.headers.location)).size).toBe(1);
    expect(await count('incidents', 'title', fields.title)).toBe(1);
  });

  it('leaves JSON API posts and forms without a token alone', async () => {
    const form = await signedInForm('officer', '/incidents/new', '/incidents/new');
    const fields = {
      systemId: '',
      title: 'No token form',
      description: 'Posted by a script.',
      severity: 'minor',
    };
    const { cookie, csrfToken } = await t.login('officer');
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/incidents/new',
        headers: { cookie, 'content-type': FORM },
        payload: new URLSearchParams({ _csrf: csrfToken, ...fields }).toString(),
      });
      expect(res.statusCode).toBe(303);
    }
    expect(await count('incidents', 'title', fields.title)).toBe(2);
    expect(form.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
