import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForceBySlug } from '../../../identity/repository.ts';
import { createPerson } from '../../../identity/service.ts';
import { demoCast } from '../../../register/demo.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { demoSystem } from '../../../test/systems.ts';
import { importCrimeData } from '../crime-data/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

/**
 * A town of 20 x 20 cells of 150 m, one old crime in each, and 12 cells with ten more: a naive
 * forecast picks those 12 as its hot spots whatever month it is for.
 */
const HOT = Array.from({ length: 12 }, (_, k) => ({ gx: 2 + (k % 4) * 4, gy: 3 + Math.floor(k / 4) * 6 }));
const at = (gx: number, gy: number) => ({ x: 400_075 + gx * 150, y: 500_075 + gy * 150 });
const inputEvents = [
  ...Array.from({ length: 400 }, (_, k) => ({
    time: '2023-06-15T12:00',
    ...at(k % 20, Math.floor(k / 20)),
    category: 'Burglary',
  })),
  ...HOT.flatMap(({ gx, gy }) =>
    Array.from({ length: 10 }, (_, j) => ({
      time: `2023-0${7 + (j % 3)}-1${j}T12:00`,
      ...at(gx, gy),
      category: 'Burglary',
    })),
  ),
];

async function liveSystem() {
  return demoSystem(t.database.db, t.demoForceId, {
    stage: 'live',
    moduleSettings: { method: 'naive', top: 12 },
  });
}

