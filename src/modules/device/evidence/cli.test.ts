import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../db/migrate.ts';
import { seedDemoPeople } from '../../../identity/demo.ts';
import { cliDatabase, runCli } from '../../../test/cli.ts';
import { demoSystem } from '../../../test/systems.ts';

/** `bluelamp device ...` against a real database (embedded, or the server in CI). */
const cli = await cliDatabase('device-cli');
const { env, open } = cli;
const as = ['--force', 'demo', '--as', 'officer@demo.police.example'];
const DEMO = path.join(import.meta.dirname, '..', 'extraction', 'demo');

beforeAll(async () => {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    const { forceId } = await seedDemoPeople(database.db, 'a-long-demo-password');
    await demoSystem(database.db, forceId, { index: 11, stage: 'live', moduleId: 'device' });
  } finally {
    await database.close();
  }
}, 180_000);
afterAll(() => cli.close());

describe('bluelamp device', () => {
  it('authorises, imports all or nothing, and queues a summary', async () => {
    const opened = await runCli(
      [
        'case',
        'open',
        'CLI/D/1',
        '--title',
        'Supply',
        '--review-on',
        '2031-05-01',
        '--supervisor',
        'analyst@demo.police.example',
        ...as,
      ],
      env,
    );
    expect(opened.code, opened.stderr).toBe(0);
    const authorise = [
      'device',
      'authorise',
      'CLI/D/1',
      '--device',
      'Samsung Galaxy A14, exhibit JP/3',
      '--owner',
      'Jordan Pike',
      '--owner-role',
      'suspect',
      '--purpose',
      'To find who supplied the drugs during the week of the supply.',
      '--from',
      '2024-06-10',
      '--to',
      '2024-06-16',
      '--kinds',
      'messages,calls',
      '--retain-until',
      '2031-06-30',
      ...as,
    ];
    const wrong = await runCli([...authorise, '--authorised-by', 'officer@demo.police.example'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'authorisedBy: officer@demo.police.example is not a supervisor of case CLI/D/1',
    );
    const ok = await runCli([...authorise, '--authorised-by', 'analyst@demo.police.example'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const [authorisation] = ok.stdout.split('\t');

    const files = ['mmssms.db', 'calllog.db', '2024_JUNE.json'].map((f) => path.join(DEMO, f));
    const imported = await runCli(['device', 'import', 'CLI/D/1', authorisation!, ...files, ...as], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^[0-9a-f-]{36}\t20 records\t0 images \(0 matched\)\n/);
    expect(imported.stdout).toContain('left out: 55 kind not authorised: locations');
    const [extraction] = imported.stdout.split('\t');

    const queued = await runCli(
      [
        'device',
        'summarise',
        'CLI/D/1',
        extraction!,
        '--subject',
        '07700 900121=Kyle Dunn',
        '--line',
        'Handover|towards|van',
        ...as,
      ],
      env,
    );
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toMatch(/^R-[A-Z0-9-]+\tqueued\t\/runs\//);
  }, 180_000);
});
