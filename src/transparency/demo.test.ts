import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRegister } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { missingFields } from './atrs.ts';
import { exportRecords } from './records.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
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
