import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail } from '../identity/demo.ts';
import { seedDemoRegister } from '../register/demo.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { demoSystem } from '../test/systems.ts';
import { describeDisagreement, verifyState } from './state.ts';

/** The governed tables replayed from the ledger, on a register walked through the services. */
let t: TestApp;
let systemId: string;
let runId: string;
let incidentId: string;
let challengeId: string;
const REVIEW_REASONS = 'Matches the recent pattern.';
const DEPARTURE = 'A football match moved demand to the stadium this week.';
const CLOSING = 'The forecast was shown for the wrong week. The week is now checked before use.';
const NOT_UPHELD = 'The visits followed reports made that week, not the forecast.';

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoRegister(t.database.db, t.demoForceId);
  const live = await demoSystem(t.database.db, t.demoForceId, {
    stage: 'live',
    moduleSettings: { method: 'naive', top: 5 },
  });
  systemId = live.id;
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
  const ok = async (res: { statusCode: number; body: string }, what: string) =>
    expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(300);
  await ok(
    await t.call('officer', 'POST', `/api/runs/${runId}/review`, {
      decision: 'accepted',
      reasons: REVIEW_REASONS,
    }),
    'review',
  );
  await ok(
    await t.call('officer', 'POST', `/api/runs/${runId}/departure`, { reasons: DEPARTURE }),
    'departure',
  );

  const reported = await t.call('officer', 'POST', '/api/incidents', {
    systemId,
    title: 'Forecast shown for the wrong week',
    description: 'Patrol plans for week 12 used the forecast for week 11.',
    severity: 'minor',
  });
  await ok(reported, 'incident');
  incidentId = reported.json().id;
  await ok(
    await t.call('product-manager', 'POST', `/api/incidents/${incidentId}/notes`, {
      kind: 'investigation',
      text: 'The week selector defaulted to the previous week.',
    }),
    'note',
  );
  await ok(
    await t.call('chief-constable', 'POST', `/api/incidents/${incidentId}/close`, { publicSummary: CLOSING }),
    'close',
  );

  const challenged = await t.app.inject({
    method: 'POST',
    url: '/api/public/challenges',
    payload: {
      runReference: run.reference,
      description: 'Officers visited my street three nights running after the forecast.',
    },
  });
  await ok(challenged, 'challenge');
  const challenge = await t.database.db
    .selectFrom('challenges')
    .select('id')
    .where('reference', '=', challenged.json().reference)
    .executeTakeFirstOrThrow();
  challengeId = challenge.id;
  await ok(
    await t.call('product-manager', 'POST', `/api/challenges/${challengeId}/decision`, {
      outcome: 'not-upheld',
      reasons: NOT_UPHELD,
    }),
    'decision',
  );
}, 120_000);
afterAll(() => t.close());