/** A forecast run by the analyst; released when a named overseer (the officer) accepts it. */
async function forecast(systemId: string, t0: string, review: 'accepted' | 'rejected' | null = 'accepted') {
  const { id, reference } = await t.run('analyst', systemId, {
    input: { events: inputEvents, crs: 'EPSG:27700', t0 },
    purpose: 'Patrol plan for the month',
  });
  if (review) {
    const res = await call('officer', 'POST', `/api/runs/${id}/review`, {
      decision: review,
      reasons: 'Checked against what the neighbourhood team knows.',
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const output = (await call('officer', 'GET', `/api/runs/${id}`)).json().output;
  return { id, reference, output };
}

async function ledger(action: string, subjectId: string) {
  return t.database.db
    .selectFrom('ledger_entries')
    .select(['payload', 'actor_id'])
    .where('action', '=', action)
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();
}

const dosageRows = (systemId: string) =>
  t.database.db.selectFrom('patrol_dosage').selectAll().where('system_id', '=', systemId).execute();

describe('the patrol plan of every forecast', () => {
  it('keeps the floors in the run output and shows the plan beside the map and table', async () => {
    const system = await liveSystem();
    const run = await forecast(system.id, '2024-02-01T00:00');
    const plan = run.output.patrolPlan;
    expect(plan.minOutsideShare).toBe(0.2);
    expect(plan.minRuralShare).toBe(0.05);
    expect(plan.zones.hotspot).toMatchObject({ cells: 12 });
    expect(plan.zones.hotspot.share).toBeCloseTo(0.8);
    expect(plan.zones['low-risk'].share + plan.zones.rural.share).toBeCloseTo(0.2);
    expect(plan.zones.rural.cells).toBeGreaterThan(0);
    expect(plan.zones.rural.share).toBeGreaterThanOrEqual(0.05);
    expect(plan.hotspotCells.map((c: { cell: number }) => c.cell)).toEqual(
      run.output.topCells.map((c: { cell: number }) => c.cell),
    );
    const page = await call('officer', 'GET', `/runs/${run.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Patrol plan');
    expect(page.body).toContain('At least 20% of patrol time goes outside the hot spots');
    expect(page.body).toContain('Planned patrol time');
    expect(page.body).toContain('No patrols have been recorded against this forecast yet.');
    expect(page.body).toContain(`/systems/${system.id}/patrols?run=${run.id}#record`);
  });

  it('refuses a change of the safeguard policy below a floor, naming the field', async () => {
    const system = await liveSystem();
    const patch = (moduleSettings: Record<string, unknown>) =>
      call('product-manager', 'PATCH', `/api/systems/${system.id}`, { moduleSettings });
    const below = await patch({ method: 'naive', minOutsideShare: 0.03 });
    expect(below.statusCode).toBe(400);
    expect(below.json().issues).toEqual([
      {
        path: 'moduleSettings.minRuralShare',
        message: expect.stringMatching(/^must be at most minOutsideShare \(0.03\)/),
      },
    ]);
    const off = await patch({ minOutsideShare: 0, minRuralShare: 0 });
    expect(off.statusCode).toBe(400);
    expect(off.json().issues.map((i: { path: string }) => i.path)).toEqual([
      'moduleSettings.minOutsideShare',
      'moduleSettings.minRuralShare',
    ]);
    const stored = await t.database.db
      .selectFrom('ai_systems')
      .select('module_settings')
      .where('id', '=', system.id)
      .executeTakeFirstOrThrow();
    expect(stored.module_settings).toEqual({ method: 'naive', top: 12 });
    const stricter = await patch({ method: 'naive', top: 12, minOutsideShare: 0.3, minRuralShare: 0.1 });
    expect(stricter.statusCode, stricter.body).toBe(204);
    // New settings need a new authorisation of use before the system runs again.
    const again = await call(
      'chief-constable',
      'POST',
      `/api/systems/${system.id}/decisions/use-authorisation`,
      {
        decision: 'approve',
        data: { reasons: 'Stricter patrol safeguards; the rest as authorised before.' },
      },
    );
    expect(again.statusCode, again.body).toBe(201);
    const run = await forecast(system.id, '2024-02-01T00:00');
    expect(run.output.patrolPlan.zones.hotspot.share).toBeCloseTo(0.7);
  });
});

describe('recording patrol dosage', () => {
  let systemId = '';
  let released: Awaited<ReturnType<typeof forecast>>;
  beforeAll(async () => {
    systemId = (await liveSystem()).id;
    released = await forecast(systemId, '2024-03-01T00:00');
  });

  it('is all or nothing: every problem named by line and field, no row and no ledger entry', async () => {
    const hot = released.output.topCells[0].cell;
    const csv = [
      'run_reference,patrol_date,cell,easting,northing,minutes',
      `${released.reference},2024-03-04,${hot},,,60`,
      `${released.reference},2024-04-02,${hot},,,60`,
      `${released.reference},2024-03-05,,1,1,30`,
      `${released.reference},2024-03-06,5,,,lots`,
    ].join('\n');
    const res = await call('officer', 'POST', `/api/systems/${systemId}/patrols`, csv, 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual([
      'line 3, field patrol_date',
      'line 4, field easting',
      'line 5, field minutes',
    ]);
    expect(res.json().issues[0].message).toBe(
      `must fall within the forecast period of ${released.reference}, 2024-03-01 to 2024-03-31`,
    );
    expect(await dosageRows(systemId)).toEqual([]);
    expect(await ledger('patrols.recorded', systemId)).toEqual([]);
    const header = await call(
      'officer',
      'POST',
      `/api/systems/${systemId}/patrols`,
      'run_reference,patrol_date,cell,minutes,officer\nX,2024-03-04,1,5,PC Smith',
      'text/csv',
    );
    expect(header.statusCode).toBe(400);
    expect(header.json().issues[0].path).toBe('line 1, field officer');
  });

  it('records a batch against a released forecast with one ledger entry, cells or grid references', async () => {
    const cells = released.output.topCells.map((c: { cell: number }) => c.cell);
    // The south-west corner cell is not a hot spot.
    const low = at(0, 0);
    const csv = [
      'run_reference,patrol_date,patrol_end,cell,easting,northing,minutes',
      ...cells.slice(0, 4).map((c: number) => `${released.reference},2024-03-04,,${c},,,40`),
      // Outside the hot spots, by British National Grid coordinates: 100 minutes over a week.
      `${released.reference},2024-03-04,2024-03-10,,${low.x},${low.y},100`,
    ].join('\n');
    const res = await call('officer', 'POST', `/api/systems/${systemId}/patrols`, csv, 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      recorded: 5,
      totalMinutes: 260,
      period: { from: '2024-03-04', to: '2024-03-10' },
    });
    expect(body.shares).toHaveLength(1);
    expect(body.shares[0]).toMatchObject({
      runReference: released.reference,
      outsideBelow: false,
      alertId: null,
    });
    expect(body.shares[0].outsideShare).toBeCloseTo(100 / 260);
    const rows = await dosageRows(systemId);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.batch_id)).size).toBe(1);
    expect(rows.find((r) => r.easting !== null)).toMatchObject({ run_id: released.id });
    const entries = await ledger('patrols.recorded', systemId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.payload).toMatchObject({
      batchId: body.batchId,
      count: 5,
      totalMinutes: 260,
      period: { from: '2024-03-04', to: '2024-03-10' },
      runs: [released.reference],
      source: 'import',
    });
    expect(JSON.stringify(entries[0]!.payload)).not.toMatch(/Jamie|Lewis|officer@/);
    const page = await call('officer', 'GET', `/systems/${systemId}/patrols`);
    expect(page.body).toContain('Minimums kept');
    expect(page.body).toContain(released.reference);
  });

  it('takes JSON rows, and the product manager may record too', async () => {
    const res = await call(
      'product-manager',
      'POST',
      `/api/systems/${systemId}/patrols?run=${released.reference}`,
      [{ patrolDate: '2024-03-12', cell: released.output.topCells[1].cell, minutes: 20 }],
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recorded).toBe(1);
    const analyst = await call('analyst', 'POST', `/api/systems/${systemId}/patrols`, [
      { runReference: released.reference, patrolDate: '2024-03-12', cell: 1, minutes: 20 },
    ]);
    expect(analyst.statusCode).toBe(403);
  });

  it('refuses patrols against a forecast that was not released', async () => {
    const waiting = await forecast(systemId, '2024-04-01T00:00', null);
    const rejected = await forecast(systemId, '2024-05-01T00:00', 'rejected');
    for (const run of [waiting, rejected]) {
      const res = await call('officer', 'POST', `/api/systems/${systemId}/patrols`, [
        { runReference: run.reference, patrolDate: '2024-04-03', cell: 1, minutes: 30 },
      ]);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'run-not-released' });
      expect(res.json().detail).toContain(`${run.reference} is`);
    }
    expect(await ledger('patrols.recorded', systemId)).toHaveLength(2);
  });

  it('keeps recorded patrols as recorded: the database refuses to change or delete them', async () => {
    const res = await call('officer', 'POST', `/api/systems/${systemId}/patrols?run=${released.reference}`, [
      { patrolDate: '2024-03-07', cell: released.output.topCells[0].cell, minutes: 20 },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const batch = t.database.db.updateTable('patrol_dosage').where('batch_id', '=', res.json().batchId);
    await expect(batch.set({ minutes: 5 }).execute()).rejects.toThrow(/append-only: UPDATE is not allowed/);
    await expect(
      t.database.db.deleteFrom('patrol_dosage').where('batch_id', '=', res.json().batchId).execute(),
    ).rejects.toThrow(/append-only: DELETE is not allowed/);
  });

  it("refuses another force's people, as everywhere", async () => {
    const kent = (await findForceBySlug(t.database.db, 'kent'))!;
    await createPerson(
      t.database.db,
      {
        email: 'officer@kent.example',
        name: 'Kent Officer',
        password: 'kent-password-123',
        roles: ['officer'],
      },
      kent.id,
      null,
    );
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'officer@kent.example', password: 'kent-password-123' },
    });
    const cookie = `bluelamp_session=${login.cookies.find((c) => c.name === 'bluelamp_session')!.value}`;
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/systems/${systemId}/patrols`,
      headers: { cookie },
      payload: [{ runReference: released.reference, patrolDate: '2024-03-04', cell: 1, minutes: 30 }],
    });
    expect(post.statusCode).toBe(404);
    for (const url of [`/api/systems/${systemId}/patrols`, `/api/systems/${systemId}/feedback`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/systems/${systemId}/patrols` })).statusCode).toBe(
      401,
    );
  });

  it('raises an alert when the patrols recorded fall below the minimum share outside the hot spots', async () => {
    const other = await forecast(systemId, '2024-06-01T00:00');
    const cells = other.output.topCells.map((c: { cell: number }) => c.cell);
    const res = await call(
      'officer',
      'POST',
      `/api/systems/${systemId}/patrols`,
      cells.map((cell: number) => ({ runId: other.id, patrolDate: '2024-06-03', cell, minutes: 45 })),
    );
    expect(res.statusCode, res.body).toBe(201);
    const shares = res.json().shares[0];
    expect(shares).toMatchObject({ outsideShare: 0, outsideBelow: true, ruralBelow: true });
    expect(shares.alertId).toEqual(expect.any(String));
    const alerts = await t.database.db
      .selectFrom('alerts')
      .selectAll()
      .where('system_id', '=', systemId)
      .where('kind', '=', 'patrol-share')
      .execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toContain(
      `Patrols planned from ${other.reference}: 0% of the 540 patrol minutes`,
    );
    expect(await ledger('alert.raised', shares.alertId)).toHaveLength(1);
    // Recording more for the same forecast keeps the one open alert.
    const again = await call('officer', 'POST', `/api/systems/${systemId}/patrols?run=${other.reference}`, [
      { patrolDate: '2024-06-04', cell: cells[0], minutes: 10 },
    ]);
    expect(again.json().shares[0].alertId).toBe(shares.alertId);
    const page = await call('officer', 'GET', `/systems/${systemId}/patrols`);
    expect(page.body).toContain('Below the minimum');
    expect(page.body).toContain('Patrol share alerts');
    const run = await call('officer', 'GET', `/runs/${other.id}`);
    expect(run.body).toContain(
      'Patrols recorded so far: 0% of the 550 patrol minutes recorded were outside the hot spots',
    );
    const monitoring = await call('product-manager', 'GET', `/systems/${systemId}/monitoring`);
    expect(monitoring.body).toContain('Patrol share below the minimum');
  });

  it('records a single patrol and an upload through the page forms, showing problems in the summary', async () => {
    const { csrfToken } = await t.login('officer');
    const form = (fields: string) =>
      call(
        'officer',
        'POST',
        `/systems/${systemId}/patrols`,
        `_csrf=${csrfToken}&run=${released.reference}&${fields}`,
        'application/x-www-form-urlencoded',
      );
    const bad = await form('patrolDate=2024-13-01&cell=&minutes=30');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Patrol date must be a date such as 2020-11-03');
    expect(bad.body).toContain('href="#f-patrolDate"');
    const good = await form(`patrolDate=2024-03-20&cell=${released.output.topCells[2].cell}&minutes=30`);
    expect(good.statusCode, good.body).toBe(303);
    expect(good.headers.location).toContain(`/systems/${systemId}/patrols?done=recorded&n=1&minutes=30`);
    const boundary = 'patrolsboundary';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="_csrf"',
      '',
      csrfToken,
      `--${boundary}`,
      'Content-Disposition: form-data; name="run"',
      '',
      released.reference,
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="patrols.csv"',
      'Content-Type: text/csv',
      '',
      `patrol_date,cell,minutes\n2024-03-21,${released.output.topCells[3].cell},15\n2024-03-22,3,x`,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const upload = await call(
      'officer',
      'POST',
      `/systems/${systemId}/patrols/upload`,
      multipart,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(upload.statusCode).toBe(400);
    expect(upload.body).toContain('line 3, field minutes: must be a number of minutes');
    expect(upload.body).toContain('The file was not recorded.');
  });
});

