import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { DEMO_SYSTEMS, demoCast } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { incidentWork } from './work.ts';

let t: TestApp;
let cast: ReturnType<typeof demoCast>;
let systemId: string;
beforeAll(async () => {
  t = await createTestApp();
  cast = demoCast(t.database.db, t.demoForceId);
  ({ id: systemId } = await demoSystem(t.database.db, t.demoForceId, { overseers: ['officer'] }));
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

const report = (role: Role, severity: string, title = 'Forecast shown for the wrong week') =>
  call(role, 'POST', '/api/incidents', {
    systemId,
    title,
    description: 'Patrol plans for week 12 used the forecast for week 11.',
    severity,
  });

async function ledgerActions(subjectId: string) {
  const rows = await t.database.db
    .selectFrom('ledger_entries')
    .select('action')
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('incidents', () => {
  it('sets the deadline from the severity and the system’s product manager as owner', async () => {
    const days: Record<string, number | null> = {
      'widespread-harm': 2,
      death: 10,
      serious: 15,
      minor: null,
    };
    for (const [severity, expected] of Object.entries(days)) {
      const res = await report('officer', severity);
      expect(res.statusCode, res.body).toBe(201);
      const row = await t.database.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', res.json().id)
        .executeTakeFirstOrThrow();
      const got = row.deadline_at
        ? (row.deadline_at.getTime() - row.created_at.getTime()) / 86_400_000
        : null;
      expect(got).toBe(expected);
      expect(row.owner_id).toBe((await cast('product-manager')).personId);
      expect(row.reference).toMatch(/^I-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(await ledgerActions(row.id)).toEqual(['incident.opened']);
    }
  });

  it('refuses a report without a severity, naming the field', async () => {
    const res = await call('officer', 'POST', '/api/incidents', {
      title: 'Something odd',
      description: 'x'.repeat(20),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('severity');
  });

  it('records investigation notes, corrective actions, and misuse with the consequence that followed', async () => {
    const { id } = (await report('officer', 'serious')).json();
    const notOwner = await call('analyst', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'investigation',
      text: 'I had a look.',
    });
    expect(notOwner.statusCode).toBe(403);

    const note = await call('product-manager', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'investigation',
      text: 'The weekly job read the previous partition after a clock change.',
    });
    expect(note.statusCode, note.body).toBe(201);
    const noConsequence = await call('product-manager', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'misuse',
      text: 'A sergeant shared the forecast map on social media.',
    });
    expect(noConsequence.statusCode).toBe(400);
    expect(noConsequence.json().detail).toContain('consequence');
    const misuse = await call('product-manager', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'misuse',
      text: 'A sergeant shared the forecast map on social media.',
      consequence: 'Management advice given and access suspended for 30 days.',
    });
    expect(misuse.statusCode, misuse.body).toBe(201);
    const action = await call('product-manager', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'corrective-action',
      text: 'The job now checks the partition date before publishing.',
    });
    expect(action.statusCode).toBe(201);

    const got = (await call('officer', 'GET', `/api/incidents/${id}`)).json();
    expect(got.status).toBe('investigating');
    expect(got.notes.map((n: { kind: string }) => n.kind)).toEqual([
      'investigation',
      'misuse',
      'corrective-action',
    ]);
    expect(got.notes[1]).toMatchObject({
      consequence: 'Management advice given and access suspended for 30 days.',
      by: 'Sam Patel',
    });
    expect(await ledgerActions(id)).toEqual([
      'incident.opened',
      'incident.investigation-recorded',
      'incident.misuse-recorded',
      'incident.corrective-action-recorded',
    ]);
  });

  it('lets only the product manager or chief constable, not the reporter, close it with a public summary', async () => {
    const { id } = (await report('product-manager', 'death', 'Risk score used without review')).json();
    const summary =
      'A risk score was acted on before review. Review is now enforced before any output is shown.';
    const reporter = await call('product-manager', 'POST', `/api/incidents/${id}/close`, {
      publicSummary: summary,
    });
    expect(reporter.statusCode).toBe(409);
    expect(reporter.json().code).toBe('separation-of-duties');
    const officer = await call('officer', 'POST', `/api/incidents/${id}/close`, { publicSummary: summary });
    expect(officer.statusCode).toBe(403);
    const empty = await call('chief-constable', 'POST', `/api/incidents/${id}/close`, { publicSummary: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('public-summary-required');

    const closed = await call('chief-constable', 'POST', `/api/incidents/${id}/close`, {
      publicSummary: summary,
    });
    expect(closed.statusCode, closed.body).toBe(204);
    const again = await call('chief-constable', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'investigation',
      text: 'One more thing.',
    });
    expect(again.statusCode).toBe(409);
    expect(await ledgerActions(id)).toEqual(['incident.opened', 'incident.closed']);

    const pub = await t.app.inject({ method: 'GET', url: '/api/public/forces/demo/incidents' });
    expect(pub.statusCode).toBe(200);
    const listed = pub.json().incidents;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ publicSummary: summary, severity: 'death' });
    expect(listed[0].system.name).toBe(DEMO_SYSTEMS[0]!.name);
    expect(pub.body).not.toContain('Sam Patel');
    expect(pub.body).not.toContain('Risk score used without review');
    const page = await t.app.inject({ method: 'GET', url: '/forces/demo/incidents' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Review is now enforced');
  });

  it('lets the product manager or chief constable assign the owner', async () => {
    const { id } = (await report('officer', 'minor')).json();
    const analyst = (await cast('analyst')).personId;
    const refused = await call('officer', 'POST', `/api/incidents/${id}/owner`, { ownerId: analyst });
    expect(refused.statusCode).toBe(403);
    const ok = await call('chief-constable', 'POST', `/api/incidents/${id}/owner`, { ownerId: analyst });
    expect(ok.statusCode).toBe(204);
    const note = await call('analyst', 'POST', `/api/incidents/${id}/notes`, {
      kind: 'investigation',
      text: 'Owner now: checked the input feed.',
    });
    expect(note.statusCode).toBe(201);
  });

  it('shows overdue incidents on the owner’s "Waiting for you" and on the list', async () => {
    const { id } = (await report('officer', 'widespread-harm', 'Forecast published twice')).json();
    await t.database.db
      .updateTable('incidents')
      .set({ deadline_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', id)
      .execute();
    const work = await incidentWork(t.database.db, await cast('product-manager'));
    const item = work.find((w) => w.href === `/incidents/${id}`);
    expect(item).toMatchObject({ overdue: true });
    expect(work[0]?.overdue).toBe(true);
    expect(await incidentWork(t.database.db, await cast('hr'))).toEqual([]);
    const list = (await call('officer', 'GET', '/api/incidents')).json();
    expect(list.find((i: { id: string }) => i.id === id)).toMatchObject({ overdue: true });
    const page = await call('officer', 'GET', '/incidents');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Overdue');
  });

  it('serves the incident pages with the GOV.UK forms', async () => {
    const { cookie, csrfToken } = await t.login('officer');
    const form = await t.app.inject({ method: 'GET', url: '/incidents/new', headers: { cookie } });
    expect(form.statusCode).toBe(200);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/incidents/new',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfToken, title: 'Odd', description: '' }).toString(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Select how serious it is');
    const good = await t.app.inject({
      method: 'POST',
      url: '/incidents/new',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfToken,
        systemId,
        title: 'Map legend unreadable',
        description: 'The legend colours cannot be told apart in print.',
        severity: 'minor',
      }).toString(),
    });
    expect(good.statusCode, good.body).toBe(303);
    const detail = await t.app.inject({ method: 'GET', url: good.headers.location!, headers: { cookie } });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Map legend unreadable');
  });

  it('leaves the ledger intact', async () => {
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});