/** The sequence number of the last entry `action` on `subjectId`. */
async function entry(subjectId: string, action: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('ledger_entries')
    .select('seq')
    .where('subject_id', '=', subjectId)
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/** Runs a statement with the table's guard triggers off, as someone editing the database would. */
async function tamper(table: string, statement: ReturnType<typeof sql>) {
  const db = t.database.db;
  await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(db);
  await statement.execute(db);
  await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(db);
}

const personId = async (role: Parameters<typeof demoEmail>[0]) =>
  (
    await t.database.db
      .selectFrom('people')
      .select('id')
      .where('email', '=', demoEmail(role))
      .executeTakeFirstOrThrow()
  ).id;

describe('bluelamp ledger verify --state', () => {
  it('finds the tables as the ledger says after changes made through the services', async () => {
    const result = await verifyState(t.database.db);
    expect(result.disagreements.map(describeDisagreement)).toEqual([]);
    expect(result.counts.ai_systems).toBeGreaterThanOrEqual(11);
    expect(result.counts.evidence).toBeGreaterThan(20);
    expect(result.counts.approvals).toBeGreaterThan(5);
    expect(result.counts).toMatchObject({
      runs: 1,
      reviews: 1,
      run_decisions: 1,
      incidents: 1,
      challenges: 1,
      // 18 roles, one demo person each, plus the AI lead's second force (national)
      people: 18,
      role_assignments: 19,
      postings: 4,
    });
  });

  it('names each changed row: table, row, field, what the ledger says and what the row holds', async () => {
    const db = t.database.db;
    const system = await db
      .selectFrom('ai_systems')
      .select(['reference', 'name'])
      .where('id', '=', systemId)
      .executeTakeFirstOrThrow();
    const registered = await entry(systemId, 'system.registered');
    const run = await db
      .selectFrom('runs')
      .select('reference')
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    const incident = await db
      .selectFrom('incidents')
      .select('reference')
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    const challenge = await db
      .selectFrom('challenges')
      .select('reference')
      .where('id', '=', challengeId)
      .executeTakeFirstOrThrow();
    const [hr, officer, analyst] = [
      await personId('hr'),
      await personId('officer'),
      await personId('analyst'),
    ];
    // An incident on a system is owned by its product manager until someone assigns another owner.
    const productManager = await personId('product-manager');
    const force = t.demoForceId;

    await tamper('ai_systems', sql`UPDATE ai_systems SET name = 'Renamed quietly' WHERE id = ${systemId}`);
    await tamper(
      'ai_systems',
      sql`UPDATE ai_systems SET module_settings = '{"method": "naive", "top": 50}' WHERE id = ${systemId}`,
    );
    await tamper(
      'system_overseers',
      sql`DELETE FROM system_overseers WHERE system_id = ${systemId} AND person_id = ${officer}`,
    );
    await tamper('reviews', sql`UPDATE reviews SET reasons = 'Rubber stamp.' WHERE run_id = ${runId}`);
    await tamper(
      'run_decisions',
      sql`UPDATE run_decisions SET reasons = 'No reason.' WHERE run_id = ${runId}`,
    );
    await tamper(
      'incidents',
      sql`UPDATE incidents SET status = 'open', owner_id = ${analyst} WHERE id = ${incidentId}`,
    );
    await tamper(
      'challenges',
      sql`UPDATE challenges SET status = 'upheld', outcome_reasons = 'Upheld.' WHERE id = ${challengeId}`,
    );
    await tamper('people', sql`UPDATE people SET disabled_at = now() WHERE id = ${hr}`);
    await tamper(
      'role_assignments',
      sql`INSERT INTO role_assignments (person_id, force_id, role) VALUES (${officer}, ${force}, 'admin')`,
    );
    await tamper('postings', sql`UPDATE postings SET team = 'Response' WHERE person_id = ${officer}`);

    const lines = (await verifyState(db)).disagreements.map(describeDisagreement);
    const closed = await entry(incidentId, 'incident.closed');
    const opened = await entry(incidentId, 'incident.opened');
    const decided = await entry(challengeId, 'challenge.not-upheld');
    expect(lines.sort()).toEqual(
      [
        `AI system ${system.reference}: name is Renamed quietly in ai_systems, but the ledger says ${system.name} (entry ${registered})`,
        `AI system ${system.reference}: module_settings is {"method":"naive","top":50} in ai_systems, but the ledger says {"method":"naive","top":5} (entry ${registered})`,
        // the demo system's overseers are the officer and the analyst, sorted as ids
        `AI system ${system.reference}: overseers is ["${analyst}"] in ai_systems, but the ledger says ${JSON.stringify([officer, analyst].sort())} (entry ${registered})`,
        `review of run ${run.reference}: reasons is Rubber stamp. in reviews, but the ledger says ${REVIEW_REASONS} (entry ${await entry(runId, 'run.accepted')})`,
        `decision on run ${run.reference} departure: reasons is ["No reason."] in run_decisions, but the ledger says ["${DEPARTURE}"] (entry ${await entry(runId, 'run.departed')})`,
        `incident ${incident.reference}: status is open in incidents, but the ledger says closed (entry ${closed})`,
        `incident ${incident.reference}: owner_id is ${analyst} in incidents, but the ledger says ${productManager} (entry ${opened})`,
        `challenge ${challenge.reference}: status is upheld in challenges, but the ledger says not-upheld (entry ${decided})`,
        `challenge ${challenge.reference}: outcome_reasons is Upheld. in challenges, but the ledger says ${NOT_UPHELD} (entry ${decided})`,
        `person ${hr}: deactivated is yes in people, but the ledger says no (entry ${await entry(hr, 'person.created')})`,
        `roles of person ${officer} in force ${force}: roles is ["admin","officer"] in role_assignments, but the ledger says ["officer"] (entry ${await entry(officer, 'person.created')})`,
        `posting of person ${officer} in force ${force}: team is Response in postings, but the ledger says North neighbourhood team (entry ${await entry(officer, 'person.posted')})`,
      ].sort(),
    );
  });

  it("names a system whose stage was changed directly in SQL, a run's status, evidence and approvals", async () => {
    const db = t.database.db;
    const before = new Set((await verifyState(db)).disagreements.map(describeDisagreement));
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
    await tamper('approvals', sql`DELETE FROM approvals WHERE id = ${form.approval}`);
    await tamper('evidence', sql`UPDATE evidence SET hash = 'forged' WHERE id = ${form.id}`);

    const lines = (await verifyState(db)).disagreements
      .map(describeDisagreement)
      .filter((l) => !before.has(l));
    expect(lines).toHaveLength(4);
    const named = `${form.reference} ${form.kind} v${form.version}`;
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^AI system ${scoping.reference}: stage is live in ai_systems, but the ledger says scoping \\(entry \\d+\\)$`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^run ${run.reference}: status is queued in runs, but the ledger says ${run.status} \\(entry \\d+\\)$`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^evidence ${named}: hash is forged in evidence, but the ledger says ${form.hash} \\(entry \\d+\\)$`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^reviews of ${named} ${form.decision}: (count is \\d+ in approvals, but the ledger says \\d+ \\(entry \\d+\\)|recorded in the ledger \\(entry \\d+\\) but missing from approvals)$`,
        ),
      ),
    );
  });
});
