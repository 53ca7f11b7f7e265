import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import { createPerson } from '../identity/service.ts';
import { treeSize } from '../ledger/service.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { DEMO_SYSTEMS } from './demo.ts';
import { FORMS, type FormKind } from './forms.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

async function newSystem(overrides: Record<string, unknown> = {}) {
  const lead = await call('project-lead', 'GET', '/api/me');
  const officer = await call('officer', 'GET', '/api/me');
  const { stage: _s, moduleSettings: _m, ...record } = DEMO_SYSTEMS[1]!;
  const res = await call('ai-lead', 'POST', '/api/systems', {
    ...record,
    projectLeadId: lead.json().id,
    overseerIds: [officer.json().id],
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function submit(role: Role, id: string, kind: FormKind, data: unknown = FORMS[kind].example) {
  const res = await call(role, 'POST', `/api/systems/${id}/evidence/${kind}`, { data });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { version: number; hash: string };
}

async function act(role: Role, id: string, action: string, reasons?: string) {
  return call(role, 'POST', `/api/systems/${id}/actions/${action}`, reasons ? { reasons } : {});
}

describe('the register API', () => {
  it('walks a system with an external supplier from horizon to live as the demo users', async () => {
    const id = await newSystem();
    const stage = async () => (await call('officer', 'GET', `/api/systems/${id}`)).json().stage;
    expect(await stage()).toBe('horizon');

    expect((await act('ai-lead', id, 'start-scoping')).json()).toEqual({ from: 'horizon', to: 'scoping' });

    await submit('project-lead', id, 'scoping');
    await submit('analyst', id, 'test-design');
    await submit('ai-lead', id, 'landscape-review');
    expect((await act('project-lead', id, 'submit-for-assessment')).statusCode).toBe(200);

    const dpia = await submit('project-lead', id, 'dpia');
    for (const [role, kind] of [
      ['information-security-officer', 'security-risk-assessment'],
      ['legal', 'legal-review'],
      ['delivery-team', 'equality-impact-assessment'],
      ['it-team', 'technical-advice'],
      ['procurement', 'procurement-strategy'],
      ['chief-constable', 'procurement-authorisation'],
      ['ethics-committee', 'ethics-advice'],
      ['project-lead', 'ethics-response'],
    ] as const) {
      await submit(role, id, kind);
    }
    const early = await act('project-lead', id, 'begin-validation');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('Data protection impact assessment (awaiting approval)');
    const review = await call('data-protection-officer', 'POST', `/api/systems/${id}/evidence/dpia/review`, {
      ...dpia,
      decision: 'approved',
      reasons: 'Lawful basis and mitigations are sound.',
    });
    expect(review.statusCode, review.body).toBe(204);
    expect((await act('project-lead', id, 'begin-validation')).statusCode).toBe(200);

    await submit('analyst', id, 'validation-report');
    expect((await act('analyst', id, 'submit-for-authorisation')).statusCode).toBe(200);

    for (const [role, kind] of [
      ['head-of-information-security', 'deployment-authorisation'],
      ['chief-constable', 'use-authorisation'],
      ['project-lead', 'operational-guidance'],
      ['project-lead', 'trial-scope'],
      ['ai-lead', 'public-record'],
    ] as const) {
      await submit(role, id, kind);
    }
    expect((await act('project-lead', id, 'start-trial')).statusCode).toBe(200);

    for (const [role, kind] of [
      ['analyst', 'trial-evaluation'],
      ['chief-constable', 'live-decision'],
      ['project-lead', 'handover'],
      ['product-manager', 'monitoring-plan'],
      ['product-manager', 'contingency-plan'],
      ['business-change', 'business-change-plan'],
      ['hr', 'workforce-impact'],
    ] as const) {
      await submit(role, id, kind);
    }
    const live = await act('chief-constable', id, 'go-live');
    expect(live.statusCode, live.body).toBe(200);
    const system = (await call('officer', 'GET', `/api/systems/${id}`)).json();
    expect(system.stage).toBe('live');
    const pm = (await call('product-manager', 'GET', '/api/me')).json();
    expect(system.productManagerId).toBe(pm.id);

    const timeline = (await call('officer', 'GET', `/api/systems/${id}/timeline`)).json();
    expect(timeline.transitions.map((x: { to_stage: string }) => x.to_stage)).toEqual([
      'scoping',
      'assessment',
      'validation',
      'authorisation',
      'trial',
      'live',
    ]);
    const goLive = timeline.ledger.find((e: { action: string }) => e.action === 'system.go-live');
    expect(goLive.payload.evidence.dpia.hash).toBe(dpia.hash);
    expect(goLive.payload.informationAssetOwner.to).toBe(pm.id);
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });

  it('refuses a wrong role with 403 and an out-of-order action with 409, changing nothing', async () => {
    const id = await newSystem();
    const before = await treeSize(t.database.db);
    const wrongRole = await act('officer', id, 'start-scoping');
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.headers['content-type']).toContain('application/problem+json');
    expect(wrongRole.json()).toMatchObject({ code: 'wrong-role' });
    expect(wrongRole.json().detail).toContain('can only be done by ai-lead or project-lead');
    const outOfOrder = await act('chief-constable', id, 'go-live');
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json()).toMatchObject({ code: 'wrong-stage' });
    expect(outOfOrder.json().detail).toContain('this system is at horizon');
    const unknown = await act('chief-constable', id, 'launch');
    expect(unknown.statusCode).toBe(404);
    expect(await treeSize(t.database.db)).toBe(before);
    expect((await call('officer', 'GET', `/api/systems/${id}`)).json().stage).toBe('horizon');
  });

  it('refuses evidence from the wrong role and names each bad field of a form', async () => {
    const id = await newSystem();
    const wrong = await call('officer', 'POST', `/api/systems/${id}/evidence/dpia`, {
      data: FORMS.dpia.example,
    });
    expect(wrong.statusCode).toBe(403);
    const bad = await call('project-lead', 'POST', `/api/systems/${id}/evidence/trial-scope`, {
      data: { teams: [], areas: [], startDate: '2026-13-01', endDate: '2026-01-01', maxRuns: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const detail = bad.json().detail as string;
    for (const field of ['trial-scope.startDate', 'trial-scope.maxRuns']) expect(detail).toContain(field);
  });

  it('stops anyone approving their own submission, and pins approval to the exact version', async () => {
    const id = await newSystem();
    const dpo = (await call('data-protection-officer', 'GET', '/api/me')).json();
    // A person who is both a project lead and the DPO writes a DPIA, then tries to approve it.
    const both = await createPerson(
      t.database.db,
      {
        email: 'both@demo.police.example',
        name: 'Pat Both',
        password: 'a-long-password-9',
        roles: ['project-lead', 'data-protection-officer'],
      },
      t.demoForceId,
      dpo.id,
    );
    expect(both.id).toBeTruthy();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'both@demo.police.example', password: 'a-long-password-9' },
    });
    const cookie = `bluelamp_session=${login.cookies.find((c) => c.name === 'bluelamp_session')!.value}`;
    const v1 = await t.app.inject({
      method: 'POST',
      url: `/api/systems/${id}/evidence/dpia`,
      headers: { cookie },
      payload: { data: FORMS.dpia.example },
    });
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/systems/${id}/evidence/dpia/review`,
      headers: { cookie },
      payload: {
        ...(v1.json() as { version: number; hash: string }),
        decision: 'approved',
        reasons: 'Looks fine to me.',
      },
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('separation-of-duties');

    const v2 = await submit('project-lead', id, 'dpia', {
      ...FORMS.dpia.example,
      retention: 'Kept one year, then deleted.',
    });
    const stale = await call('data-protection-officer', 'POST', `/api/systems/${id}/evidence/dpia/review`, {
      version: v2.version,
      hash: v1.json().hash,
      decision: 'approved',
      reasons: 'Approving what I read.',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('hash-mismatch');
  });

  it('refuses the trial when the same person authorised deployment and use', async () => {
    const id = await newSystem({ supplier: { type: 'in-house', team: 'Analysis' } });
    const { walkTo } = await import('./walk.ts');
    const { demoCast } = await import('./demo.ts');
    await walkTo(t.database.db, id, 'authorisation', demoCast(t.database.db, t.demoForceId));
    const admin = (await call('admin', 'GET', '/api/me')).json();
    await createPerson(
      t.database.db,
      {
        email: 'two-hats@demo.police.example',
        name: 'Two Hats',
        password: 'a-long-password-8',
        roles: ['head-of-information-security', 'chief-constable'],
      },
      t.demoForceId,
      admin.id,
    );
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'two-hats@demo.police.example', password: 'a-long-password-8' },
    });
    const cookie = `bluelamp_session=${login.cookies.find((c) => c.name === 'bluelamp_session')!.value}`;
    for (const kind of ['deployment-authorisation', 'use-authorisation'] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/systems/${id}/evidence/${kind}`,
        headers: { cookie },
        payload: { data: FORMS[kind].example },
      });
      expect(r.statusCode).toBe(201);
    }
    for (const [role, kind] of [
      ['project-lead', 'operational-guidance'],
      ['project-lead', 'trial-scope'],
      ['ai-lead', 'public-record'],
    ] as const) {
      await submit(role, id, kind);
    }
    const res = await act('project-lead', id, 'start-trial');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'separation-of-duties' });
    expect(res.json().detail).toContain('different people');
  });

  it('counts a role only while it is held in that force', async () => {
    const id = await newSystem();
    const lead = (await call('ai-lead', 'GET', '/api/me')).json();
    await t.database.db
      .updateTable('role_assignments')
      .set({ revoked_at: new Date() })
      .where('person_id', '=', lead.id)
      .where('role', '=', 'ai-lead')
      .execute();
    const res = await act('ai-lead', id, 'start-scoping');
    expect(res.statusCode).toBe(403);
    await t.database.db
      .updateTable('role_assignments')
      .set({ revoked_at: null })
      .where('person_id', '=', lead.id)
      .execute();
  });

  it("hides other forces' systems", async () => {
    const id = await newSystem();
    const admin = (await call('admin', 'GET', '/api/me')).json();
    const northumbria = await t.database.db
      .selectFrom('forces')
      .select('id')
      .where('slug', '=', 'northumbria')
      .executeTakeFirstOrThrow();
    await createPerson(
      t.database.db,
      {
        email: 'cc@northumbria.police.example',
        name: 'Other Chief',
        password: 'a-long-password-7',
        roles: ['chief-constable'],
      },
      northumbria.id,
      admin.id,
    );
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'cc@northumbria.police.example', password: 'a-long-password-7' },
    });
    const cookie = `bluelamp_session=${login.cookies.find((c) => c.name === 'bluelamp_session')!.value}`;
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/systems/${id}`, headers: { cookie } })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/systems', headers: { cookie } })).json()).toEqual(
      [],
    );
  });

  it('publishes the lifecycle table', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/lifecycle' });
    expect(res.json().actions.map((a: { id: string }) => a.id)).toContain('go-live');
    expect(res.json().stages).toHaveLength(10);
  });
});

describe('horizon scanning and the national catalogue', () => {
  it('records a candidate, promotes it to a proposal, and refuses a second promotion', async () => {
    const item = await call('ai-lead', 'POST', '/api/horizon', {
      title: 'Automatic redaction of video',
      description: 'Blurs faces and number plates in footage before disclosure.',
      source: 'Supplier demonstration',
    });
    expect(item.statusCode).toBe(201);
    expect(
      (await call('officer', 'POST', '/api/horizon', { title: 'x', description: 'y', source: 'z' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await call('officer', 'POST', '/api/horizon', {
          title: 'Officer idea',
          description: 'Something useful to look at.',
          source: 'Shift',
        })
      ).statusCode,
    ).toBe(403);
    const { stage: _s, moduleSettings: _m, national: _n, ...record } = DEMO_SYSTEMS[3]!;
    const promoted = await call('ai-lead', 'POST', `/api/horizon/${item.json().id}/promote`, record);
    expect(promoted.statusCode, promoted.body).toBe(201);
    const system = (await call('officer', 'GET', `/api/systems/${promoted.json().id}`)).json();
    expect(system.stage).toBe('horizon');
    const again = await call('ai-lead', 'POST', `/api/horizon/${item.json().id}/promote`, record);
    expect(again.statusCode).toBe(409);
  });

  it('lets a force adopt a national catalogue system and lists every force that uses it', async () => {
    const { seedDemoRegister } = await import('./demo.ts');
    await seedDemoRegister(t.database.db, t.demoForceId);
    const catalogue = (await call('ai-lead', 'GET', '/api/catalogue')).json();
    const assistant = catalogue.find((e: { name: string }) => e.name === '101 call assistant');
    expect(assistant.usedBy.map((u: { force: string }) => u.force)).toEqual(['demo']);
    const again = await call('ai-lead', 'POST', `/api/catalogue/${assistant.id}/adopt`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already uses this system');
  });
});

describe('changing a record', () => {
  it('changes only the fields sent', async () => {
    const id = await newSystem();
    const before = (await call('officer', 'GET', `/api/systems/${id}`)).json();
    const res = await call('project-lead', 'PATCH', `/api/systems/${id}`, { name: 'Renamed assistant' });
    expect(res.statusCode).toBe(204);
    const after = (await call('officer', 'GET', `/api/systems/${id}`)).json();
    expect(after.name).toBe('Renamed assistant');
    expect(after.projectLeadId).toBe(before.projectLeadId);
    expect(after.overseerIds).toEqual(before.overseerIds);
  });
});
