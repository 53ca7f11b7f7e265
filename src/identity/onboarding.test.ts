import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { seedSystem } from '../transparency/testing.ts';
import { createPerson } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedSystem(
    t.database.db,
    { id: t.demoForceId, slug: 'demo', name: 'Demo Constabulary' },
    'Live tool',
    'live',
  );
}, 120_000);
afterAll(() => t?.close());

const get = (url: string, accept = 'text/html') => t.app.inject({ method: 'GET', url, headers: { accept } });

describe('forces that do not use Bluelamp', () => {
  it('are not listed, nor offered on the challenge form', async () => {
    const forces = await get('/forces');
    expect(forces.body).toContain('href="/forces/demo/ai"');
    expect(forces.body).not.toContain('Kent Police');
    const form = await get('/challenge');
    expect(form.body).toContain('<option value="demo"');
    expect(form.body).not.toContain('<option value="kent"');
    expect(form.body).not.toContain('<option value="national"');
  });

  it('answer 404 on every public address, saying why instead of claiming they use no AI', async () => {
    for (const url of ['/forces/kent/ai', '/forces/kent/challenges', '/forces/kent/incidents']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Kent Police does not use Bluelamp');
      expect(res.body).toContain('This does not mean it uses no AI');
      expect(res.body).not.toContain('has no AI tool in trial or live use');
    }
    for (const url of [
      '/api/public/forces/kent/systems',
      '/api/public/forces/kent/challenge-stats',
      '/api/public/forces/kent/incidents',
    ]) {
      const res = await get(url, 'application/json');
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('force-not-onboarded');
    }
    expect((await get('/forces/atlantis/ai')).statusCode).toBe(404);
  });

  it('cannot be challenged by force', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/public/challenges',
      payload: { force: 'kent', description: 'A decision about me that I want looked at again.' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Select the police force');
  });

  it('become public when set up with an administrator, with a ledger entry', async () => {
    const kent = await t.database.db
      .selectFrom('forces')
      .select(['id', 'onboarded_at'])
      .where('slug', '=', 'kent')
      .executeTakeFirstOrThrow();
    expect(kent.onboarded_at).toBeNull();
    await createPerson(
      t.database.db,
      {
        email: 'analyst@kent.police.example',
        name: 'Kent Analyst',
        roles: ['analyst'],
        password: 'a-long-password-1',
      },
      kent.id,
      null,
    );
    expect((await get('/forces/kent/ai')).statusCode).toBe(404);
    await createPerson(
      t.database.db,
      {
        email: 'admin@kent.police.example',
        name: 'Kent Admin',
        roles: ['admin'],
        password: 'a-long-password-2',
      },
      kent.id,
      null,
    );
    const page = await get('/forces/kent/ai');
    expect(page.statusCode).toBe(200);
    expect((await get('/challenge')).body).toContain('<option value="kent"');
    const entries = await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('subject_type', '=', 'force')
      .where('subject_id', '=', String(kent.id))
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['force.onboarded']);
    // A second administrator changes nothing.
    await createPerson(
      t.database.db,
      {
        email: 'admin2@kent.police.example',
        name: 'Kent Admin 2',
        roles: ['admin'],
        password: 'a-long-password-3',
      },
      kent.id,
      null,
    );
    const again = await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('action', '=', 'force.onboarded')
      .where('subject_id', '=', String(kent.id))
      .execute();
    expect(again).toHaveLength(1);
  });
});
