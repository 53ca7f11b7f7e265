import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger/verify.ts';
import { DEMO_SYSTEMS, demoCast } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { challengeStats, handlerRefusal, normaliseReference } from './model.ts';
import { challengeWork } from './work.ts';

let t: TestApp;
let cast: ReturnType<typeof demoCast>;
let systemId: string;
let runReference: string;
beforeAll(async () => {
  t = await createTestApp();
  cast = demoCast(t.database.db, t.demoForceId);
  ({ id: systemId } = await demoSystem(t.database.db, t.demoForceId, {
    stage: 'live',
    moduleSettings: { method: 'naive', top: 5 },
  }));
  const events = Array.from({ length: 40 }, (_, i) => ({
    time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
    x: 424_000 + (i % 5) * 150,
    y: 564_000 + (i % 3) * 150,
    category: 'Burglary',
  }));
  const run = await t.run('analyst', systemId, {
    input: { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00' },
    purpose: 'Weekly patrol plan',
  });
  runReference = run.reference;
  await call('officer', 'GET', `/api/runs/${run.id}`);
  const review = await call('officer', 'POST', `/api/runs/${run.id}/review`, {
    decision: 'accepted',
    reasons: 'Matches what the team sees on the ground.',
  });
  if (review.statusCode !== 200) throw new Error(review.body);
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

const DESCRIPTION =
  'Officers visited my street three nights running after the forecast; nothing had happened here.';

/** Opens the public form and posts it as a browser would, with the double-submit token. */
async function challengeThroughPage(fields: Record<string, string>) {
  const form = await t.app.inject({ method: 'GET', url: '/challenge' });
  expect(form.statusCode).toBe(200);
  const cookie = form.cookies.find((c) => c.name === 'bluelamp_form')!;
  const token = /name="_form" value="([^"]+)"/.exec(form.body)![1]!;
  return t.app.inject({
    method: 'POST',
    url: '/challenge',
    headers: {
      cookie: `bluelamp_form=${cookie.value}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ _form: token, ...fields }).toString(),
  });
}

describe('a challenge from the public', () => {
  let reference: string;
  let challengeId: string;

  it('is received from the public page by run reference and encrypted at rest', async () => {
    const res = await challengeThroughPage({
      runReference: runReference.toLowerCase(),
      description: DESCRIPTION,
      contact: 'resident@example.org',
    });
    expect(res.statusCode, res.body).toBe(303);
    const location = String(res.headers.location);
    reference = /^\/challenge\/received\/(C-[0-9A-Z]{4}-[0-9A-Z]{4})\?sent=1$/.exec(location)![1]!;
    const page = await t.app.inject({ method: 'GET', url: location });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<strong>${reference}</strong>`);
    const row = await t.database.db
      .selectFrom('challenges')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    challengeId = row.id;
    expect(row.system_id).toBe(systemId);
    expect(row.force_id).toBe(t.demoForceId);
    expect(row.description_encrypted.toString('latin1')).not.toContain('three nights');
    expect(row.contact_encrypted!.toString('latin1')).not.toContain('resident@');
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select(['action', 'payload'])
      .where('subject_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(entry.action).toBe('challenge.received');
    expect(JSON.stringify(entry.payload)).not.toContain('three nights');
  });

  it('refuses a post without the form token, and an unknown run reference', async () => {
    const forged = await t.app.inject({
      method: 'POST',
      url: '/challenge',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ force: 'demo', description: DESCRIPTION }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    const unknown = await challengeThroughPage({ runReference: 'R-0000-0000', description: DESCRIPTION });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No AI output has the reference R-0000-0000');
  });

  it('shows the status with nothing else while it waits', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/challenges/${reference}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      reference,
      status: 'received',
      statusTitle: 'Received: waiting for a reviewer',
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      answerDueBy: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      outcome: null,
      reasons: null,
      decidedAt: null,
    });
  });

  it('is refused to whoever reviewed or asked for the original output, and to other roles', async () => {
    const decision = { outcome: 'upheld', reasons: 'The forecast cell covered the wrong side of the road.' };
    const reviewer = await call('officer', 'POST', `/api/challenges/${challengeId}/decision`, decision);
    expect(reviewer.statusCode).toBe(409);
    expect(reviewer.json().code).toBe('reviewed-original');
    const requester = await call('analyst', 'POST', `/api/challenges/${challengeId}/decision`, decision);
    expect(requester.statusCode).toBe(409);
    expect(requester.json().code).toBe('ran-original');
    const hr = await call('hr', 'POST', `/api/challenges/${challengeId}/decision`, decision);
    expect(hr.statusCode).toBe(403);
    const seen = (await call('officer', 'GET', `/api/challenges/${challengeId}`)).json();
    expect(seen).toMatchObject({ description: null, contact: null, youMayDecide: false });
    const work = await challengeWork(t.database.db, await cast('product-manager'));
    expect(work.map((w) => w.href)).toContain(`/challenges/${challengeId}`);
    expect(await challengeWork(t.database.db, await cast('officer'))).toEqual([]);
  });

  it('goes to a recorded outcome that opens an incident, shown to the public', async () => {
    const handler = (await call('product-manager', 'GET', `/api/challenges/${challengeId}`)).json();
    expect(handler).toMatchObject({
      description: DESCRIPTION,
      contact: 'resident@example.org',
      youMayDecide: true,
    });
    const { cookie, csrfToken } = await t.login('product-manager');
    const res = await t.app.inject({
      method: 'POST',
      url: `/challenges/${challengeId}/decision`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfToken,
        outcome: 'upheld',
        reasons: 'The forecast cell covered the wrong side of the road; patrol visits were not justified.',
        openIncident: 'yes',
        incidentSeverity: 'serious',
        incidentTitle: 'Forecast cell misplaced',
      }).toString(),
    });
    expect(res.statusCode, res.body).toBe(303);
    const again = await call('product-manager', 'POST', `/api/challenges/${challengeId}/decision`, {
      outcome: 'not-upheld',
      reasons: 'Changing my mind after the fact.',
    });
    expect(again.statusCode).toBe(409);

    const row = await t.database.db
      .selectFrom('challenges')
      .selectAll()
      .where('id', '=', challengeId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('upheld');
    const incident = await t.database.db
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', row.incident_id!)
      .executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ source: 'challenge', severity: 'serious', system_id: systemId });
    expect(incident.description).not.toContain('three nights');

    const status = await t.app.inject({ method: 'GET', url: `/challenge/status?reference=${reference}` });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain('Upheld');
    expect(status.body).toContain('patrol visits were not justified');
    expect(status.body).not.toContain('three nights');
    expect(status.body).not.toContain('Sam Patel');
    const api = (await t.app.inject({ method: 'GET', url: `/api/public/challenges/${reference}` })).json();
    expect(Object.keys(api).sort()).toEqual([
      'answerDueBy',
      'decidedAt',
      'outcome',
      'reasons',
      'receivedAt',
      'reference',
      'status',
      'statusTitle',
    ]);
    expect(api.outcome).toBe('upheld');

    const actions = await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('subject_id', 'in', [challengeId, incident.id])
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'challenge.received',
      'incident.opened',
      'challenge.upheld',
    ]);
  });

  it('accepts JSON without a reference (the force chosen) but never a form-encoded API post', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/public/challenges',
      payload: { force: 'demo', description: 'A letter said an AI tool flagged my call as low priority.' },
    });
    expect(json.statusCode, json.body).toBe(201);
    expect(json.json().reference).toMatch(/^C-/);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/public/challenges',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'force=demo&description=A%20letter%20said%20an%20AI%20tool%20flagged%20my%20call',
    });
    expect(form.statusCode).toBe(415);
    const neither = await t.app.inject({
      method: 'POST',
      url: '/api/public/challenges',
      payload: { description: 'A letter said an AI tool flagged my call as low priority.' },
    });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().detail).toContain('force');
  });

  it('publishes counts and outcomes per system', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/public/forces/demo/challenge-stats' });
    expect(res.statusCode).toBe(200);
    const systems = res.json().systems;
    expect(systems).toHaveLength(2);
    expect(systems[0]).toMatchObject({ upheld: 1, notUpheld: 0, received: 0, total: 1 });
    expect(systems[0].system.name).toBe(DEMO_SYSTEMS[0]!.name);
    expect(systems[1]).toMatchObject({ system: null, received: 1, total: 1 });
    const page = await t.app.inject({ method: 'GET', url: '/forces/demo/challenges' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(DEMO_SYSTEMS[0]!.name);
  });

  it('documents the public and internal endpoints in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/public/challenges',
        '/api/public/challenges/{reference}',
        '/api/challenges/{id}/decision',
        '/api/incidents',
        '/api/incidents/{id}/close',
      ]),
    );
  });

  it('limits how often one address may post challenges', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/public/challenges',
        payload: { force: 'demo' },
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().code).toBe('rate-limited');
    }
    expect(codes).toContain(400);
    expect(codes.at(-1)).toBe(429);
  });

  it('leaves the ledger intact', async () => {
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});

