import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemoPeople } from '../identity/demo.ts';
import { demoCast } from '../register/demo.ts';
import { cliDatabase, runCli } from '../test/cli.ts';
import { demoSystem } from '../test/systems.ts';

/** `bluelamp outcomes import` against a real database (embedded, or the server in CI). */
const cli = await cliDatabase('outcomes');
const { dir, env, open } = cli;
let reference = '';

beforeAll(async () => {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    const { forceId } = await seedDemoPeople(database.db, 'a-long-demo-password');
    const _cast = demoCast(database.db, forceId);
    const created = await demoSystem(database.db, forceId, {
      stage: 'live',
      moduleSettings: { method: 'naive', top: 5 },
      productManager: false,
      overseers: ['officer'],
    });
    reference = created.reference;
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(() => cli.close());

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('bluelamp outcomes import', () => {
  it('refuses a file with errors, naming file, line and field, and imports nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `observed_at,group,hit-rate-5pc\n${day(3)},Urban,0.3\n${day(2)},Urban,n/a\n`);
    const res = await runCli(
      ['outcomes', 'import', '--system', reference, '--file', file, '--as', 'analyst@demo.police.example'],
      env,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${file}: nothing imported.`);
    expect(res.stderr).toContain(`${file}: line 3, field hit-rate-5pc: must be a number`);
    expect(res.stdout).toBe('');
    const officer = await runCli(
      ['outcomes', 'import', '--system', reference, '--file', file, '--as', 'officer@demo.police.example'],
      env,
    );
    expect(officer.code).toBe(2);
    expect(officer.stderr).toContain('does not hold product-manager or analyst');
  }, 60_000);

  it('imports a good file as the named person, and reports a severe breach and the suspension', async () => {
    const file = path.join(dir, 'good.csv');
    writeFileSync(file, `observed_at,group,hit-rate-5pc\n${day(3)},Urban,0.1\n${day(2)},Rural,0.12\n`);
    const res = await runCli(
      [
        'outcomes',
        'import',
        '--system',
        reference.toLowerCase(),
        '--file',
        file,
        '--as',
        'analyst@demo.police.example',
      ],
      env,
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(`^Imported 2 outcomes into ${reference} \\(sha256 [0-9a-f]{64}\\)\\.`),
    );
    expect(res.stdout).toContain('Severe breach: hit-rate-5pc overall was 0.11 over the 90 days to');
    expect(res.stdout).toMatch(
      /has been suspended automatically; incident I-[0-9A-Z]{4}-[0-9A-Z]{4} is open\./,
    );
    const database = await open();
    try {
      const entry = await database.db
        .selectFrom('ledger_entries')
        .select(['payload', 'actor_id'])
        .where('action', '=', 'outcomes.imported')
        .executeTakeFirstOrThrow();
      expect(entry.payload).toMatchObject({ count: 2, fileName: 'good.csv' });
      expect(entry.actor_id).not.toBeNull();
    } finally {
      await database.close();
    }
  }, 60_000);
});
