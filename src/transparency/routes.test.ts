import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import type { AtrsRecord } from './atrs.ts';
import { grantDemoRolesIn, seedSystem } from './testing.ts';

let t: TestApp;
let live: { id: string; reference: string };
let trial: { id: string; reference: string };
let early: { id: string; reference: string };
let elsewhere: { id: string; reference: string };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const demo = { id: t.demoForceId, slug: 'demo', name: 'Demo Constabulary' };
  live = await seedSystem(db, demo, 'Live forecast', 'live');
  trial = await seedSystem(db, demo, 'Trial assistant', 'trial');
  early = await seedSystem(db, demo, 'Unreleased summariser', 'authorisation');
  const north = await db
    .selectFrom('forces')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', 'northumbria')
    .executeTakeFirstOrThrow();
  await grantDemoRolesIn(db, north.id);
  elsewhere = await seedSystem(db, north, 'Northern live tool', 'live');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function get(url: string, cookie?: string) {
  return t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
}

describe('GET /api/systems/:id/atrs', () => {
  it('gives the force a complete record for a live system', async () => {
    const { cookie } = await t.login('ai-lead');
    const res = await get(`/api/systems/${live.id}/atrs`, cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ stage: 'live', complete: true, missing: [] });
    expect(body.record.tier1).toMatchObject({
      name: 'Live forecast',
      phase: 'live',
      reference: live.reference,
    });
    expect(body.record.tier2.ownerAndResponsibility.seniorResponsibleOwner.name).toBe('Tom Okafor');
    expect(body.record.tier2.ownerAndResponsibility.informationAssetOwner.name).toBe('Sam Patel');
  });

  it('lists what a system before trial still lacks', async () => {
    const { cookie } = await t.login('project-lead');
    const body = (await get(`/api/systems/${early.id}/atrs`, cookie)).json();
    expect(body.complete).toBe(false);
    expect(body.missing).toEqual(
      expect.arrayContaining([
        'tier1.contactEmail',
        'tier1.website',
        'tier2.decisionMaking.frequencyAndScale',
      ]),
    );
  });

  it('needs sign-in and hides other forces', async () => {
    expect((await get(`/api/systems/${live.id}/atrs`)).statusCode).toBe(401);
    const { cookie } = await t.login('ai-lead');
    const res = await get(`/api/systems/${elsewhere.id}/atrs`, cookie);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Northern live tool');
  });
});

describe('public record, no sign-in', () => {
  it('lists only the force’s systems in trial or live', async () => {
    const res = await get('/api/public/forces/demo/systems');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { force: { slug: string }; records: AtrsRecord[] };
    expect(body.force.slug).toBe('demo');
    expect(body.records.map((r) => r.reference).sort()).toEqual([live.reference, trial.reference].sort());
    expect(res.body).not.toContain('Unreleased summariser');
    expect(res.body).not.toContain('Northern live tool');
    // Overseers are a count, never names or emails.
    expect(res.body).not.toContain('PC Jamie Lewis');
    for (const person of ['officer', 'analyst', 'product-manager', 'project-lead']) {
      expect(res.body).not.toContain(`${person}@demo.police.example`);
    }
    expect(
      body.records.find((r) => r.reference === live.reference)?.tier2.decisionMaking.humanOversight
        .namedOverseers,
    ).toBe(2);
  });

  it('refuses records before trial and unknown forces', async () => {
    expect((await get(`/api/public/forces/demo/systems/${early.reference}`)).statusCode).toBe(404);
    expect((await get(`/api/public/forces/demo/systems/${elsewhere.reference}`)).statusCode).toBe(404);
    expect((await get(`/api/public/forces/demo/systems/${trial.reference}`)).statusCode).toBe(200);
    expect((await get('/api/public/forces/no-such-force/systems')).statusCode).toBe(404);
    expect((await get('/api/public/forces/Bad Slug!/systems')).statusCode).toBe(400);
  });

  it('shows the forces, a force’s list and a full record as pages', async () => {
    const forces = await get('/forces');
    expect(forces.statusCode).toBe(200);
    expect(forces.body).toContain('href="/forces/demo/ai"');
    expect(forces.body).toContain('href="/forces/northumbria/ai"');

    const list = await get('/forces/demo/ai');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Live forecast');
    expect(list.body).toContain('Trial assistant');
    expect(list.body).not.toContain('Unreleased summariser');
    expect(list.body).not.toContain('Northern live tool');
    expect(list.body).toContain('UK only');

    const page = await get(`/forces/demo/ai/${live.reference}`);
    expect(page.statusCode).toBe(200);
    for (const heading of ['Tier 1: overview', '2.1 Owner and responsibility', '2.6 Risks and mitigations']) {
      expect(page.body).toContain(heading);
    }
    expect(page.body).toContain('Example Analytics Ltd');
    expect(page.body).toContain('01234567');
    expect(page.body).not.toContain('Not recorded yet');

    const hidden = await get(`/forces/demo/ai/${early.reference}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toContain('text/html');
  });
});
