import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/cli.ts';
import { createTestDatabase } from '../test/db.ts';

/**
 * The CLI against a real database: embedded PGlite in a temporary data directory, or the
 * PostgreSQL server when TEST_DATABASE_URL is set.
 */
const server = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'bluelamp-cli-'));
const env = server ? { DATABASE_URL: server.url } : { BLUELAMP_DATA_DIR: dataDir, DATABASE_URL: undefined };
afterAll(async () => {
  await server?.close();
});

async function tamper(statement: string) {
  const sql = `ALTER TABLE ledger_entries DISABLE TRIGGER USER; ${statement}; ALTER TABLE ledger_entries ENABLE TRIGGER USER;`;
  if (server) {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(sql);
    await client.end();
  } else {
    const db = await PGlite.create({ dataDir: path.join(dataDir, 'pg') });
    await db.exec(sql);
    await db.close();
  }
}

describe('bluelamp CLI: users and ledger', () => {
  it('adds people, verifies the ledger, and names the first altered entry', async () => {
    const add = (email: string, role: string) =>
      runCli(
        ['users', 'add', '--email', email, '--name', 'Test Person', '--force', 'northumbria', '--role', role],
        { ...env, BLUELAMP_NEW_PASSWORD: 'a-long-password-123' },
      );
    const first = await add('one@northumbria.police.example', 'ai-lead');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('to northumbria as ai-lead');
    expect((await add('two@northumbria.police.example', 'analyst,officer')).code).toBe(0);

    const taken = await add('one@northumbria.police.example', 'analyst');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('already registered');

    const ok = await runCli(['ledger', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Ledger intact: 2 entries');

    await tamper(`UPDATE ledger_entries SET payload = '{"roles":["chief-constable"]}' WHERE seq = 1`);
    const bad = await runCli(['ledger', 'verify'], env);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('FAILED at seq 1');
  }, 120_000);

  it('explains bad arguments and exits non-zero', async () => {
    const res = await runCli(
      [
        'users',
        'add',
        '--email',
        'nope',
        '--name',
        'X',
        '--force',
        'northumbria',
        '--role',
        'wizard',
        '--password',
        'short',
      ],
      env,
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--email: must be an email address');
    expect(res.stderr).toContain('--role');
    expect(res.stderr).toContain('--password: must be at least 12 characters');
  }, 60_000);
});
