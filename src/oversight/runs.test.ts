import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger/verify.ts';
import type { Stage } from '../register/lifecycle.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { storedRunInput } from './run-input.ts';
import { drainRuns } from './workers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

/** Starts a run through the API and lets a worker execute it (202, then its state after the worker). */
async function run(role: Parameters<TestApp['call']>[0], systemId: string, body: Record<string, unknown>) {
  const res = await call(role, 'POST', `/api/systems/${systemId}/runs`, body);
  if (res.statusCode !== 202) return res;
  expect(res.json().status).toBe('queued');
  await drainRuns(t.services.runs);
  return call(role, 'GET', `/api/runs/${res.json().id}`);
}

/** A system from the demo list with its module, walked to `stage` by the demo users. */
async function systemAt(
  index: number,
  stage: Stage,
  moduleId?: string,
  record: { reviewMode?: 'every' | 'sampled'; reviewSampleRate?: number } = {},
) {
  const options = {
    index,
    stage,
    moduleSettings: { method: 'naive', top: 5 },
    productManager: false,
    record,
  };
  return (await demoSystem(t.database.db, t.demoForceId, moduleId ? { ...options, moduleId } : options)).id;
}

const events = Array.from({ length: 120 }, (_, i) => ({
  time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
  x: 424_000 + (i % 10) * 150,
  y: 564_000 + (i % 12) * 150,
  category: 'Burglary',
}));
const hotspotInput = { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00' };

async function refusals(systemId: string) {
  return t.database.db.selectFrom('run_refusals').selectAll().where('system_id', '=', systemId).execute();
}

describe('the oversight runtime', () => {
  it('refuses a run on a system that is not yet authorised, and records the refusal', async () => {
    const id = await systemAt(0, 'authorisation');
    const res = await call('analyst', 'POST', `/api/systems/${id}/runs`, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'system-not-authorised' });
    const rows = await refusals(id);
    expect(rows).toHaveLength(1);
    const entry = await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.action).toBe('run.refused');
  });

  it('runs a trial only inside its scope', async () => {
    const id = await systemAt(0, 'trial');
    // The product manager's posting (Digital policing, Force headquarters) is outside the trial;
    // naming a team in the request changes nothing.
    const outside = await call('product-manager', 'POST', `/api/systems/${id}/runs`, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
      team: 'Analysts',
    });
    expect(outside.statusCode).toBe(409);
    expect(outside.json()).toMatchObject({ code: 'out-of-scope' });
    expect(outside.json().detail).toContain('Analysts');
    const inside = await run('analyst', id, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    expect(inside.statusCode, inside.body).toBe(200);
    expect(inside.json().status).toBe('awaiting_review');
  });

  it('holds a live output until a named overseer other than the requester reviews it', async () => {
    const id = await systemAt(0, 'live');
    const hr = await call('hr', 'POST', `/api/systems/${id}/runs`, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
    });
    expect(hr.statusCode).toBe(403);
    const started = await run('analyst', id, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
      caseReference: 'OP-ELM-2026-117',
    });
    expect(started.statusCode, started.body).toBe(200);
    const runId = started.json().id;
    expect(started.json().reference).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const hidden = await call('hr', 'GET', `/api/runs/${runId}`);
    expect(hidden.json()).toMatchObject({ status: 'awaiting_review', output: null, input: null });
    const page = (await call('analyst', 'GET', `/api/runs/${runId}/input?offset=100&limit=50`)).json();
    expect(page.lists).toEqual({ events: hotspotInput.events.length });
    expect(page.input.events).toEqual(hotspotInput.events.slice(100, 150));
    expect(page.input.t0).toBe(hotspotInput.t0);

    const own = await call('analyst', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Looks right.',
    });
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('separation-of-duties');
    const notOverseer = await call('chief-constable', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Fine by me.',
    });
    expect(notOverseer.statusCode).toBe(403);

    const opened = await call('officer', 'GET', `/api/runs/${runId}`);
    expect(opened.json().caseReference).toBe('OP-ELM-2026-117');
    expect(opened.json().output.topCells.length).toBeGreaterThan(0);
    const accepted = await call('officer', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Matches what the team sees on the ground.',
    });
    expect(accepted.json()).toEqual({ status: 'released' });
    const released = await call('hr', 'GET', `/api/runs/${runId}`);
    expect(released.json().status).toBe('released');
    expect(released.json().output.topCells.length).toBeGreaterThan(0);
    expect(released.json().reviews[0]).toMatchObject({ decision: 'accepted', by: 'PC Jamie Lewis' });

    const raw = await t.database.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(raw.case_reference_encrypted!.toString('latin1')).not.toContain('OP-ELM');
    expect(raw.input_fingerprint).toMatch(/^[0-9a-f]{64}$/);

    const departure = await call('officer', 'POST', `/api/runs/${runId}/departure`, {
      reasons: 'A football match moved demand to the stadium area this week.',
    });
    expect(departure.statusCode).toBe(204);
  });

  it('takes a module’s own request only for systems of that module', async () => {
    const id = await systemAt(2, 'live', 'fairness-audit');
    const res = await call('analyst', 'POST', `/api/systems/${id}/runs`, {
      hotspots: { sourceId: 'city-of-london', crimeTypes: ['Burglary'], forecastMonth: '2020-11' },
      purpose: 'Bias audit of last quarter',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'hotspots', message: 'is only for crime hot spot forecast systems' },
    ]);
  });

  it('drops a source a caller names in a hot spot input of its own', async () => {
    const id = await systemAt(0, 'live');
    const res = await call('analyst', 'POST', `/api/systems/${id}/runs`, {
      input: { ...hotspotInput, importId: 'police.uk:city-of-london-street-2018-04_2020-11.csv.gz' },
      purpose: 'Weekly patrol plan',
    });
    expect(res.statusCode, res.body).toBe(202);
    const row = await t.database.db
      .selectFrom('runs')
      .select(['reference', 'input', 'input_encrypted'])
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const stored = storedRunInput(t.config.dataEncryptionKey, row) as Record<string, unknown>;
    expect(stored.events).toHaveLength(events.length);
    expect(stored).not.toHaveProperty('importId');
  });

  it('documents each module’s own request in the API description', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const start = spec.paths['/api/systems/{id}/runs'].post;
    const body = start.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties.hotspots.properties).sort()).toEqual([
      'crimeTypes',
      'forecastMonth',
      'sourceId',
    ]);
    expect(start.description).toContain('`hotspots`: for hot spot forecasts');
  });

  it('refuses runs once the system is suspended', async () => {
    const id = await systemAt(0, 'live');
    const suspend = await call('product-manager', 'POST', `/api/systems/${id}/actions/suspend`, {
      reasons: 'Input feed changed format.',
    });
    expect(suspend.statusCode).toBe(200);
    const res = await call('analyst', 'POST', `/api/systems/${id}/runs`, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'system-suspended' });
  });

  it('completes a risk score only with the named decision maker’s own decision', async () => {
    const id = await systemAt(2, 'trial', 'risk.ogrs3');
    const input = {
      gender: 'male',
      dateOfBirth: '1990-06-15',
      convictionDate: '2013-03-01',
      followUpDate: '2013-09-01',
      sanctions: 5,
      ageAtFirstSanction: 15,
      offenceCode: '004/04',
    };
    const nobody = await call('analyst', 'POST', `/api/systems/${id}/runs`, {
      input,
      purpose: 'Offender management review',
    });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().code).toBe('decision-maker-required');
    const officer = await call('officer', 'GET', '/api/me');
    const scored = await run('analyst', id, {
      input,
      purpose: 'Offender management review',
      decisionMakerId: officer.json().id,
    });
    expect(scored.statusCode, scored.body).toBe(200);
    expect(scored.json().status).toBe('awaiting_review');
    const runId = scored.json().id;
    const raw = await t.database.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(raw.input).toBeNull();
    expect(raw.input_encrypted).not.toBeNull();
    // The API gives the input only from its own address, a page at a time, to those who may see it.
    expect((await call('officer', 'GET', `/api/runs/${runId}`)).json().input).toBeNull();
    const asked = await call('officer', 'GET', `/api/runs/${runId}/input`);
    expect(asked.json()).toEqual({ lists: {}, offset: 0, limit: 1000, input });
    expect((await call('hr', 'GET', `/api/runs/${runId}/input`)).statusCode).toBe(403);
    expect((await call('officer', 'GET', `/api/runs/${runId}/input?limit=100000`)).statusCode).toBe(400);

    const early = await call('officer', 'POST', `/api/runs/${runId}/decision`, {
      decision: 'Refer',
      reasons: 'x',
    });
    expect(early.statusCode).toBe(409);
    await call('officer', 'GET', `/api/runs/${runId}`);
    const reviewed = await call('officer', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Inputs checked against PNC.',
    });
    expect(reviewed.json()).toEqual({ status: 'awaiting_decision' });
    const wrongPerson = await call('chief-constable', 'POST', `/api/runs/${runId}/decision`, {
      decision: 'Refer',
      reasons: 'Because I say so, for now.',
    });
    expect(wrongPerson.statusCode).toBe(403);
    const thin = await call('officer', 'POST', `/api/runs/${runId}/decision`, {
      decision: 'Refer',
      reasons: 'ok',
    });
    expect(thin.statusCode).toBe(400);
    expect(thin.json().detail).toContain('reasons');
    const decided = await call('officer', 'POST', `/api/runs/${runId}/decision`, {
      decision: 'Refer to the integrated offender management panel',
      reasons:
        'The score is medium; recent engagement with services weighs against escalation beyond a referral.',
    });
    expect(decided.statusCode).toBe(204);
    expect((await call('officer', 'GET', `/api/runs/${runId}`)).json().status).toBe('released');
  });

  it('releases sampled-review outputs not drawn for review, and holds those that are', async () => {
    // The draw is injected: 0.5 is above a 10% sampling rate and below 100%.
    const draw = t.services.runs.random;
    t.services.runs.random = () => 0.5;
    const tenth = await systemAt(0, 'live', undefined, { reviewMode: 'sampled', reviewSampleRate: 0.1 });
    const released = await run('analyst', tenth, { input: hotspotInput, purpose: 'Live demand view' });
    expect(released.json()).toMatchObject({ status: 'released', needsReview: false });

    const always = await systemAt(0, 'live', undefined, { reviewMode: 'sampled', reviewSampleRate: 1 });
    const held = await run('analyst', always, { input: hotspotInput, purpose: 'Live demand view' });
    t.services.runs.random = draw;
    expect(held.json()).toMatchObject({ status: 'awaiting_review', needsReview: true });
    const queue = (await call('officer', 'GET', '/api/reviews/queue')).json();
    expect(queue.map((q: { id: string }) => q.id)).toContain(held.json().id);
    expect(queue.map((q: { id: string }) => q.id)).not.toContain(released.json().id);
    const reviewed = await call('officer', 'POST', `/api/runs/${held.json().id}/review`, {
      decision: 'accepted',
      reasons: 'Checked against the incident log.',
    });
    expect(reviewed.json()).toEqual({ status: 'released' });
    const late = await call('officer', 'POST', `/api/runs/${released.json().id}/review`, {
      decision: 'rejected',
      reasons: 'Trying to review an output nobody was asked to.',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('not-awaiting-review');
  });

  it('leaves the ledger intact after all of the above', async () => {
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});
