import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { demoCast } from '../register/demo.ts';
import type { Stage } from '../register/lifecycle.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { runReference } from './gateway.ts';
import { storedRunInput } from './run-input.ts';
import { drainRuns } from './workers.ts';

// Needs the shared police.uk reference file (City of London) under ../shared/data.

let t: TestApp;
let hotspots: string;

/** The demo system at `index` with its module, walked to `stage`; overseers: the demo officer and analyst. */
async function systemAt(index: number, stage: Stage, moduleSettings: Record<string, unknown>) {
  return (
    await demoSystem(t.database.db, t.demoForceId, { index, stage, moduleSettings, productManager: false })
  ).id;
}

beforeAll(async () => {
  t = await createTestApp();
  hotspots = await systemAt(0, 'live', { method: 'naive', top: 10, maxCoverage: 0.2 });
});
afterAll(() => t.close());

async function get(url: string, role: Role) {
  const { cookie } = await t.login(role);
  return t.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
}

/** Posts a form as a browser does: urlencoded, with the session's CSRF token unless told not to. */
async function post(url: string, role: Role, values: Record<string, string | string[]>, csrf = true) {
  const { cookie, csrfToken } = await t.login(role);
  const body = new URLSearchParams(csrf ? { _csrf: csrfToken } : {});
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: body.toString(),
  });
}

const forecastForm = {
  purpose: 'Patrol plan for November 2020',
  caseReference: 'OP-BEACON-11',
  sourceId: 'city-of-london',
  crimeTypes: 'Burglary',
  'forecastMonth-month': '11',
  'forecastMonth-year': '2020',
};

/** Starts a forecast through the form; the page shows it queued until a worker has run it. */
async function startForecast(): Promise<{ id: string; reference: string }> {
  const res = await post(`/systems/${hotspots}/runs`, 'analyst', forecastForm);
  expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
  const id = res.headers.location!.toString().split('?')[0]!.split('/').pop()!;
  const queued = await get(`/runs/${id}`, 'analyst');
  expect(queued.body).toContain('Waiting for a worker to start this run');
  expect(queued.body).toContain('0% done');
  expect(queued.headers.refresh).toBe('5');
  const still = await get(`/runs/${id}?refresh=off`, 'analyst');
  expect(still.headers.refresh).toBeUndefined();
  expect(still.body).toContain('Reloading is off');
  await drainRuns(t.services.runs);
  const row = await t.database.db
    .selectFrom('runs')
    .select('reference')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, reference: row.reference };
}

