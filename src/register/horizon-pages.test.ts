import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { seedDemoRegister } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
});
afterAll(() => t.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('horizon scanning and catalogue pages', () => {
  it('lets the AI lead record a candidate and promote it through the system form', async () => {
    const { cookie, csrfToken } = await t.login('ai-lead');
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const bad = await t.app.inject({
      method: 'POST',
      url: '/horizon',
      headers,
      payload: form({ _csrf: csrfToken, title: 'x' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/horizon',
      headers,
      payload: form({
        _csrf: csrfToken,
        title: 'Speech to text for interviews',
        description: 'Transcribes recorded interviews for review.',
        source: 'Regional network',
      }),
    });
    expect(ok.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: '/horizon', headers: { cookie } });
    expect(page.body).toContain('Speech to text for interviews');
    const item = await t.database.db
      .selectFrom('horizon_items')
      .selectAll()
      .where('title', '=', 'Speech to text for interviews')
      .executeTakeFirstOrThrow();
    const newForm = await t.app.inject({
      method: 'GET',
      url: `/systems/new?horizon=${item.id}`,
      headers: { cookie },
    });
    expect(newForm.body).toContain('Promote a candidate to a proposal');
    expect(newForm.body).toContain(`name="horizon" value="${item.id}"`);
    expect(newForm.body).toContain('Transcribes recorded interviews');
  });

  it('shows the officer the log without editing controls', async () => {
    const { cookie } = await t.login('officer');
    const page = await t.app.inject({ method: 'GET', url: '/horizon', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Drone-based search for missing people');
    expect(page.body).not.toContain('Record a candidate');
  });

  it('lists the national catalogue with the forces using each entry', async () => {
    const { cookie } = await t.login('ai-lead');
    const page = await t.app.inject({ method: 'GET', url: '/catalogue', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('101 call assistant');
    expect(page.body).toContain('Demo Constabulary: trial');
  });
});
