import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger/verify.ts';
import { demoCast } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { impactSummary } from './time.ts';

describe('impactSummary', () => {
  it('turns minutes into hours, splits reinvested time, and never counts more than was saved', () => {
    const s = impactSummary({ runs: 5, releasedRuns: 4, minutesSaved: 180, energyWh: 0.25, co2eG: 0.05175 }, [
      {
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
        hours: 2,
        category: 'frontline',
        notes: 'Patrols',
      },
      {
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
        hours: 0.5,
        category: 'other',
        notes: 'Training',
      },
    ]);
    expect(s).toMatchObject({
      runs: 5,
      releasedRuns: 4,
      estimatedHoursSaved: 3,
      reinvested: { frontline: 2, 'community-engagement': 0, other: 0.5, total: 2.5 },
      hoursNotAccounted: 0.5,
      frontlineShare: 0.667,
      energyWh: 0.25,
      energyKwh: 0.00025,
      co2eG: 0.0518,
    });
    const over = impactSummary({ runs: 1, releasedRuns: 1, minutesSaved: 30, energyWh: 0, co2eG: 0 }, [
      { periodStart: '2026-03-01', periodEnd: '2026-03-31', hours: 2, category: 'frontline', notes: 'x' },
    ]);
    expect(over.hoursNotAccounted).toBe(0);
    expect(over.frontlineShare).toBe(1);
    expect(
      impactSummary({ runs: 0, releasedRuns: 0, minutesSaved: 0, energyWh: 0, co2eG: 0 }, []).frontlineShare,
    ).toBeNull();
  });
});

describe('time saved and energy of a system', () => {
  let t: TestApp;
  let systemId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const cast = demoCast(t.database.db, t.demoForceId);
    ({ id: systemId } = await demoSystem(t.database.db, t.demoForceId, { overseers: ['officer'] }));
    const analyst = (await cast('analyst')).personId;
    const runs: Array<
      [status: 'released' | 'rejected' | 'awaiting_review', minutes: number, wh: number, g: number]
    > = [
      ['released', 45, 0.5, 0.1035],
      ['released', 45, 0.25, 0.05175],
      ['released', 30, 0.25, 0.05175],
      ['rejected', 45, 1, 0.207],
      ['awaiting_review', 45, 2, 0.414],
    ];
    await t.database.db
      .insertInto('runs')
      .values(
        runs.map(([status, minutes, wh, g], i) => ({
          force_id: t.demoForceId,
          system_id: systemId,
          reference: `R-TEST-000${i}`,
          actor_id: analyst,
          purpose: 'Weekly patrol plan',
          input_fingerprint: '0'.repeat(64),
          input: '{}',
          output: '{}',
          explanation: 'Test run',
          module_id: 'hotspots',
          module_version: '1.0.0',
          settings: '{}',
          duration_ms: 10,
          cpu_ms: 10,
          energy_wh: wh,
          co2e_g: g,
          minutes_saved: minutes,
          review_mode: 'every' as const,
          needs_review: true,
          status,
        })),
      )
      .execute();
  });
  afterAll(() => t.close());

  const call: TestApp['call'] = (...args) => t.call(...args);

  const march = { periodStart: '2026-03-01', periodEnd: '2026-03-31' };

  it('sums time saved over released runs and energy over all runs', async () => {
    const res = await call('officer', 'GET', `/api/systems/${systemId}/impact`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary).toMatchObject({
      runs: 5,
      releasedRuns: 3,
      estimatedHoursSaved: 2,
      energyWh: 4,
      co2eG: 0.828,
      hoursNotAccounted: 2,
    });
  });

  it('lets only the product manager record where the time was reinvested', async () => {
    const entry = {
      ...march,
      hours: 1.5,
      category: 'frontline',
      notes: 'Extra foot patrol in the town centre',
    };
    const officer = await call('officer', 'POST', `/api/systems/${systemId}/reinvestment`, entry);
    expect(officer.statusCode).toBe(403);
    const backwards = await call('product-manager', 'POST', `/api/systems/${systemId}/reinvestment`, {
      ...entry,
      periodEnd: '2026-02-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().detail).toContain('periodEnd');
    const ok = await call('product-manager', 'POST', `/api/systems/${systemId}/reinvestment`, entry);
    expect(ok.statusCode, ok.body).toBe(201);
    const community = await call('product-manager', 'POST', `/api/systems/${systemId}/reinvestment`, {
      ...march,
      hours: 0.25,
      category: 'community-engagement',
      notes: 'Beat surgery at the library',
    });
    expect(community.statusCode).toBe(201);

    const impact = (await call('officer', 'GET', `/api/systems/${systemId}/impact`)).json();
    expect(impact.summary.reinvested).toEqual({
      frontline: 1.5,
      'community-engagement': 0.25,
      other: 0,
      total: 1.75,
    });
    expect(impact.summary.hoursNotAccounted).toBe(0.25);
    expect(impact.reinvestments[0]).toMatchObject({ ...march, category: 'frontline' });
    const ledger = await t.database.db
      .selectFrom('ledger_entries')
      .select('action')
      .where('subject_id', '=', systemId)
      .where('action', '=', 'time.reinvested')
      .execute();
    expect(ledger).toHaveLength(2);
  });

  it('shows the impact page with the form for the product manager only', async () => {
    const pm = await call('product-manager', 'GET', `/systems/${systemId}/impact`);
    expect(pm.statusCode).toBe(200);
    expect(pm.body).toContain('Officer time saved (estimate)');
    expect(pm.body.replace(/\s+/g, ' ')).toContain(
      'released outputs times the expected minutes saved per task. Not measured.',
    );
    expect(pm.body).toContain('Record where time was reinvested');
    const officer = await call('officer', 'GET', `/systems/${systemId}/impact`);
    expect(officer.statusCode).toBe(200);
    expect(officer.body).not.toContain('Record where time was reinvested');
  });

  it('leaves the ledger intact', async () => {
    expect((await verifyLedger(t.database.db)).ok).toBe(true);
  });
});