describe('review pages', () => {
  let run: { id: string; reference: string };

  it('starts a forecast from a police.uk file through the form, waiting for review', async () => {
    const form = await get(`/systems/${hotspots}/runs/new`, 'analyst');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('City of London Police, police.uk street crime');
    run = await startForecast();
    const page = await get(`/runs/${run.id}?done=started`, 'analyst');
    expect(page.statusCode).toBe(200);
    expect(page.headers.refresh).toBeUndefined();
    expect(page.body).not.toContain('run-progress');
    expect(page.body).toContain(run.reference);
    expect(page.body).toContain('Waiting for review');
    expect(page.body).toContain('another named overseer must review it');
    expect(page.body).not.toContain('action="/runs/' + run.id + '/review"');
    const stored = await t.database.db
      .selectFrom('runs')
      .select(['reference', 'input', 'input_encrypted', 'status'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    // The exact times and places of the crimes are stored encrypted, never in plain JSON.
    expect(stored.input).toBeNull();
    expect(stored.input_encrypted).not.toBeNull();
    const input = storedRunInput(t.config.dataEncryptionKey, stored) as {
      events: Array<{ time: string; x: number; y: number; category: string }>;
      t0: string;
    };
    const sealed = stored.input_encrypted!.toString('latin1');
    for (const text of ['events', 'Burglary', '2020-', 'EPSG', ...input.events.map((e) => String(e.x))])
      expect(sealed).not.toContain(text);
    expect(input.t0).toBe('2020-11-01T00:00');
    // Only the training window (365 days before the forecast month) and only burglary.
    expect(input.events.every((e) => e.category === 'Burglary')).toBe(true);
    expect(input.events.every((e) => e.time >= '2019-11-02' && e.time < '2020-11-01')).toBe(true);
    expect(input.events.length).toBeGreaterThan(50);
  });

  it('shows problems with the start form in the error summary', async () => {
    const res = await post(`/systems/${hotspots}/runs`, 'analyst', { purpose: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter the purpose of this run');
    expect(res.body).toContain('Choose the crime data to forecast from');
    expect(res.body).toContain('Choose at least one crime type');
    expect(res.body).toContain('href="#f-forecastMonth-month"');
    const early = await post(`/systems/${hotspots}/runs`, 'analyst', {
      ...forecastForm,
      'forecastMonth-year': '2018',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('a year of history is needed');
  });

  it('queues the output for the named overseers only, never for the person who ran it', async () => {
    const officer = await get('/reviews', 'officer');
    expect(officer.body).toContain(run.reference);
    expect(officer.body).toContain('Burglary hot spot forecast');
    expect(officer.body).toContain('Patrol plan for November 2020');
    for (const role of ['analyst', 'chief-constable'] as const) {
      expect((await get('/reviews', role)).body).not.toContain(run.reference);
    }
    const home = await get('/', 'officer');
    expect(home.body).toContain(`Review output ${run.reference}`);
    expect((await get('/', 'analyst')).body).not.toContain(`Review output ${run.reference}`);
  });

  it('hides the output from others until release, but shows input counts', async () => {
    const page = await get(`/runs/${run.id}`, 'hr');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The output is shown once a named overseer has reviewed and released it');
    expect(page.body).not.toContain('<svg class="bl-figure"');
    expect(page.body).not.toContain('OP-BEACON-11');
    expect(page.body).toContain('Recorded crimes used');
    const geo = await get(`/runs/${run.id}/forecast.geojson`, 'hr');
    expect(geo.statusCode).toBe(403);
  });

  it('shows the overseer the map, the top cells and the review form', async () => {
    const page = await get(`/runs/${run.id}`, 'officer');
    expect(page.body).toContain('<svg class="bl-figure"');
    expect(page.body).toContain('ONE CRIME TYPE ONLY: Burglary');
    expect(page.body).toContain('police.uk locations are anonymised snap points');
    expect(page.body).toMatch(/Study area: \d+ cells of 150 m/);
    expect(page.body).toMatch(/Places labelled: [A-Z]/); // street names from the police.uk file
    expect(page.body).toContain('OP-BEACON-11');
    expect(page.body).toContain(`action="/runs/${run.id}/review"`);
    const table = page.body.indexOf('id="top-cells"');
    const rows = page.body
      .slice(table, page.body.indexOf('</table>', table))
      .match(/<tr class="govuk-table__row">/g);
    expect(rows).toHaveLength(11);
    expect(page.body).toContain('id="patrol-plan"');
    expect(page.body).toContain('Not released: do not use this forecast to plan patrols');
    expect(page.body).toMatch(/-0\.0\d{4}/); // longitudes in the City of London
    const geo = await get(`/runs/${run.id}/forecast.geojson`, 'officer');
    expect(geo.statusCode).toBe(200);
    expect(geo.json().features).toHaveLength(10);
  });

  it('refuses a review posted without the CSRF token', async () => {
    const res = await post(
      `/runs/${run.id}/review`,
      'officer',
      { decision: 'accepted', reasons: 'Matches local knowledge.' },
      false,
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf-token-invalid');
    expect((await get(`/runs/${run.id}`, 'hr')).body).toContain('Waiting for review');
  });

  it('shows review problems in the error summary and keeps what was typed', async () => {
    const res = await post(`/runs/${run.id}/review`, 'officer', { decision: 'amended', reasons: 'ok' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter your reasons in at least 5 characters');
    const drop = await post(`/runs/${run.id}/review`, 'officer', {
      decision: 'amended',
      reasons: 'Dropping a cell that covers a closed building site.',
    });
    expect(drop.statusCode).toBe(400);
    expect(drop.body).toContain('Choose the cells to drop');
    expect(drop.body).toContain('Dropping a cell that covers a closed building site.');
    // The forecast's own amendment fields: cells to tick, not the output as JSON.
    expect(drop.body).toContain('If you amend: cells to drop from the forecast');
    expect(drop.body).not.toContain('id="f-amendedOutput"');
    const own = await post(`/runs/${run.id}/review`, 'analyst', {
      decision: 'accepted',
      reasons: 'My own run looks fine.',
    });
    expect(own.statusCode).toBe(409);
    expect(own.body).toContain('someone else must review it');
  });

  it('releases the output when a named overseer amends it through the form', async () => {
    const before = await get(`/runs/${run.id}/forecast.geojson`, 'officer');
    const dropped = before.json().features[1].properties.cell as number;
    const res = await post(`/runs/${run.id}/review`, 'officer', {
      decision: 'amended',
      reasons: 'The second cell covers a closed building site.',
      drop: String(dropped),
    });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    expect(res.headers.location).toBe(`/runs/${run.id}?done=amended`);
    const page = await get(`/runs/${run.id}`, 'hr');
    expect(page.body).toContain('Released');
    expect(page.body).toContain('<svg class="bl-figure"');
    expect(page.body).toContain('Amended by PC Jamie Lewis');
    expect(page.body).toContain('The second cell covers a closed building site.');
    expect(page.body).toContain('Amended on review: 1 cell dropped (original rank 2)');
    const geo = await get(`/runs/${run.id}/forecast.geojson`, 'hr');
    expect(geo.statusCode).toBe(200);
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const cells = geo.json().features.map((f: { properties: { cell: number } }) => f.properties.cell);
    expect(cells).toHaveLength(9);
    expect(cells).not.toContain(dropped);
    expect((await get('/reviews', 'officer')).body).not.toContain(run.reference);
    const again = await post(`/runs/${run.id}/review`, 'officer', {
      decision: 'accepted',
      reasons: 'Second thoughts.',
    });
    expect(again.statusCode).toBe(409);
  });

  it('records an officer’s departure from a released output', async () => {
    const res = await post(`/runs/${run.id}/departure`, 'officer', {
      reasons: 'A road closure moved patrols to the next street this week.',
    });
    expect(res.statusCode).toBe(303);
    const page = await get(`/runs/${run.id}`, 'officer');
    expect(page.body).toContain('Departure recorded by PC Jamie Lewis');
  });

  it('lists the system’s runs', async () => {
    const page = await get(`/systems/${hotspots}/runs`, 'hr');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(run.reference);
    expect(page.body).toContain('Released');
  });

  it('still shows an older forecast whose input was stored in plain JSON', async () => {
    const db = t.database.db;
    const current = await db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    const { id: _id, ...rest } = current;
    const older = await db
      .insertInto('runs')
      .values({
        ...rest,
        reference: runReference(randomBytes(8)),
        input: JSON.stringify(storedRunInput(t.config.dataEncryptionKey, current)),
        input_encrypted: null,
        output: JSON.stringify(current.output),
        settings: JSON.stringify(current.settings),
        monitored: JSON.stringify(current.monitored),
      })
      .returning(['id', 'reference'])
      .executeTakeFirstOrThrow();
    const studyArea = (body: string) => body.match(/Study area: \d+ cells of 150 m/)?.[0];
    const now = await get(`/runs/${run.id}`, 'hr');
    const page = await get(`/runs/${older.id}`, 'hr');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(older.reference);
    expect(page.body).toContain('<svg class="bl-figure"');
    expect(studyArea(page.body)).toBeDefined();
    expect(studyArea(page.body)).toBe(studyArea(now.body));
    const used = (body: string) => body.match(/Recorded crimes used\s*<\/dt>\s*<dd[^>]*>\s*(\d+)/)?.[1];
    expect(used(page.body)).toBeDefined();
    expect(used(page.body)).toBe(used(now.body));
    expect(page.body).toContain('police.uk street crime: city-of-london-street');
    expect(page.body).not.toMatch(/"events"|"x":/);
    const geo = await get(`/runs/${older.id}/forecast.geojson`, 'hr');
    expect(geo.statusCode).toBe(200);
    const before = (await get(`/runs/${run.id}/forecast.geojson`, 'hr')).json().forecast.notices;
    expect(studyArea(geo.json().forecast.notices[0])).toBe(studyArea(before[0]));
    expect(geo.json().forecast.notices[1]).toBe(before[1]);
  });

  it('takes a risk score through review to the named decision maker’s own decision', async () => {
    const risk = await systemAt(2, 'live', {});
    const form = await get(`/systems/${risk}/runs/new`, 'analyst');
    expect(form.body).toContain('OGRS3 inputs');
    expect(form.body).toContain('PC Jamie Lewis');
    const officerId = (await demoCast(t.database.db, t.demoForceId)('officer')).personId;
    const values = {
      purpose: 'Offender management review',
      decisionMakerId: officerId,
      gender: 'male',
      'dateOfBirth-day': '15',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '1990',
      'convictionDate-day': '1',
      'convictionDate-month': '3',
      'convictionDate-year': '2013',
      'followUpDate-day': '1',
      'followUpDate-month': '9',
      'followUpDate-year': '2013',
      sanctions: '5',
      ageAtFirstSanction: '15',
      offenceCode: '999/99',
    };
    const bad = await post(`/systems/${risk}/runs`, 'analyst', values);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-offenceCode"');
    const res = await post(`/systems/${risk}/runs`, 'analyst', { ...values, offenceCode: '004/04' });
    expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
    const id = res.headers.location!.toString().split('?')[0]!.split('/').pop()!;
    await drainRuns(t.services.runs);
    const hidden = await get(`/runs/${id}`, 'hr');
    expect(hidden.body).not.toContain('1990');
    const shown = (await get(`/runs/${id}`, 'officer')).body;
    expect(shown).toContain('1990-06-15');
    expect(shown).toContain('Advisory only: the named decision maker makes and records their own decision.');
    expect(shown).toContain('Two-year probability of proven reoffending');
    expect(shown).toContain('id="f-amendedOutput"');
    const reviewed = await post(`/runs/${id}/review`, 'officer', {
      decision: 'accepted',
      reasons: 'Inputs checked against the record.',
    });
    expect(reviewed.statusCode).toBe(303);
    expect((await get('/', 'officer')).body).toContain('Record your decision on');
    const thin = await post(`/runs/${id}/decision`, 'officer', { decision: 'Refer', reasons: 'ok' });
    expect(thin.statusCode).toBe(400);
    expect(thin.body).toContain('at least 20 characters');
    const decided = await post(`/runs/${id}/decision`, 'officer', {
      decision: 'Refer to the offender management panel',
      reasons: 'Medium score; recent engagement with services weighs against escalation.',
    });
    expect(decided.statusCode).toBe(303);
    const page = await get(`/runs/${id}`, 'hr');
    expect(page.body).toContain('Released');
    expect(page.body).toContain(
      'Decision recorded by PC Jamie Lewis: Refer to the offender management panel',
    );
  });

  it('runs a trial only for its scope, showing a refusal in the error summary', async () => {
    const trial = await systemAt(0, 'trial', { method: 'naive', top: 5, maxCoverage: 0.2 });
    const form = await get(`/systems/${trial}/runs/new`, 'analyst');
    expect(form.body).toContain('This system is in trial');
    expect(form.body).toContain("Your posting, as your force's administrator recorded it: Analysts");
    const analystId = (await t.call('analyst', 'GET', '/api/me')).json().id as string;
    const posting = (team: string) =>
      t.call('admin', 'PUT', `/api/users/${analystId}/posting`, { team, area: 'Force headquarters' });
    expect((await posting('Traffic')).statusCode).toBe(200);
    // A team typed into the form counts for nothing: the posting decides.
    const outside = await post(`/systems/${trial}/runs`, 'analyst', { ...forecastForm, team: 'Analysts' });
    expect(outside.statusCode).toBe(409);
    expect(outside.body).toContain('There is a problem');
    expect(outside.body).toContain('Analysts');
    const refusals = await t.database.db
      .selectFrom('run_refusals')
      .select('code')
      .where('system_id', '=', trial)
      .execute();
    expect(refusals.map((r) => r.code)).toEqual(['out-of-scope']);
    expect((await posting('Analysts')).statusCode).toBe(200);
    const inside = await post(`/systems/${trial}/runs`, 'analyst', forecastForm);
    expect(inside.statusCode).toBe(303);
  });

  it('offers no run form for a system that is not authorised', async () => {
    const early = await systemAt(0, 'validation', {});
    const form = await get(`/systems/${early}/runs/new`, 'analyst');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('This system cannot be run now');
    expect(form.body).not.toContain('Run and send for review');
  });

  it('asks for the input as JSON for a module without fields of its own', async () => {
    const audit = (
      await demoSystem(t.database.db, t.demoForceId, {
        stage: 'live',
        moduleId: 'fairness-audit',
        moduleSettings: {},
        productManager: false,
      })
    ).id;
    const form = await get(`/systems/${audit}/runs/new`, 'analyst');
    expect(form.body).toContain('Input (JSON)');
    expect(form.body).toContain('id="f-input"');
    expect(form.body).not.toContain('id="f-sourceId"');
    expect(form.body).not.toContain('OGRS3 inputs');
    const notJson = await post(`/systems/${audit}/runs`, 'analyst', {
      purpose: 'Bias audit of last quarter',
      input: '{"records":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('The input is not valid JSON');
    expect(notJson.body).toContain('href="#f-input"');
    // An input the module's schema refuses is shown on the JSON field, naming the path.
    const wrong = await post(`/systems/${audit}/runs`, 'analyst', {
      purpose: 'Bias audit of last quarter',
      input: '{"records": []}',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('input.records:');
    expect(wrong.body).toContain('href="#f-input"');
  });

  it('leaves the ledger intact', async () => {
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});
