import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../identity/roles.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { startRun } from '../oversight/runs.ts';
import { drainRuns } from '../oversight/workers.ts';
import { demoCast } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { monitoringWork } from './work.ts';

let t: TestApp;
let cast: ReturnType<typeof demoCast>;
let systemId: string;

beforeAll(async () => {
  t = await createTestApp();
  cast = demoCast(t.database.db, t.demoForceId);
  systemId = (
    await demoSystem(t.database.db, t.demoForceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5 },
      productManager: false,
    })
  ).id;
});
afterAll(() => t.close());

const call: TestApp['call'] = (...args) => t.call(...args);

const input = {
  events: Array.from({ length: 30 }, (_, i) => ({
    time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
    x: 424_000 + (i % 5) * 150,
    y: 564_000 + (i % 3) * 150,
    category: 'Burglary',
  })),
  crs: 'EPSG:27700',
  t0: '2026-10-01T00:00',
};

async function newRun(): Promise<string> {
  const run = await startRun(t.services.runs, await cast('product-manager'), systemId, {
    input,
    purpose: 'Weekly patrol plan',
  });
  await drainRuns(t.services.runs);
  return run.id;
}

/** Opens the run (the start of review time) and accepts it at once, through the API. */
async function quickAccept(role: Role, runId: string) {
  expect((await call(role, 'GET', `/api/runs/${runId}`)).statusCode).toBe(200);
  const res = await call(role, 'POST', `/api/runs/${runId}/review`, {
    decision: 'accepted',
    reasons: 'Looks fine.',
  });
  expect(res.statusCode, res.body).toBe(200);
}

const relianceAlerts = () =>
  t.database.db
    .selectFrom('alerts')
    .selectAll()
    .where('system_id', '=', systemId)
    .where('kind', '=', 'reliance')
    .execute();

describe('over-reliance', () => {
  it('fires a reliance alert on a rubber-stamping pattern, once until acknowledged', async () => {
    const officer = await cast('officer');
    for (let i = 0; i < 49; i++) await quickAccept('officer', await newRun());
    expect(await relianceAlerts()).toHaveLength(0);

    await quickAccept('officer', await newRun());
    const [alert, ...others] = await relianceAlerts();
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ severity: 'warning', acknowledged_at: null });
    expect(alert!.message).toMatch(
      /^PC Jamie Lewis accepted 100% of 50 outputs with a median review of 0(\.\d)? seconds/,
    );
    expect(alert!.details).toMatchObject({ reviewerId: officer.personId, reviews: 50, acceptanceRate: 1 });

    for (let i = 0; i < 2; i++) await quickAccept('officer', await newRun());
    expect(await relianceAlerts()).toHaveLength(1);

    const work = await monitoringWork(t.database.db, await cast('product-manager'));
    expect(work).toEqual([
      expect.objectContaining({
        title: 'Possible over-reliance: Burglary hot spot forecast',
        href: `/systems/${systemId}/monitoring#alert-${alert!.id}`,
      }),
    ]);
    const raised = await t.database.db
      .selectFrom('ledger_entries')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', alert!.id)
      .execute();
    expect(raised).toEqual([{ action: 'alert.raised', actor_id: null }]);

    // After acknowledgement only later reviews count: two more fast ones are not yet a pattern.
    const ack = await call('product-manager', 'POST', `/api/alerts/${alert!.id}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    for (let i = 0; i < 2; i++) await quickAccept('officer', await newRun());
    expect(await relianceAlerts()).toHaveLength(1);
  });

  it('measures acceptance, amendment, rejection and median time per reviewer and per system', async () => {
    const analyst = await cast('analyst');
    const decisions = ['amended', 'rejected', 'accepted'] as const;
    for (const decision of decisions) {
      const runId = await newRun();
      // A careful review: opened 30 seconds before the decision.
      await t.database.db
        .insertInto('review_views')
        .values({ run_id: runId, reviewer_id: analyst.personId, opened_at: new Date(Date.now() - 30_000) })
        .execute();
      const output = (await call('analyst', 'GET', `/api/runs/${runId}`)).json().output;
      const res = await call('analyst', 'POST', `/api/runs/${runId}/review`, {
        decision,
        reasons: 'Checked against the last four weeks of calls.',
        ...(decision === 'amended'
          ? { amendedOutput: { ...output, topCells: output.topCells.slice(1) } }
          : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const res = await call('officer', 'GET', `/api/systems/${systemId}/reliance`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.rule).toEqual({ maxAcceptance: 0.95, minMedianSeconds: 10, minReviews: 50 });
    const [officer, careful] = r.reviewers;
    expect(officer).toMatchObject({
      name: 'PC Jamie Lewis',
      flagged: true,
      stats: { reviews: 54, accepted: 54 },
    });
    expect(officer.stats.medianSeconds).toBeLessThan(2);
    expect(careful).toMatchObject({
      name: 'Nina Kowalski',
      flagged: false,
      stats: { reviews: 3, accepted: 1, amended: 1, rejected: 1 },
    });
    expect(careful.stats.medianSeconds).toBeGreaterThanOrEqual(30);
    expect(careful.stats.medianSeconds).toBeLessThan(40);
    expect(r.system).toMatchObject({ reviews: 57, accepted: 55, amended: 1, rejected: 1 });
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});
