import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRegister } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { describeDisagreement, verifyState } from './state.ts';

/** The governed tables replayed from the ledger, on a register walked through the services. */
let t: TestApp;
let runId: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
  const live = await demoSystem(t.database.db, t.demoForceId, {
    stage: 'live',
    moduleSettings: { method: 'naive', top: 5 },
    productManager: false,
  });
  const events = Array.from({ length: 60 }, (_, i) => ({
    time: `2026-0${1 + (i % 9)}-1${i % 10}T12:00`,
    x: 424_000 + (i % 10) * 150,
    y: 564_000 + (i % 12) * 150,
    category: 'Burglary',
  }));
  const run = await t.run('analyst', live.id, {
    input: { events, crs: 'EPSG:27700', t0: '2026-10-01T00:00' },
    purpose: 'Weekly patrol plan',
  });
  runId = run.id;
}, 120_000);
afterAll(() => t.close());

describe('bluelamp ledger verify --state', () => {
  it('finds the tables as the ledger says after changes made through the services', async () => {
    const result = await verifyState(t.database.db);
    expect(result.systems).toBeGreaterThanOrEqual(11);
    expect(result.runs).toBe(1);
    expect(result.evidence).toBeGreaterThan(20);
    expect(result.approvals).toBeGreaterThan(5);
    expect(result.disagreements.map(describeDisagreement)).toEqual([]);
  });

  it("names a system whose stage was changed directly in SQL, and a run's status", async () => {
    const db = t.database.db;
    const scoping = await db
      .selectFrom('ai_systems')
      .select(['id', 'reference'])
      .where('stage', '=', 'scoping')
      .executeTakeFirstOrThrow();
    await sql`UPDATE ai_systems SET stage = 'live' WHERE id = ${scoping.id}`.execute(db);
    const run = await db
      .selectFrom('runs')
      .select(['reference', 'status'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    await sql`UPDATE runs SET status = 'queued' WHERE id = ${runId}`.execute(db);

    const form = await db
      .selectFrom('evidence as e')
      .innerJoin('approvals as a', 'a.evidence_id', 'e.id')
      .innerJoin('ai_systems as s', 's.id', 'e.system_id')
      .select(['e.id', 'e.kind', 'e.version', 'e.hash', 's.reference', 'a.id as approval', 'a.decision'])
      .where('e.system_id', '!=', scoping.id)
      .orderBy('s.reference')
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE approvals DISABLE TRIGGER USER`.execute(db);
    await sql`DELETE FROM approvals WHERE id = ${form.approval}`.execute(db);
    await sql`ALTER TABLE approvals ENABLE TRIGGER USER`.execute(db);
    await sql`ALTER TABLE evidence DISABLE TRIGGER USER`.execute(db);
    await sql`UPDATE evidence SET hash = 'forged' WHERE id = ${form.id}`.execute(db);
    await sql`ALTER TABLE evidence ENABLE TRIGGER USER`.execute(db);

    const lines = (await verifyState(db)).disagreements.map(describeDisagreement);
    expect(lines).toHaveLength(4);
    const named = `${form.reference} ${form.kind} v${form.version}`;
    expect(lines[2]).toMatch(
      new RegExp(
        `^evidence ${named}: hash is forged in evidence, but the ledger says ${form.hash} \\(entry \\d+\\)$`,
      ),
    );
    expect(lines[3]).toMatch(
      new RegExp(
        `^reviews of ${named} ${form.decision}: (count is \\d+ in approvals, but the ledger says \\d+ \\(entry \\d+\\)|recorded in the ledger \\(entry \\d+\\) but missing from approvals)$`,
      ),
    );
    expect(lines[0]).toMatch(
      new RegExp(
        `^AI system ${scoping.reference}: stage is live in ai_systems, but the ledger says scoping \\(entry \\d+\\)$`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^run ${run.reference}: status is queued in runs, but the ledger says ${run.status} \\(entry \\d+\\)$`,
      ),
    );
  });
});
