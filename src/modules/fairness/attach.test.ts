import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedDemoPeople } from '../../identity/demo.ts';
import { cliDatabase, runCli } from '../../test/cli.ts';
import { demoSystem } from '../../test/systems.ts';

/** `bluelamp fairness audit --attach-to` against a real database (embedded, or the server in CI). */
const cli = await cliDatabase('attach');
const { dir, env, open } = cli;
let reference = '';

beforeAll(async () => {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    const { forceId } = await seedDemoPeople(database.db, 'a-long-demo-password');
    reference = (await demoSystem(database.db, forceId, { index: 2, stage: 'validation' })).reference;
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(() => cli.close());

describe('bluelamp fairness audit --attach-to', () => {
  it('attaches the audit it ran to the system, pinned to its model, as the named analyst only', async () => {
    const file = path.join(dir, 'predictions.csv');
    const rows = Array.from(
      { length: 200 },
      (_, i) => `${(i * 37) % 100},${(i * 53) % 100 < 40 ? 1 : 0},${i % 3 ? 'M' : 'F'}`,
    );
    writeFileSync(file, `score,reoffended,sex\n${rows.join('\n')}\n`);
    const args = ['fairness', 'audit', '--input', file, '--prediction', 'score', '--threshold', '50'];
    args.push(
      '--outcome',
      'reoffended',
      '--group',
      'sex',
      '--bootstrap',
      '0',
      '--out',
      path.join(dir, 'a.json'),
    );
    const noOne = await runCli([...args, '--attach-to', reference], env);
    expect(noOne.code).not.toBe(0);
    expect(noOne.stderr).toContain('--attach-to needs --as');
    const officer = await runCli(
      [...args, '--attach-to', reference, '--as', 'officer@demo.police.example'],
      env,
    );
    expect(officer.code).toBe(2);
    expect(officer.stderr).toContain(`${reference}: The Validation report can only be written by analyst`);
    const res = await runCli([...args, '--attach-to', reference, '--as', 'analyst@demo.police.example'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(
      new RegExp(
        `Attached the fairness audit of OGRS3 3 \\(200 records, data sha256 [0-9a-f]{64}\\) to ${reference}; ledger entry \\d+`,
      ),
    );
    const database = await open();
    try {
      const rows = await database.db.selectFrom('bias_audits').select(['model_name', 'source']).execute();
      expect(rows).toEqual([{ model_name: 'OGRS3', source: 'predictions.csv' }]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
