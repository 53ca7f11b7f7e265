import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FORECAST_MONTHS, seedDemoForecasts } from '../modules/hotspots/index.ts';
import { seedDemoRegister } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { missingFields } from './atrs.ts';
import { exportRecords } from './records.ts';

let t: TestApp;
let forecasts = 0;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
  forecasts = await seedDemoForecasts(t.services.runs, t.demoForceId);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the demo force’s public record', () => {
  it('publishes its trial and live systems, each with every ATRS field filled', async () => {
    const records = await exportRecords(t.database.db, 'demo');
    const live = records.filter((r) => r.tier1.phase === 'live');
    expect(live.length).toBeGreaterThan(0);
    expect(records.every((r) => r.tier1.phase === 'trial' || r.tier1.phase === 'live')).toBe(true);
    for (const record of live)
      expect({ [record.reference]: missingFields(record) }).toEqual({ [record.reference]: [] });
  });
});

describe('the demo force’s public forecast maps', () => {
  it('shows the latest six released forecasts in full and lists the older ones', async () => {
    // The demo's forecasts are built from the City of London extract shipped in the repository.
    expect(forecasts).toBe(DEMO_FORECAST_MONTHS.length);
    const system = await t.database.db
      .selectFrom('ai_systems')
      .select('reference')
      .where('force_id', '=', t.demoForceId)
      .where('module_id', '=', 'hotspots')
      .where('stage', '=', 'live')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'GET', url: `/forces/demo/ai/${system.reference}` });
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/<svg class="bl-figure"/g)).toHaveLength(6);
    expect(res.body).toContain('1 Nov 2020 to 30 Nov 2020');
    expect(res.body).toContain('ONE CRIME TYPE ONLY: Burglary');
    expect(res.body).toContain('police.uk locations are anonymised');
    expect(res.body).toContain('Older public forecasts');
    expect(res.body).toContain('1 Apr 2020 to 30 Apr 2020');
  });
});
