import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger/verify.ts';
import { demoCast } from '../register/demo.ts';
import { FORMS } from '../register/forms.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { sha256 } from './service.ts';
import { monitoringWork } from './work.ts';

let t: TestApp;
let cast: ReturnType<typeof demoCast>;
let systemId: string;

/** Hit rate is severe (suspends); coverage share is checked per group and only alerts. */
const plan = {
  metrics: [
    FORMS['monitoring-plan'].example.metrics[0]!,
    {
      name: 'coverage-share',
      description: 'Share of the area selected',
      direction: 'max',
      threshold: 0.05,
      perGroup: true,
      severe: false,
    },
  ],
  windowDays: 30,
  reviewEveryDays: 7,
};

beforeAll(async () => {
  t = await createTestApp();
  cast = demoCast(t.database.db, t.demoForceId);
  systemId = (
    await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5 },
      productManager: false,
      forms: { 'monitoring-plan': plan },
    })
  ).id;
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const count = async (table: 'outcomes' | 'alerts' | 'incidents') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('system_id', '=', systemId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const ledgerActions = async () =>
  (
    await t.database.db.selectFrom('ledger_entries').select(['action', 'payload']).orderBy('seq').execute()
  ).map((e) => e.action);

const hotspotInput = {
  events: Array.from({ length: 40 }, (_, i) => ({
    time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
    x: 424_000 + (i % 5) * 150,
    y: 564_000 + (i % 3) * 150,
    category: 'Burglary',
  })),
  crs: 'EPSG:27700',
  t0: '2026-10-01T00:00',
};

describe('outcomes and breaches', () => {
  it('records outcomes within thresholds through the JSON API, with no alert', async () => {
    const res = await call('analyst', 'POST', `/api/systems/${systemId}/outcomes`, [
      { observedAt: daysAgo(20), group: 'Urban', metrics: { 'hit-rate-5pc': 0.26, 'coverage-share': 0.05 } },
      { observedAt: daysAgo(19), group: 'Rural', metrics: { 'hit-rate-5pc': 0.22, 'coverage-share': 0.04 } },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ recorded: 2, breaches: [], suspended: false });
    const officer = await call('officer', 'POST', `/api/systems/${systemId}/outcomes`, [
      { observedAt: daysAgo(1), metrics: { 'hit-rate-5pc': 0.3 } },
    ]);
    expect(officer.statusCode).toBe(403);
  });

  it('imports a CSV all or nothing, reporting each problem by line and field', async () => {
    const before = await count('outcomes');
    const entries = (await ledgerActions()).length;
    const csv = [
      'observed_at,group,run_reference,hit-rate-5pc,coverage-share',
      `${daysAgo(10)},Urban,,0.25,0.05`,
      `${daysAgo(9)},Rural,,high,0.04`,
      `${daysAgo(8)},Rural,R-0000-0000,0.2,0.04`,
    ].join('\n');
    const res = await call('analyst', 'POST', `/api/systems/${systemId}/outcomes/import`, csv, 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid-input');
    expect(res.json().detail).toBe('line 3, field hit-rate-5pc: must be a number');
    // Once the numbers are right, the unknown run is the remaining problem.
    const fixed = csv.replace('high', '0.21');
    const unknownRun = await call(
      'analyst',
      'POST',
      `/api/systems/${systemId}/outcomes/import`,
      fixed,
      'text/csv',
    );
    expect(unknownRun.statusCode).toBe(400);
    expect(unknownRun.json().detail).toBe('line 4, field run_reference: is not a run of this system');
    expect(await count('outcomes')).toBe(before);
    expect((await ledgerActions()).length).toBe(entries);

    const good = fixed.replace('R-0000-0000', '');
    const ok = await call('analyst', 'POST', `/api/systems/${systemId}/outcomes/import`, good, 'text/csv');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ recorded: 3, sha256: sha256(good), suspended: false });
    expect(await count('outcomes')).toBe(before + 3);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select('payload')
      .where('action', '=', 'outcomes.imported')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({ count: 3, sha256: sha256(good) });
  });

  it('alerts the product manager on a breach in one group without suspending', async () => {
    const res = await call('product-manager', 'POST', `/api/systems/${systemId}/outcomes`, [
      { observedAt: daysAgo(2), group: 'Rural', metrics: { 'coverage-share': 0.2 } },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.suspended).toBe(false);
    expect(
      body.breaches.map((b: { metric: string; group: string | null }) => `${b.metric}/${b.group}`),
    ).toEqual(['coverage-share/null', 'coverage-share/Rural']);
    expect(body.breaches[1].message).toMatch(
      /^coverage-share in the group Rural was 0\.0\d+ over the 30 days to .+, above its maximum of 0\.05\.$/,
    );
    // The same breach again raises no second alert while the first is unacknowledged.
    const again = await call('product-manager', 'POST', `/api/systems/${systemId}/outcomes`, [
      { observedAt: daysAgo(1), group: 'Rural', metrics: { 'coverage-share': 0.2 } },
    ]);
    expect(again.json().breaches.map((b: { alertId: string }) => b.alertId)).toEqual(
      body.breaches.map((b: { alertId: string }) => b.alertId),
    );
    expect(await count('alerts')).toBe(2);
    const work = await monitoringWork(t.database.db, await cast('product-manager'));
    expect(work.map((w) => w.title)).toEqual([
      'Threshold breached: Burglary hot spot forecast',
      'Threshold breached: Burglary hot spot forecast',
    ]);
    expect(await monitoringWork(t.database.db, await cast('analyst'))).toEqual([]);
    const system = await t.database.db
      .selectFrom('ai_systems')
      .select('stage')
      .where('id', '=', systemId)
      .executeTakeFirstOrThrow();
    expect(system.stage).toBe('live');
  });

  it('suspends the system on a severe breach, refuses the next run and opens an incident', async () => {
    const run = await t.run('analyst', systemId, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    const reference = run.reference;
    const csv = [
      'observed_at,group,run_reference,hit-rate-5pc',
      ...[0, 1, 2, 3, 4, 5].map((i) => `${daysAgo(i)},Urban,${i === 0 ? reference : ''},0.02`),
    ].join('\n');
    const res = await call('analyst', 'POST', `/api/systems/${systemId}/outcomes/import`, csv, 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.suspended).toBe(true);
    expect(body.incidentReference).toMatch(/^I-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(body.breaches.find((b: { severe: boolean }) => b.severe)).toMatchObject({
      metric: 'hit-rate-5pc',
      group: null,
    });

    const linked = await t.database.db
      .selectFrom('outcomes')
      .select('run_id')
      .where('run_id', '=', run.id)
      .execute();
    expect(linked).toHaveLength(1);

    const next = await call('analyst', 'POST', `/api/systems/${systemId}/runs`, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
    });
    expect(next.statusCode).toBe(409);
    expect(next.json().code).toBe('system-suspended');

    const db = t.database.db;
    const system = await db
      .selectFrom('ai_systems')
      .selectAll()
      .where('id', '=', systemId)
      .executeTakeFirstOrThrow();
    expect(system).toMatchObject({ stage: 'suspended', previous_stage: 'live' });
    expect(system.suspended_at).not.toBeNull();
    const transition = await db
      .selectFrom('stage_transitions')
      .selectAll()
      .where('system_id', '=', systemId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(transition).toMatchObject({
      action: 'suspend',
      from_stage: 'live',
      to_stage: 'suspended',
      actor_id: null,
    });
    expect(transition.reasons).toContain('hit-rate-5pc overall was 0.');
    const incident = await db
      .selectFrom('incidents')
      .selectAll()
      .where('system_id', '=', systemId)
      .executeTakeFirstOrThrow();
    expect(incident).toMatchObject({
      reference: body.incidentReference,
      source: 'monitoring',
      severity: 'serious',
      status: 'open',
      owner_id: system.product_manager_id,
    });
    const days = (incident.deadline_at!.getTime() - incident.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(15, 1);
    const actions = await ledgerActions();
    const tail = actions.slice(actions.lastIndexOf('outcomes.imported'));
    expect(tail).toEqual([
      'outcomes.imported',
      'alert.raised',
      'system.suspended-automatically',
      'incident.opened',
      'run.refused',
    ]);

    // A further breach neither suspends again nor opens a second incident.
    const more = await call('analyst', 'POST', `/api/systems/${systemId}/outcomes`, [
      { observedAt: daysAgo(0), metrics: { 'hit-rate-5pc': 0.01 } },
    ]);
    expect(more.json()).toMatchObject({ suspended: false, incidentReference: null });
    expect(await count('incidents')).toBe(1);
  });

  it('shows metrics, checks, drift and alerts, and lets the product manager acknowledge', async () => {
    const res = await call('officer', 'GET', `/api/systems/${systemId}/monitoring`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.plan).toMatchObject({ source: 'monitoring-plan', windowDays: 30, stepDays: 7 });
    expect(m.groups).toEqual(['Rural', 'Urban']);
    const hit = m.current.find(
      (c: { metric: string; group: string | null }) => c.metric === 'hit-rate-5pc' && c.group === null,
    );
    expect(hit.pass).toBe(false);
    expect(m.series).toHaveLength(2);
    expect(m.series[0].points.at(-1).overall.pass).toBe(false);
    expect(m.drift.values.map((v: { key: string }) => v.key)).toEqual(['input.events', 'output.topRisk']);
    expect(m.alerts).toHaveLength(3);

    const open = (await call('product-manager', 'GET', '/api/alerts?open=true')).json();
    expect(open).toHaveLength(3);
    const denied = await call('analyst', 'POST', `/api/alerts/${open[0].id}/acknowledge`);
    expect(denied.statusCode).toBe(403);
    const ack = await call('product-manager', 'POST', `/api/alerts/${open[0].id}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    const twice = await call('product-manager', 'POST', `/api/alerts/${open[0].id}/acknowledge`);
    expect(twice.json().code).toBe('already-acknowledged');
    expect((await call('product-manager', 'GET', '/api/alerts?open=true')).json()).toHaveLength(2);

    const page = await call('product-manager', 'GET', `/systems/${systemId}/monitoring`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('hit-rate-5pc by window (newest first)');
    expect(page.body).toContain('Acknowledge');
    expect(page.body).toContain('This system is suspended');
  });

  it('takes the acknowledgement and the CSV upload from the page forms, with the CSRF token', async () => {
    const { cookie, csrfToken } = await t.login('product-manager');
    const [alert] = (await call('product-manager', 'GET', '/api/alerts?open=true')).json();
    const url = `/systems/${systemId}/monitoring/alerts/${alert.id}/acknowledge`;
    const form = (token: string) => ({
      method: 'POST' as const,
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    expect((await t.app.inject(form('wrong'))).statusCode).toBe(403);
    const ok = await t.app.inject(form(csrfToken));
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/systems/${systemId}/monitoring?done=acknowledged#alerts`);
    const again = await t.app.inject(form(csrfToken));
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('text/html');

    const boundary = 'bl-test-boundary';
    const csv = `observed_at,group,run_reference,hit-rate-5pc\r\n${daysAgo(0)},Urban,,0.3\r\n`;
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      csrfToken,
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="week.csv"',
      'Content-Type: text/csv',
      '',
      csv,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const upload = await t.app.inject({
      method: 'POST',
      url: `/systems/${systemId}/monitoring/outcomes`,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(upload.statusCode, upload.body).toBe(303);
    expect(upload.headers.location).toBe(`/systems/${systemId}/monitoring?done=imported&n=1`);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select('payload')
      .where('action', '=', 'outcomes.imported')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({ count: 1, fileName: 'week.csv', sha256: sha256(csv) });
  });

  it('leaves the ledger intact', async () => {
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});
