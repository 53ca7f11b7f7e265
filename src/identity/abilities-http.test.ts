import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SYSTEMS } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { ROLES, type Role } from './roles.ts';

/**
 * The departure and reinvestment rules as people meet them: the page offers the form to exactly
 * those the service lets act (expected outcomes written by hand from the rules).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const events = Array.from({ length: 60 }, (_, i) => ({
  time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
  x: 424_000 + (i % 10) * 150,
  y: 564_000 + (i % 6) * 150,
  category: 'Burglary',
}));
const input = { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00' };

describe('departures: officers and staff only, from released outputs', () => {
  let runId: string;
  beforeAll(async () => {
    const system = await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5 },
    });
    const run = await t.run('analyst', system.id, { input, purpose: 'Weekly patrol plan' });
    runId = run.id;
  });

  it('offers no departure form before release, even to an officer', async () => {
    const page = await t.call('officer', 'GET', `/runs/${runId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="departure"');
  });

  it.each(ROLES.map((r) => [r]))('shows the departure form to %s only if an officer', async (role) => {
    const review = await t.call('officer', 'GET', `/api/runs/${runId}`);
    if (review.json().status !== 'released') {
      const res = await t.call('officer', 'POST', `/api/runs/${runId}/review`, {
        decision: 'accepted',
        reasons: 'Matches the recent pattern.',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const page = await t.call(role, 'GET', `/runs/${runId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body.includes('id="departure"')).toBe(role === 'officer');
  });

  it('refuses a departure from everyone but the officer', async () => {
    const reasons = { reasons: 'A football match moved demand to the stadium this week.' };
    for (const role of ROLES.filter((r) => r !== 'officer')) {
      const res = await t.call(role, 'POST', `/api/runs/${runId}/departure`, reasons);
      expect(res.statusCode, role).toBe(403);
    }
    const officer = await t.call('officer', 'POST', `/api/runs/${runId}/departure`, reasons);
    expect(officer.statusCode, officer.body).toBe(204);
  });
});

describe("reinvestment: the system's named product manager; any product manager while none is named", () => {
  const entry = {
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    hours: 1,
    category: 'frontline',
    notes: 'Extra foot patrol in the town centre',
  };
  const hasForm = (body: string) => body.includes('Record where time was reinvested');

  it('lets only the product manager record for a system with none named', async () => {
    const system = await demoSystem(t.database.db, t.demoForceId, { index: 0, productManager: false });
    for (const role of ROLES) {
      const page = await t.call(role, 'GET', `/systems/${system.id}/impact`);
      expect(page.statusCode).toBe(200);
      expect(hasForm(page.body), role).toBe(role === 'product-manager');
    }
    for (const role of ROLES.filter((r) => r !== 'product-manager')) {
      const res = await t.call(role, 'POST', `/api/systems/${system.id}/reinvestment`, entry);
      expect(res.statusCode, role).toBe(403);
    }
    const pm = await t.call('product-manager', 'POST', `/api/systems/${system.id}/reinvestment`, entry);
    expect(pm.statusCode, pm.body).toBe(201);
  });

  it('lets no other product manager record for a system with one named', async () => {
    const added = await t.call('admin', 'POST', '/api/users', {
      email: 'second-pm@demo.police.example',
      name: 'Second Product Manager',
      password: 'a-long-password-2',
      roles: ['product-manager'],
    });
    expect(added.statusCode, added.body).toBe(201);
    const system = await demoSystem(t.database.db, t.demoForceId, {
      index: 0,
      record: { productManagerId: added.json().id },
    });
    const page = await t.call('product-manager', 'GET', `/systems/${system.id}/impact`);
    expect(hasForm(page.body)).toBe(false);
    const res = await t.call('product-manager', 'POST', `/api/systems/${system.id}/reinvestment`, entry);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain('product manager named for this system');
  });
});

describe('people named on a system record hold the role the record names them in', () => {
  const id = async (role: Role) => (await t.call(role, 'GET', '/api/me')).json().id as string;
  const create = async (people: {
    projectLeadId: string;
    productManagerId: string;
    overseerIds: string[];
  }) => {
    const { stage: _s, moduleSettings: _m, ...record } = DEMO_SYSTEMS[1]!;
    return t.call('ai-lead', 'POST', '/api/systems', { ...record, ...people });
  };

  it('accepts officers and analysts as human overseers, and no one else', async () => {
    const people = {
      projectLeadId: await id('project-lead'),
      productManagerId: await id('product-manager'),
    };
    const ok = await create({ ...people, overseerIds: [await id('officer'), await id('analyst')] });
    expect(ok.statusCode, ok.body).toBe(201);
    for (const role of ['hr', 'chief-constable', 'project-lead'] as const) {
      const res = await create({ ...people, overseerIds: [await id('officer'), await id(role)] });
      expect(res.statusCode, role).toBe(400);
      expect(res.json().detail).toContain('overseerIds.1: must be someone holding officer or analyst');
    }
  });

  it('accepts only a project lead and a product manager in those places', async () => {
    const overseerIds = [await id('officer')];
    const wrongLead = await create({
      projectLeadId: await id('ai-lead'),
      productManagerId: await id('product-manager'),
      overseerIds,
    });
    expect(wrongLead.statusCode).toBe(400);
    expect(wrongLead.json().detail).toContain('projectLeadId: must be someone holding project-lead');
    const wrongManager = await create({
      projectLeadId: await id('project-lead'),
      productManagerId: await id('analyst'),
      overseerIds,
    });
    expect(wrongManager.statusCode).toBe(400);
    expect(wrongManager.json().detail).toContain('productManagerId: must be someone holding product-manager');
  });
});
