import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../test/app.ts';
import { demoEmail } from './demo.ts';
import { ROLES } from './roles.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sign-in and sessions', () => {
  it('signs in every demo role and reports the roles held in the demo force', async () => {
    for (const role of ROLES) {
      const { cookie } = await t.login(role);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: demoEmail(role), roles: [role], force: { slug: 'demo' } });
    }
  });

  it('sets an httpOnly, SameSite=Strict session cookie and ends the session on sign-out', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: demoEmail('analyst'), password: DEMO_PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'bluelamp_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const headers = { cookie: `bluelamp_session=${cookie.value}`, 'content-type': 'application/json' };
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers, payload: '{}' });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    for (const email of [demoEmail('officer'), 'nobody@demo.police.example']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'wrong-password' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('The email address or password is not right.');
    }
  });

  it('signs out with the session cookie alone (no body), or with the x-csrf-token header', async () => {
    for (const extra of [{}, { 'x-csrf-token': 'with-token' }]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: demoEmail('analyst'), password: DEMO_PASSWORD },
      });
      const cookie = `bluelamp_session=${res.cookies.find((c) => c.name === 'bluelamp_session')!.value}`;
      const headers = 'x-csrf-token' in extra ? { cookie, 'x-csrf-token': res.json().csrfToken } : { cookie };
      const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
      expect(out.statusCode).toBe(204);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.statusCode).toBe(401);
    }
  });

  it('refuses a sign-in form posted from another site (login CSRF), and takes one from its own page', async () => {
    const form = {
      method: 'POST' as const,
      url: '/sign-in',
      payload: `email=${encodeURIComponent(demoEmail('officer'))}&password=${DEMO_PASSWORD}`,
    };
    const type = { 'content-type': 'application/x-www-form-urlencoded', host: 'bluelamp.example' };
    for (const headers of [
      { ...type, origin: 'https://attacker.example' },
      { ...type, origin: 'null' },
      { ...type, origin: 'https://bluelamp.example', 'sec-fetch-site': 'cross-site' },
      { ...type, 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await t.app.inject({ ...form, headers });
      expect(res.statusCode).toBe(403);
      expect(res.cookies.find((c) => c.name === 'bluelamp_session')).toBeUndefined();
      expect(res.body).toContain('This sign-in was sent from another website');
    }
    for (const headers of [
      { ...type, origin: 'https://bluelamp.example', 'sec-fetch-site': 'same-origin' },
      { ...type, origin: 'http://bluelamp.example' },
      type,
    ]) {
      const res = await t.app.inject({ ...form, headers });
      expect(res.statusCode).toBe(303);
      expect(res.cookies.find((c) => c.name === 'bluelamp_session')).toBeDefined();
    }
  });

  it('rejects a tampered session cookie', async () => {
    const { cookie } = await t.login('legal');
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `${cookie}x` } });
    expect(res.statusCode).toBe(401);
  });
});

describe('people policy', () => {
  it.each(ROLES.map((role) => [role]))('applies the people policy to %s', async (role) => {
    const { cookie } = await t.login(role);
    const allowedList = role === 'admin';
    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(list.statusCode).toBe(allowedList ? 200 : 403);
    const allowedCreate = role === 'admin';
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        email: `new-${role}@demo.police.example`,
        name: 'New Person',
        password: 'a-long-password-1',
        roles: ['officer'],
      },
    });
    expect(create.statusCode).toBe(allowedCreate ? 201 : 403);
    if (!allowedCreate) expect(create.json().detail).toContain('Only admin');
  });

  it('records a new person in the ledger without personal data', async () => {
    const { cookie } = await t.login('admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        email: 'pc.new@demo.police.example',
        name: 'PC New',
        password: 'a-long-password-2',
        roles: ['officer', 'analyst'],
      },
    });
    expect(res.statusCode).toBe(201);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('subject_id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(entry.action).toBe('person.created');
    expect(JSON.stringify(entry.payload)).not.toContain('pc.new');
    expect(JSON.stringify(entry.payload)).not.toContain('PC New');
  });

  it('names every bad field when adding a person', async () => {
    const { cookie } = await t.login('admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: { email: 'not-an-email', name: '', password: 'short', roles: ['wizard'] },
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .issues.map((i: { path: string }) => i.path)
      .join(' ');
    for (const field of ['email', 'name', 'password', 'roles']) expect(paths).toContain(field);
  });
});
