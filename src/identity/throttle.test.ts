import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openServer } from '../db/database.ts';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../test/app.ts';
import { demoEmail } from './demo.ts';
import { SignInThrottle, signInThrottle } from './throttle.ts';

let t: TestApp;
let clock = 1_000_000_000_000;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  clock += 60 * 60_000; // every test starts after the throttle has forgotten the last
});

describe('the sign-in throttle (NCSC: throttle, do not lock out)', () => {
  it('lets a few failures through, then doubles the wait per failure up to the cap', async () => {
    let now = 0;
    const th = new SignInThrottle(
      t.database.db,
      randomBytes(32),
      { free: 3, baseMs: 1000, maxMs: 8000 },
      { free: 1000, baseMs: 1000, maxMs: 1000 },
      () => now,
    );
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      waits.push(await th.waitSeconds('a@x', '10.0.0.1'));
      now += (await th.waitSeconds('a@x', '10.0.0.1')) * 1000;
      await th.failed('A@X ', '10.0.0.1');
    }
    expect(waits).toEqual([0, 0, 0, 1, 2, 4, 8, 8]);
    expect(await th.waitSeconds('a@x', '10.0.0.2')).toBe(8);
    now += 8000;
    expect(await th.waitSeconds('a@x', '10.0.0.2')).toBe(0);
    await th.succeeded('a@x');
    await th.failed('a@x', '10.0.0.2');
    expect(await th.waitSeconds('a@x', '10.0.0.2')).toBe(0);
  });

  it('forgets failures after a quiet quarter of an hour', async () => {
    let now = 0;
    const th = new SignInThrottle(
      t.database.db,
      randomBytes(32),
      { free: 1, baseMs: 1000, maxMs: 60_000 },
      { free: 1, baseMs: 1000, maxMs: 60_000 },
      () => now,
    );
    for (let i = 0; i < 5; i++) await th.failed('a@x', 'ip');
    expect(await th.waitSeconds('a@x', 'ip')).toBe(16);
    now += 15 * 60_000 + 1;
    expect(await th.waitSeconds('a@x', 'ip')).toBe(0);
    // the next failure starts the count again: one failure, the free one used, a 1 s wait (not 32)
    await th.failed('a@x', 'ip');
    expect(await th.waitSeconds('a@x', 'ip')).toBe(1);
  });

  it('keeps no e-mail or IP address: buckets are keyed by a keyed hash', async () => {
    const rows = await t.database.db.selectFrom('sign_in_throttle').select('key').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) expect(key).toMatch(/^[ai]:[0-9a-f]{64}$/);
  });
});

async function login(app: TestApp['app'], email: string, password: string, ip = '127.0.0.1') {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  } as InjectOptions);
}

/** Fails `count` times, waiting out every delay (on the test clock) as a patient attacker would. */
async function failPatiently(app: TestApp['app'], email: string, count: number, ip: string) {
  for (let failed = 0; failed < count; ) {
    const res = await login(app, email, 'wrong-password', ip);
    if (res.statusCode === 429) clock += Number(res.headers['retry-after']) * 1000;
    else {
      expect(res.statusCode).toBe(401);
      failed++;
    }
  }
}

describe('signing in under throttling', () => {
  it('always lets the right password in once the wait has passed, and says how long to wait', async () => {
    signInThrottle(t.services).now = () => clock;
    const email = demoEmail('hr');
    await failPatiently(t.app, email, 10, '127.0.0.1');
    const early = await login(t.app, email, DEMO_PASSWORD);
    expect(early.statusCode).toBe(429);
    expect(early.json()).toMatchObject({ code: 'too-many-attempts' });
    const wait = Number(early.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(early.json().detail).toBe(`Too many attempts: try again in ${wait} seconds.`);
    clock += wait * 1000;
    const ok = await login(t.app, email, DEMO_PASSWORD);
    expect(ok.statusCode).toBe(200);
    // and the account's failures are forgotten
    expect((await login(t.app, email, 'wrong-password')).statusCode).toBe(401);
  });

  it("keeps one address's failures from holding back another person for longer than the account wait", async () => {
    const services = { ...t.services, config: { ...t.config, signInRateLimit: 3 } };
    const app = await buildApp(services);
    signInThrottle(services).now = () => clock;
    const victim = demoEmail('officer');
    await failPatiently(app, victim, 12, '10.0.0.66');
    const attacker = await login(app, demoEmail('analyst'), DEMO_PASSWORD, '10.0.0.66');
    expect(attacker.statusCode).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(60);

    const first = await login(app, victim, DEMO_PASSWORD, '10.0.0.7');
    const wait = first.statusCode === 429 ? Number(first.headers['retry-after']) : 0;
    expect(wait).toBeLessThanOrEqual(60);
    clock += wait * 1000;
    const victimIn = first.statusCode === 200 ? first : await login(app, victim, DEMO_PASSWORD, '10.0.0.7');
    expect(victimIn.statusCode).toBe(200);
    const neighbour = await login(app, demoEmail('analyst'), DEMO_PASSWORD, '10.0.0.8');
    expect(neighbour.statusCode).toBe(200);
    await app.close();
  });

  it('shares one bucket between the sign-in page and the API, and shows the wait on the page', async () => {
    signInThrottle(t.services).now = () => clock;
    const email = demoEmail('legal');
    await failPatiently(t.app, email, 5, '127.0.0.1');
    const page = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(email)}&password=${DEMO_PASSWORD}`,
    });
    expect(page.statusCode).toBe(429);
    expect(page.headers['retry-after']).toBe('1');
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('Too many attempts: try again in 1 second.');
    clock += 1000;
    const again = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(email)}&password=${DEMO_PASSWORD}`,
    });
    expect(again.statusCode).toBe(303);
  });

  it('shares the buckets between two instances of the service on one database', async () => {
    // A second process: its own connections (on PostgreSQL) and its own throttle object.
    const second = t.database.url ? await openServer(t.database.url, 2) : undefined;
    const services = { ...t.services, db: second?.db ?? t.database.db };
    const app = await buildApp(services);
    signInThrottle(t.services).now = () => clock;
    signInThrottle(services).now = () => clock;
    expect(signInThrottle(services)).not.toBe(signInThrottle(t.services));
    try {
      const email = demoEmail('data-protection-officer');
      // five failures are free on the account (ACCOUNT_RULE), all made on the first instance
      await failPatiently(t.app, email, 5, '127.0.0.1');
      const elsewhere = await login(app, email, DEMO_PASSWORD, '10.0.0.9');
      expect(elsewhere.statusCode).toBe(429);
      expect(elsewhere.headers['retry-after']).toBe('1');
      expect(elsewhere.json().detail).toBe('Too many attempts: try again in 1 second.');
      clock += 1000;
      expect((await login(app, email, DEMO_PASSWORD, '10.0.0.9')).statusCode).toBe(200);
      // the success on the second instance cleared the account's failures for the first one too:
      // two failures in a row are both free there (without the clearing the second would wait)
      expect((await login(t.app, email, 'wrong-password')).statusCode).toBe(401);
      expect((await login(t.app, email, 'wrong-password')).statusCode).toBe(401);
    } finally {
      await app.close();
      await second?.close();
    }
  });
});
