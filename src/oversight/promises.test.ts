import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import type { Stage } from '../register/lifecycle.ts';
import { projectRoot } from '../shared-data.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { completionState, FINAL_STATES, move, RUN_TRANSITIONS, reviewedState } from './run-states.ts';
import { runStatesMarkdown } from './run-states-docs.ts';
import { drainRuns } from './workers.ts';

/**
 * The runtime's promises, each written from the rule it keeps (expected outcomes by hand):
 * no output skips its reviewer, no review is recorded twice, trial scope is checked.
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
const hotspotInput = { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00' };
const ogrs3Input = {
  gender: 'male',
  dateOfBirth: '1990-06-15',
  convictionDate: '2013-03-01',
  followUpDate: '2013-09-01',
  sanctions: 5,
  ageAtFirstSanction: 15,
  offenceCode: '004/04',
};

async function system(
  index: number,
  stage: Stage,
  options: {
    moduleId?: string;
    reviewMode?: 'every' | 'sampled';
    reviewSampleRate?: number;
    scope?: Record<string, unknown>;
  } = {},
) {
  const s = await demoSystem(t.database.db, t.demoForceId, {
    index,
    stage,
    ...(options.moduleId ? { moduleId: options.moduleId } : {}),
    moduleSettings: options.moduleId ? {} : { method: 'naive', top: 5 },
    productManager: false,
    record: {
      ...(options.reviewMode ? { reviewMode: options.reviewMode } : {}),
      ...(options.reviewSampleRate ? { reviewSampleRate: options.reviewSampleRate } : {}),
    },
    ...(options.scope ? { forms: { 'trial-scope': options.scope } } : {}),
  });
  return s.id;
}

async function start(role: Role, systemId: string, body: Record<string, unknown>) {
  return t.call(role, 'POST', `/api/systems/${systemId}/runs`, body);
}

async function personId(role: Role): Promise<string> {
  return (await t.call(role, 'GET', '/api/me')).json().id;
}

const scope = (over: Record<string, unknown>) => ({
  teams: ['Analysts'],
  areas: [],
  startDate: '2026-01-01',
  endDate: '2099-12-31',
  maxRuns: 100,
  ...over,
});

describe('the run state table', () => {
  it('allows exactly the moves the rules name', () => {
    const moves = RUN_TRANSITIONS.map((x) => `${x.from}>${x.to}:${x.by}`).sort();
    expect(moves).toEqual(
      [
        'queued>running:worker',
        'queued>failed:worker',
        'running>queued:worker',
        'running>failed:worker',
        'running>awaiting_review:worker',
        'running>released:worker',
        'awaiting_review>released:overseer',
        'awaiting_review>awaiting_decision:overseer',
        'awaiting_review>rejected:overseer',
        'awaiting_decision>released:decision-maker',
      ].sort(),
    );
    expect([...FINAL_STATES].sort()).toEqual(['failed', 'rejected', 'released']);
    expect(() => move('awaiting_review', 'released', 'worker')).toThrow(/cannot move/);
    expect(() => move('awaiting_decision', 'released', 'overseer')).toThrow(/cannot move/);
    expect(() => move('released', 'rejected', 'overseer')).toThrow(/cannot move/);
  });

  it('is documented in docs/RUNS.md exactly as the table says', () => {
    expect(readFileSync(path.join(projectRoot, 'docs', 'RUNS.md'), 'utf8')).toBe(runStatesMarkdown());
  });

  it('sends outputs to review by mode, sampling draw, risk and the module’s policy', () => {
    const allowed = { sampling: 'allowed', decisionMaker: false } as const;
    const riskPolicy = { sampling: 'never', decisionMaker: true } as const;
    const base = { reviewMode: 'sampled', policy: allowed, sampleRate: 0.1, risky: false } as const;
    expect(completionState({ ...base, draw: 0.5 }).to).toBe('released');
    expect(completionState({ ...base, draw: 0.05 }).to).toBe('awaiting_review');
    expect(completionState({ ...base, draw: 0.5, risky: true }).to).toBe('awaiting_review');
    expect(completionState({ ...base, reviewMode: 'every', draw: 0.99 }).to).toBe('awaiting_review');
    expect(completionState({ ...base, policy: riskPolicy, draw: 0.99 }).to).toBe('awaiting_review');
    expect(reviewedState('accepted', true)).toBe('awaiting_decision');
    expect(reviewedState('amended', false)).toBe('released');
    expect(reviewedState('rejected', true)).toBe('rejected');
  });
});

describe('outputs that skip their reviewer', () => {
  it('holds a risk score for review and decision even when its system asks for sampled review', async () => {
    const id = await system(2, 'trial', {
      moduleId: 'risk.ogrs3',
      reviewMode: 'sampled',
      reviewSampleRate: 0.01,
    });
    const draw = t.services.runs.random;
    t.services.runs.random = () => 0.99;
    const res = await start('analyst', id, {
      input: ogrs3Input,
      purpose: 'Offender management review',
      decisionMakerId: await personId('officer'),
    });
    expect(res.statusCode, res.body).toBe(202);
    await drainRuns(t.services.runs);
    t.services.runs.random = draw;
    const runId = res.json().id;
    for (const role of ['hr', 'analyst', 'chief-constable'] as const) {
      const seen = (await t.call(role, 'GET', `/api/runs/${runId}`)).json();
      expect(seen.status, role).toBe('awaiting_review');
      expect(seen.output, role).toBeNull();
    }
    const reviewer = await t.call('officer', 'GET', `/api/runs/${runId}`);
    expect(reviewer.json().output.twoYear).toBeGreaterThan(0);
    // The officer is both an overseer and the decision maker here; the analyst ran it.
    const review = await t.call('officer', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Inputs checked against the record.',
    });
    expect(review.json()).toEqual({ status: 'awaiting_decision' });
    expect((await t.call('analyst', 'GET', `/api/runs/${runId}`)).json().output).toBeNull();
    const decided = await t.call('officer', 'POST', `/api/runs/${runId}/decision`, {
      decision: 'Refer to the offender management panel',
      reasons: 'Medium score; engagement with services weighs against anything more.',
    });
    expect(decided.statusCode).toBe(204);
    expect((await t.call('hr', 'GET', `/api/runs/${runId}`)).json().output.twoYear).toBeGreaterThan(0);
  });

  it('refuses an amended output that breaks the module’s output schema', async () => {
    const id = await system(0, 'live');
    const res = await start('analyst', id, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    await drainRuns(t.services.runs);
    const bad = await t.call('officer', 'POST', `/api/runs/${res.json().id}/review`, {
      decision: 'amended',
      reasons: 'Dropping a cell the team knows is a car park.',
      amendedOutput: { topCells: 'none' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/^amendedOutput/);
    expect((await t.call('officer', 'GET', `/api/runs/${res.json().id}`)).json().status).toBe(
      'awaiting_review',
    );
  });
});

describe('reviews recorded twice', () => {
  it('keeps one review and one ledger entry when an accept and a reject arrive together', async () => {
    const id = await system(0, 'live', { reviewMode: 'every' });
    const res = await start('analyst', id, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    await drainRuns(t.services.runs);
    const runId = res.json().id;
    const [a, b] = await Promise.all([
      t.call('officer', 'POST', `/api/runs/${runId}/review`, {
        decision: 'accepted',
        reasons: 'Looks right.',
      }),
      t.call('officer', 'POST', `/api/runs/${runId}/review`, {
        decision: 'rejected',
        reasons: 'Looks wrong.',
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const reviews = await t.database.db
      .selectFrom('reviews')
      .selectAll()
      .where('run_id', '=', runId)
      .execute();
    expect(reviews).toHaveLength(1);
    const entries = await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('subject_id', '=', runId)
      .where('action', 'in', ['run.accepted', 'run.rejected'])
      .execute();
    expect(entries).toHaveLength(1);
    const status = (await t.call('officer', 'GET', `/api/runs/${runId}`)).json().status;
    expect(status).toBe(reviews[0]!.decision === 'accepted' ? 'released' : 'rejected');
  });
});

describe('lifecycle actions at once', () => {
  it('moves a system once when the same action is sent twice together', async () => {
    const id = await system(0, 'live');
    const body = { reasons: 'Input feed changed format.' };
    const [a, b] = await Promise.all([
      t.call('product-manager', 'POST', `/api/systems/${id}/actions/suspend`, body),
      t.call('product-manager', 'POST', `/api/systems/${id}/actions/suspend`, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const moves = await t.database.db
      .selectFrom('stage_transitions')
      .select('action')
      .where('system_id', '=', id)
      .where('action', '=', 'suspend')
      .execute();
    expect(moves).toHaveLength(1);
  });
});

describe('trial scope', () => {
  it('refuses a run before the trial starts and after it ends', async () => {
    const future = await system(0, 'trial', {
      scope: scope({ startDate: '2099-01-01', endDate: '2099-12-31' }),
    });
    const early = await start('analyst', future, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('Outside the trial dates (2099-01-01 to 2099-12-31).');
    const past = await system(0, 'trial', {
      scope: scope({ startDate: '2020-01-01', endDate: '2020-12-31' }),
    });
    const late = await start('analyst', past, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('Outside the trial dates (2020-01-01 to 2020-12-31).');
  });

  it('stops at the trial’s run cap', async () => {
    const id = await system(0, 'trial', { scope: scope({ maxRuns: 2 }) });
    for (let i = 0; i < 2; i++) {
      const ok = await start('analyst', id, { input: hotspotInput, purpose: 'Weekly patrol plan' });
      expect(ok.statusCode, ok.body).toBe(202);
    }
    const third = await start('analyst', id, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    expect(third.statusCode).toBe(409);
    expect(third.json().detail).toBe("The trial's maximum of 2 runs has been reached.");
    await drainRuns(t.services.runs);
  });

  it('takes team and area from the person’s posting, never from the request', async () => {
    const byTeam = await system(0, 'trial', { scope: scope({ teams: ['North neighbourhood team'] }) });
    const analyst = await start('analyst', byTeam, {
      input: hotspotInput,
      purpose: 'Weekly patrol plan',
      team: 'North neighbourhood team',
      area: 'North area command',
    });
    expect(analyst.statusCode).toBe(409);
    expect(analyst.json().code).toBe('out-of-scope');
    const officer = await start('officer', byTeam, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    expect(officer.statusCode, officer.body).toBe(202);

    const byArea = await system(0, 'trial', { scope: scope({ teams: [], areas: ['Force headquarters'] }) });
    expect(
      (await start('officer', byArea, { input: hotspotInput, purpose: 'Weekly patrol plan' })).statusCode,
    ).toBe(409);
    expect(
      (await start('analyst', byArea, { input: hotspotInput, purpose: 'Weekly patrol plan' })).statusCode,
    ).toBe(202);

    // The administrator moves the officer to headquarters: now inside the area, no longer the team.
    const moved = await t.call('admin', 'PUT', `/api/users/${await personId('officer')}/posting`, {
      team: 'Response team',
      area: 'Force headquarters',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      (await start('officer', byArea, { input: hotspotInput, purpose: 'Weekly patrol plan' })).statusCode,
    ).toBe(202);
    expect(
      (await start('officer', byTeam, { input: hotspotInput, purpose: 'Weekly patrol plan' })).statusCode,
    ).toBe(409);
    const notAdmin = await t.call('analyst', 'PUT', `/api/users/${await personId('analyst')}/posting`, {
      team: 'North neighbourhood team',
      area: null,
    });
    expect(notAdmin.statusCode).toBe(403);
    await t.call('admin', 'PUT', `/api/users/${await personId('officer')}/posting`, {
      team: 'North neighbourhood team',
      area: 'North area command',
    });
    await drainRuns(t.services.runs);
  });

  it('records departures only from officers, and only against released outputs', async () => {
    const id = await system(0, 'live');
    const res = await start('analyst', id, { input: hotspotInput, purpose: 'Weekly patrol plan' });
    await drainRuns(t.services.runs);
    const runId = res.json().id;
    const reasons = { reasons: 'A football match moved demand to the stadium this week.' };
    const early = await t.call('officer', 'POST', `/api/runs/${runId}/departure`, reasons);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('not-released');
    await t.call('officer', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: 'Looks right.',
    });
    const analyst = await t.call('analyst', 'POST', `/api/runs/${runId}/departure`, reasons);
    expect(analyst.statusCode).toBe(403);
    const officer = await t.call('officer', 'POST', `/api/runs/${runId}/departure`, reasons);
    expect(officer.statusCode).toBe(204);
  });
});