describe('the feedback-loop monitor', () => {
  const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
  const hotPlaces = new Set(HOT.map(({ gx, gy }) => `${gx},${gy}`));

  /** Patrols from a forecast's own hot spot cells: 60 minutes in each, on the 10th. */
  async function patrolHotSpots(systemId: string, run: Awaited<ReturnType<typeof forecast>>) {
    const cells = run.output.topCells.map((c: { cell: number }) => c.cell);
    const res = await call(
      'officer',
      'POST',
      `/api/systems/${systemId}/patrols?run=${run.reference}`,
      cells.map((cell: number) => ({ patrolDate: `${run.output.t0.slice(0, 8)}10`, cell, minutes: 60 })),
    );
    expect(res.statusCode, res.body).toBe(201);
  }

  /**
   * Recorded crime, January to July: 2 burglaries a month in every cell, 4 in the hot spots from
   * April, and drug offences that rise only in the hot spots (not a crime type of the forecasts).
   */
  async function importRecordedCrime() {
    const lines = ['date,x,y,type'];
    [...months, '2024-07'].forEach((m, i) => {
      for (let k = 0; k < 400; k++) {
        const gx = k % 20;
        const gy = Math.floor(k / 20);
        const hot = hotPlaces.has(`${gx},${gy}`);
        const n = i >= 3 && hot ? 4 : 2;
        const { x, y } = at(gx, gy);
        for (let j = 0; j < n; j++) lines.push(`${m}-0${j + 1},${x},${y},Burglary`);
        for (let j = 0; j < (hot ? i : 0); j++) lines.push(`${m}-1${j},${x},${y},Drugs`);
      }
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-feedback-'));
    const file = path.join(dir, 'recorded.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const cast = demoCast(t.database.db, t.demoForceId);
    return importCrimeData(t.database.db, await cast('analyst'), {
      title: 'Recorded crime, January to July 2024',
      preset: 'mapped',
      mapping: {
        time: { columns: ['date'], format: 'YYYY-MM-DD' },
        coordinates: { x: 'x', y: 'y', crs: 'EPSG:27700' },
        category: 'type',
      },
      files: [{ name: 'recorded.csv', path: file }],
    });
  }

  /** The feedback-loop alerts of a system and their `alert.raised` ledger entries. */
  async function loopAlerts(systemId: string) {
    const alerts = await t.database.db
      .selectFrom('alerts')
      .select(['id', 'acknowledged_at'])
      .where('system_id', '=', systemId)
      .where('kind', '=', 'feedback-loop')
      .execute();
    const entries = alerts.length
      ? await t.database.db
          .selectFrom('ledger_entries')
          .select('seq')
          .where('action', '=', 'alert.raised')
          .where(
            'subject_id',
            'in',
            alerts.map((a) => a.id),
          )
          .execute()
      : [];
    return { alerts: alerts.length, entries: entries.length };
  }

  it('compares recorded crime where patrols went with comparable places, and alerts once per result', async () => {
    const system = await liveSystem();
    const feedback = (query = '') => call('analyst', 'GET', `/api/systems/${system.id}/feedback${query}`);
    const runs = [];
    for (const m of months) runs.push(await forecast(system.id, `${m}-01T00:00`));
    expect(runs[0]!.output.topCells).toHaveLength(12);
    expect(runs[0]!.output.crimeTypes).toEqual(['Burglary']);
    for (const run of runs.slice(3)) await patrolHotSpots(system.id, run);
    const imported = await importRecordedCrime();

    const bare = await feedback();
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toMatchObject({ releasedRuns: 6, verdict: null, crimeData: null });
    expect(bare.json().periods.map((p: { label: string }) => p.label)).toEqual(
      months.map((m) => `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][Number(m.slice(5)) - 1]} 2024`),
    );

    const res = await feedback(`?importId=${imported.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Only burglaries count: the drug offences rising in the hot spots are left out.
    expect(body.crimeTypes).toEqual({
      compared: ['Burglary'],
      unstatedRuns: [],
      statement:
        'Crime types compared: Burglary (those the forecasts were made from); other recorded crime is not counted.',
    });
    expect(
      body.periods.map((p: { crimes: number; dosageMinutes: number }) => [p.crimes, p.dosageMinutes]),
    ).toEqual([
      [800, 0],
      [800, 0],
      [800, 0],
      [824, 720],
      [824, 720],
      [824, 720],
    ]);
    expect(body.verdict).toMatchObject({ status: 'loop-suspected', flag: true, patrolledCells: 12 });
    expect(body.verdict.ratio).toBeCloseTo(2);
    expect(body.verdict.periods.map((p: { label: string }) => p.label)).toEqual([
      'Apr 2024',
      'May 2024',
      'Jun 2024',
    ]);
    expect(body).toMatchObject({ alertId: expect.any(String), alertAcknowledged: false });
    const alert = await t.database.db
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', body.alertId)
      .executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ kind: 'feedback-loop', system_id: system.id });
    expect(alert.details).toMatchObject({
      lastPeriod: 'Jun 2024',
      baselinePeriods: 3,
      crimeTypes: ['Burglary'],
    });
    expect(await loopAlerts(system.id)).toEqual({ alerts: 1, entries: 1 });
    // Asking again finds the same alert.
    expect((await feedback(`?importId=${imported.id}`)).json().alertId).toBe(body.alertId);

    const page = await call('analyst', 'GET', `/systems/${system.id}/feedback?importId=${imported.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Feedback loop suspected');
    expect(page.body).toContain('Crime types compared: Burglary (those the forecasts were made from)');
    expect(page.body).toContain('An alert has been raised for the product manager.');
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('id="feedback-indices"');

    // Once the product manager acknowledges it, the same result raises nothing more.
    const ack = await call('product-manager', 'POST', `/api/alerts/${body.alertId}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    const after = await feedback(`?importId=${imported.id}`);
    expect(after.json()).toMatchObject({ alertId: body.alertId, alertAcknowledged: true });
    const acknowledgedPage = await call(
      'analyst',
      'GET',
      `/systems/${system.id}/feedback?importId=${imported.id}`,
    );
    expect(acknowledgedPage.body).toContain(
      'The product manager has acknowledged the alert for this result.',
    );
    expect(await loopAlerts(system.id)).toEqual({ alerts: 1, entries: 1 });

    const baseline = await feedback(`?importId=${imported.id}&baseline=6`);
    expect(baseline.json().verdict.status).toBe('insufficient-data');
    expect(baseline.json().verdict.explanation).toMatch(/^Not enough data for a verdict/);

    // A new forecast period is a new result: it may raise a new alert, once.
    await patrolHotSpots(system.id, await forecast(system.id, '2024-07-01T00:00'));
    const july = await feedback(`?importId=${imported.id}`);
    expect(july.json().verdict.flag).toBe(true);
    expect(july.json()).toMatchObject({ alertAcknowledged: false });
    expect(july.json().alertId).not.toBe(body.alertId);
    expect((await feedback(`?importId=${imported.id}`)).json().alertId).toBe(july.json().alertId);
    expect(await loopAlerts(system.id)).toEqual({ alerts: 2, entries: 2 });

    // Crime data is for those who may use it.
    const hr = await call('hr', 'GET', `/api/systems/${system.id}/feedback?importId=${imported.id}`);
    expect(hr.statusCode).toBe(403);
    const systemPage = await call('analyst', 'GET', `/systems/${system.id}`);
    expect(systemPage.body).toContain(`/systems/${system.id}/feedback`);
  });
});
