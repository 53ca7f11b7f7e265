import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, REDACT } from '../app.ts';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('HTTP', () => {
  it('refuses JSON nested 20,000 deep with 400 at the edge, signed in or not', async () => {
    const deep = `{"input":${'['.repeat(20_000)}${']'.repeat(20_000)},"purpose":"x"}`;
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: deep,
    });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json()).toMatchObject({ code: 'json-too-deep' });
    const signedIn = await t.call(
      'analyst',
      'POST',
      '/api/systems/00000000-0000-4000-8000-000000000000/runs',
      deep,
      'application/json',
    );
    expect(signedIn.statusCode).toBe(400);
    expect(signedIn.json().detail).toBe('The JSON body is nested more than 64 levels deep.');
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"admin":true},"email":"a@b.c","password":"x"}',
    });
    expect(proto.statusCode).toBe(400);
  });

  it('reports health: database reachable, migrations current', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'reachable', migrations: 'current' });
  });

  it('publishes the OpenAPI document with the API routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/login',
      '/api/ledger/tree-head',
      '/api/ledger/proofs/inclusion',
      '/api/users',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it('answers unknown API paths with problem+json and unknown pages with an HTML page', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ status: 404, code: 'not-found' });
    const page = await t.app.inject({ method: 'GET', url: '/nothing-here' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
  });

  it('sends security headers with a fresh CSP nonce used by the page scripts', async () => {
    const a = await t.app.inject({ method: 'GET', url: '/' });
    const b = await t.app.inject({ method: 'GET', url: '/' });
    const csp = String(a.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(a.body).toContain(`nonce="${nonce}"`);
    expect(csp).not.toBe(String(b.headers['content-security-policy']));
    expect(csp).toContain("frame-ancestors 'none'");
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the GOV.UK stylesheet with fonts and images resolving under /assets', async () => {
    const css = await t.app.inject({ method: 'GET', url: '/static/app.css' });
    expect(css.statusCode).toBe(200);
    const font = /url\("?(\/assets\/fonts\/[^")]+\.woff2)/.exec(css.body)?.[1];
    expect(font).toBeTruthy();
    expect((await t.app.inject({ method: 'GET', url: font! })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/assets/images/govuk-crest.svg' })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ method: 'GET', url: '/static/govuk-frontend.min.js' })).statusCode).toBe(
      200,
    );
  });

  it('refuses a form post without the CSRF token and accepts it with the token', async () => {
    const { cookie, csrfToken } = await t.login('officer');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=wrong',
    });
    expect(bad.statusCode).toBe(403);
    const good = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrfToken}`,
    });
    expect(good.statusCode).toBe(303);
  });

  it('signs in through the form and shows an error summary for a bad password', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=officer%40demo.police.example&password=nope',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    const good = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=officer%40demo.police.example&password=${DEMO_PASSWORD}`,
    });
    expect(good.statusCode).toBe(303);
    const cookie = good.cookies.find((c) => c.name === 'bluelamp_session')!;
    const home = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: `bluelamp_session=${cookie.value}` },
    });
    expect(home.body).toContain('Waiting for you');
    expect(home.body).toContain('PC Jamie Lewis');
  });

  it('limits sign-in attempts per address', async () => {
    const app = await buildApp({ ...t.services, config: { ...t.config, signInRateLimit: 3 } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        // An address of its own: failures counted for the test client's address by earlier tests
        // are kept in the database and would slow this one down first.
        remoteAddress: '203.0.113.45',
        payload: { email: `someone-${i}@demo.police.example`, password: 'x' },
      });
      codes.push(res.statusCode);
    }
    await app.close();
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('keeps passwords, cookies and emails out of the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: REDACT, censor: '[redacted]' } }, sink);
    const app = await buildApp(t.services, { logger });
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'analyst@demo.police.example', password: DEMO_PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'bluelamp_session')!.value;
    await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `bluelamp_session=${cookie}` } });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('request completed');
    expect(log).not.toContain(DEMO_PASSWORD);
    expect(log).not.toContain(cookie);
    expect(log).not.toContain('analyst@demo.police.example');
  });

  it('redacts secrets and personal fields wherever a log line carries them', () => {
    const secret = {
      req: { headers: { cookie: 'bluelamp_session=s3cr3t-cookie', authorization: 'Bearer s3cr3t-token' } },
      person: { email: 'jo.bloggs@example.org', name: 'Jo Bloggs', password: 'hunter2-password' },
      challenge: { description: 'My neighbour Ann Smith was stopped', contact: '07700 900123' },
      session: { token: 's3cr3t-session-token', csrfToken: 's3cr3t-csrf' },
    };
    const capture = (options: pino.LoggerOptions) => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      pino(options, sink).error(secret, 'something failed');
      return lines.join('');
    };
    const values = [
      's3cr3t-cookie',
      's3cr3t-token',
      'jo.bloggs@example.org',
      'Jo Bloggs',
      'hunter2-password',
      'Ann Smith',
      '07700 900123',
      's3cr3t-session-token',
      's3cr3t-csrf',
    ];
    // Without redaction every value reaches the log, so this test can fail...
    const open = capture({});
    for (const v of values) expect(open).toContain(v);
    // ...and with the service's redaction none does.
    const redacted = capture({ redact: { paths: REDACT, censor: '[redacted]' } });
    for (const v of values) expect(redacted).not.toContain(v);
    expect(redacted).toContain('[redacted]');
  });
});
