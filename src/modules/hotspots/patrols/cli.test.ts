import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../db/migrate.ts';
import { seedDemoPeople } from '../../../identity/demo.ts';
import { createServices } from '../../../main.ts';
import { reviewRun, startRun } from '../../../oversight/runs.ts';
import { drainRuns } from '../../../oversight/workers.ts';
import { demoCast } from '../../../register/demo.ts';
import { testConfig } from '../../../test/app.ts';
import { cliDatabase, runCli } from '../../../test/cli.ts';
import { demoSystem } from '../../../test/systems.ts';

/** `bluelamp patrols import` against a real database (embedded, or the server in CI). */
const cli = await cliDatabase('patrols');
const { dir, env, open } = cli;
let reference = '';
let released = { reference: '', cell: 0 };
let waiting = '';

const events = Array.from({ length: 120 }, (_, i) => ({
  time: `2020-0${1 + (i % 9)}-1${i % 10}T12:00`,
  x: 424_000 + (i % 10) * 150,
  y: 564_000 + (i % 12) * 150,
  category: 'Burglary',
}));

beforeAll(async () => {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    const { forceId } = await seedDemoPeople(database.db, 'a-long-demo-password');
    const cast = demoCast(database.db, forceId);
    const system = await demoSystem(database.db, forceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5 },
      overseers: ['officer'],
    });
    reference = system.reference;
    const services = await createServices(testConfig(), database, { threads: 1 });
    const analyst = await cast('analyst');
    const input = { events, crs: 'EPSG:27700', t0: '2020-11-01T00:00' };
    const run = await startRun(services.runs, analyst, system.id, { input, purpose: 'Patrol plan' });
    await drainRuns(services.runs);
    await reviewRun(database.db, await cast('officer'), run.id, {
      decision: 'accepted',
      reasons: 'Looks right.',
    });
    const row = await database.db
      .selectFrom('runs')
      .select('output')
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    released = {
      reference: run.reference,
      cell: (row.output as { topCells: Array<{ cell: number }> }).topCells[0]!.cell,
    };
    waiting = (await startRun(services.runs, analyst, system.id, { input, purpose: 'Another' })).reference;
    await drainRuns(services.runs);
    await services.close();
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(() => cli.close());

const patrols = (file: string, by: string, ...more: string[]) =>
  runCli(['patrols', 'import', '--system', reference, '--by', by, file, ...more], env);

describe('bluelamp patrols import', () => {
  it('refuses a file with errors, naming file, line and field, and records nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      `run_reference,patrol_date,cell,minutes\n${released.reference},2020-11-03,${released.cell},30\n${released.reference},2020-12-03,${released.cell},30\n`,
    );
    const res = await patrols(file, 'officer@demo.police.example');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${file}: nothing recorded.`);
    expect(res.stderr).toContain(
      `${file}: line 3, field patrol_date: must fall within the forecast period of ${released.reference}, 2020-11-01 to 2020-11-30`,
    );
    expect(res.stdout).toBe('');
    const notReleased = path.join(dir, 'waiting.csv');
    writeFileSync(notReleased, `patrol_date,cell,minutes\n2020-11-03,1,30\n`);
    const refused = await patrols(notReleased, 'officer@demo.police.example', '--run', waiting);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Patrols can only be recorded against a forecast released for deployment planning. ',
    );
    const hr = await patrols(notReleased, 'hr@demo.police.example', '--run', released.reference);
    expect(hr.code).toBe(2);
    expect(hr.stderr).toContain('may record patrols');
  });

  it('records a file for a released forecast and reports the shares against the minimums', async () => {
    const file = path.join(dir, 'good.csv');
    writeFileSync(
      file,
      `patrol_date,patrol_end,cell,minutes\n2020-11-03,,${released.cell},90\n2020-11-04,2020-11-08,0,10\n`,
    );
    const res = await patrols(file, 'officer@demo.police.example', '--run', released.reference);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      `Recorded 2 patrols (100 minutes, 2020-11-03 to 2020-11-08) for ${reference}`,
    );
    expect(res.stdout).toContain(`${released.reference}: 10% outside the hot spots (minimum 20%)`);
    expect(res.stdout).toContain('BELOW THE MINIMUM');
  });
});
