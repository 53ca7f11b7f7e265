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

  it('locks an account after ten failures, even with the right password', async () => {
    const email = demoEmail('hr');
    for (let i = 0; i < 10; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: `wrong-${i}` },
      });
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('too-many-attempts');
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