describe('challenge rules', () => {
  const base = {
    roles: ['officer'] as const,
    personId: 'p',
    overseer: true,
    reviewerIds: ['q'],
    runActorId: 'r',
    status: 'received',
  };
  it('lets a named overseer or a product manager who had no part in the output decide', () => {
    expect(handlerRefusal(base)).toBeNull();
    expect(handlerRefusal({ ...base, overseer: false, roles: ['product-manager'] })).toBeNull();
    expect(handlerRefusal({ ...base, overseer: false })?.code).toBe('forbidden');
    expect(handlerRefusal({ ...base, reviewerIds: ['p'] })?.code).toBe('reviewed-original');
    expect(handlerRefusal({ ...base, runActorId: 'p' })?.code).toBe('ran-original');
    expect(handlerRefusal({ ...base, status: 'upheld' })?.code).toBe('already-decided');
  });

  it('reads references as people type them', () => {
    expect(normaliseReference(' c 4ht8 2wqn ')).toBe('C-4HT8-2WQN');
    expect(normaliseReference('r-7kq2-m9xo')).toBe('R-7KQ2-M9X0');
  });

  it('counts per system, with challenges about no known system last', () => {
    const stats = challengeStats([
      { system_reference: null, system_name: null, status: 'received', n: '2' },
      { system_reference: 'D-1', system_name: 'Beta', status: 'upheld', n: '1' },
      { system_reference: 'D-1', system_name: 'Beta', status: 'not-upheld', n: 3 },
      { system_reference: 'D-2', system_name: 'Alpha', status: 'under-review', n: 1 },
    ]);
    expect(stats.map((s) => s.system?.name ?? null)).toEqual(['Alpha', 'Beta', null]);
    expect(stats[1]).toMatchObject({ upheld: 1, notUpheld: 3, total: 4 });
    expect(stats[2]).toMatchObject({ received: 2, total: 2 });
  });
});
