import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { findForceBySlug } from './repository.ts';
import { createPerson } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

/** Signs in with an email and password; the session's cookie and token, or the failed answer. */
async function signIn(email: string, password: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const cookie = res.cookies.find((c) => c.name === 'bluelamp_session');
  return {
    status: res.statusCode,
    headers: (cookie
      ? { cookie: `bluelamp_session=${cookie.value}`, 'x-csrf-token': String(res.json().csrfToken) }
      : {}) as Record<string, string>,
  };
}

async function as(
  headers: Record<string, string>,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
) {
  return t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

async function entries(personId: string) {
  return t.database.db
    .selectFrom('ledger_entries')
    .select(['action', 'payload', 'force_id'])
    .where('subject_type', '=', 'person')
    .where('subject_id', '=', personId)
    .orderBy('seq')
    .execute();
}

let n = 0;
async function invite(roles: string[] = ['analyst']) {
  n += 1;
  const email = `person${n}@demo.police.example`;
  const res = await call('admin', 'POST', '/api/users/invitations', { email, name: `Person ${n}`, roles });
  expect(res.statusCode, res.body).toBe(201);
  return { email, ...(res.json() as { id: string; initialPassword: string }) };
}

describe('user management', () => {
  it('invites someone with roles; the initial password is shown once and signs them in', async () => {
    const { id, email, initialPassword } = await invite(['analyst', 'officer']);
    expect(initialPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const session = await signIn(email, initialPassword);
    expect(session.status).toBe(200);
    const me = (await as(session.headers, 'GET', '/api/me')).json();
    expect(me.roles).toEqual(['analyst', 'officer']);
    const ledger = await entries(id);
    expect(ledger.map((e) => e.action)).toEqual(['person.created']);
    expect(ledger[0]!.payload).toEqual({ roles: ['analyst', 'officer'] });
    expect(ledger[0]!.force_id).toBe(t.demoForceId);
    // The password is not kept anywhere it could be shown again.
    const stored = JSON.stringify(
      await t.database.db.selectFrom('people').selectAll().where('id', '=', id).execute(),
    );
    expect(stored).not.toContain(initialPassword);
  });

  it('changes roles, deactivates (ending sessions), reactivates and resets passwords, each in the ledger', async () => {
    const { id, email, initialPassword } = await invite(['analyst']);
    const session = await signIn(email, initialPassword);

    const roles = await call('admin', 'PUT', `/api/users/${id}/roles`, { roles: ['officer', 'analyst'] });
    expect(roles.json()).toEqual({ added: ['officer'], removed: [] });
    expect((await as(session.headers, 'GET', '/api/me')).json().roles).toEqual(['analyst', 'officer']);
    const fewer = await call('admin', 'PUT', `/api/users/${id}/roles`, { roles: ['officer'] });
    expect(fewer.json()).toEqual({ added: [], removed: ['analyst'] });

    expect((await call('admin', 'POST', `/api/users/${id}/deactivate`)).statusCode).toBe(204);
    expect((await as(session.headers, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await signIn(email, initialPassword)).status).toBe(401);
    expect((await call('admin', 'GET', `/api/users/${id}`)).json()).toMatchObject({
      active: false,
      roles: ['officer'],
    });

    expect((await call('admin', 'POST', `/api/users/${id}/reactivate`)).statusCode).toBe(204);
    const back = await signIn(email, initialPassword);
    expect(back.status).toBe(200);

    const reset = await call('admin', 'POST', `/api/users/${id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    const { password } = reset.json();
    expect(password).not.toBe(initialPassword);
    expect((await as(back.headers, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await signIn(email, initialPassword)).status).toBe(401);
    expect((await signIn(email, password)).status).toBe(200);

    const ledger = await entries(id);
    expect(ledger.map((e) => e.action)).toEqual([
      'person.created',
      'person.roles-changed',
      'person.roles-changed',
      'person.deactivated',
      'person.reactivated',
      'person.password-reset',
    ]);
    expect(ledger[1]!.payload).toEqual({ added: ['officer'], removed: [], roles: ['officer', 'analyst'] });
    expect(JSON.stringify(ledger)).not.toContain(password);
    expect(JSON.stringify(ledger)).not.toContain(email);
  });

  it('is for administrators of the force only: an officer gets 403, another force’s administrator 404', async () => {
    const { id } = await invite(['analyst']);
    for (const [method, url, body] of [
      ['POST', '/api/users/invitations', { email: 'x@demo.police.example', name: 'X', roles: ['officer'] }],
      ['PUT', `/api/users/${id}/roles`, { roles: ['officer'] }],
      ['POST', `/api/users/${id}/deactivate`, undefined],
      ['POST', `/api/users/${id}/password-reset`, undefined],
    ] as const) {
      const res = await call('officer', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await call('officer', 'GET', '/users')).statusCode).toBe(403);

    const kent = (await findForceBySlug(t.database.db, 'kent'))!;
    await createPerson(
      t.database.db,
      { email: 'admin@kent.example', name: 'Kent Admin', password: 'kent-password-123', roles: ['admin'] },
      kent.id,
      null,
    );
    const kentAdmin = (await signIn('admin@kent.example', 'kent-password-123')).headers;
    for (const [method, url, body] of [
      ['GET', `/api/users/${id}`, undefined],
      ['PUT', `/api/users/${id}/roles`, { roles: ['officer'] }],
      ['POST', `/api/users/${id}/deactivate`, undefined],
      ['POST', `/api/users/${id}/password-reset`, undefined],
    ] as const) {
      const res = await as(kentAdmin, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await as(kentAdmin, 'GET', `/users/${id}`)).statusCode).toBe(404);
    // Nothing changed, and no ledger entry beyond the invitation.
    expect((await entries(id)).map((e) => e.action)).toEqual(['person.created']);
  });

  it('invites through the page, showing the password once, with errors in field order', async () => {
    const { cookie, csrfToken } = await t.login('admin');
    const post = (values: Record<string, string | string[]>) => {
      const body = new URLSearchParams({ _csrf: csrfToken });
      for (const [k, v] of Object.entries(values)) for (const x of [v].flat()) body.append(k, x);
      return t.app.inject({
        method: 'POST',
        url: '/users',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: body.toString(),
      });
    };
    const bad = await post({ email: 'not an email', name: '' });
    expect(bad.statusCode).toBe(400);
    const summary = bad.body.slice(
      bad.body.indexOf('govuk-error-summary'),
      bad.body.indexOf('</ul>', bad.body.indexOf('govuk-error-summary')),
    );
    expect([...summary.matchAll(/href="#f-(\w+)"/g)].map((m) => m[1])).toEqual(['email', 'name', 'roles']);

    const ok = await post({ email: 'page.invite@demo.police.example', name: 'Page Invite', roles: ['hr'] });
    expect(ok.statusCode).toBe(200);
    const shown = /id="one-time-password">([A-Za-z0-9_-]{20})</.exec(ok.body)?.[1];
    expect(shown).toBeTruthy();
    expect((await signIn('page.invite@demo.police.example', shown!)).status).toBe(200);
    const list = await t.app.inject({ method: 'GET', url: '/users', headers: { cookie } });
    expect(list.body).toContain('Page Invite');
    expect(list.body).not.toContain(shown!);
  });
  it('never deactivates yourself or removes the last administrator, even when two try at once', async () => {
    const me = (await call('admin', 'GET', '/api/me')).json();
    const self = await call('admin', 'POST', `/api/users/${me.id}/deactivate`);
    expect(self.statusCode).toBe(409);
    expect(self.json().detail).toBe('You cannot deactivate yourself: ask another administrator.');
    const demote = await call('admin', 'PUT', `/api/users/${me.id}/roles`, { roles: ['officer'] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last-administrator');

    // A second administrator; each deactivates the other at the same moment: one must fail.
    const other = await invite(['admin']);
    const second = (await signIn(other.email, other.initialPassword)).headers;
    const [a, b] = await Promise.all([
      call('admin', 'POST', `/api/users/${other.id}/deactivate`),
      as(second, 'POST', `/api/users/${me.id}/deactivate`),
    ]);
    // Exactly one succeeds. The other is refused as the last administrator (409) or, when the
    // first deactivation committed before the second request was authenticated, its author is
    // no longer signed in (401).
    expect([a.statusCode, b.statusCode].filter((s) => s === 204)).toHaveLength(1);
    const loser = a.statusCode === 204 ? b : a;
    if (loser.statusCode === 409) expect(loser.json().code).toBe('last-administrator');
    else expect(loser.statusCode).toBe(401);
    const active = await t.database.db
      .selectFrom('role_assignments as r')
      .innerJoin('people', 'people.id', 'r.person_id')
      .select('people.id')
      .where('r.force_id', '=', t.demoForceId)
      .where('r.role', '=', 'admin')
      .where('r.revoked_at', 'is', null)
      .where('people.disabled_at', 'is', null)
      .execute();
    expect(active).toHaveLength(1);
  });
});
