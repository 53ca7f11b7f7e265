import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
async function target() {
  const server = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bluelamp-cli-'));
  const env = { BLUELAMP_DATA_DIR: dataDir, DATABASE_URL: server?.url };
  return { server, dataDir, env };
}
const first = await target();
const { server, env } = first;
const second = await target();
afterAll(async () => {
  await server?.close();
  await second.server?.close();
});

async function tamper(statement: string, { server, dataDir } = first) {
  const tables = ['ledger_entries', 'ledger_nodes', 'ledger_tree_heads'];
  const sql = `${tables.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER;`).join(' ')} ${statement}; ${tables.map((t) => `ALTER TABLE ${t} ENABLE TRIGGER USER;`).join(' ')}`;
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
  }, 300_000);

  it('catches deleted entries with the checkpoint the service kept, a saved checkpoint or untrusted keys, and refuses to sign', async () => {
    const { env, dataDir } = second;
    for (const who of ['three', 'four']) {
      const added = await runCli(
        [
          'users',
          'add',
          '--email',
          `${who}@northumbria.police.example`,
          '--name',
          'Test Person',
          '--force',
          'northumbria',
          '--role',
          'analyst',
        ],
        { ...env, BLUELAMP_NEW_PASSWORD: 'a-long-password-123' },
      );
      expect(added.code).toBe(0);
    }
    const head = await runCli(['ledger', 'tree-head'], env);
    expect(head.code).toBe(0);
    const size = (JSON.parse(head.stdout) as { treeSize: number }).treeSize;
    expect(size).toBeGreaterThan(1);
    const kept = path.join(mkdtempSync(path.join(tmpdir(), 'bluelamp-kept-')), 'checkpoint');
    copyFileSync(path.join(dataDir, 'ledger-checkpoint'), kept);

    // A key file with only someone else's key: the heads are not signed by it, the configured key is.
    const other = path.join(path.dirname(kept), 'other-keys');
    const earlier = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    writeFileSync(other, `# an earlier key\n${earlier}`);
    const ok = await runCli(
      ['ledger', 'verify', '--state', '--trusted-keys', other, '--checkpoint', kept],
      env,
    );
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('extends 2 trusted checkpoints');
    expect(ok.stdout).toContain(
      // two people (three and four), each with a role in one force
      "State: 0 AI system records, 0 evidence versions, 0 approvals and rejections, 0 runs, 0 reviews, 0 runs' decisions, 0 incidents, 0 challenges, 2 people, 2 people's roles in a force, 0 postings agree with the ledger.",
    );

    await tamper(
      `DELETE FROM ledger_entries WHERE seq >= ${size - 1}; DELETE FROM ledger_nodes WHERE (idx + 1) * (1::bigint << level) > ${size - 1}; DELETE FROM ledger_tree_heads WHERE tree_size > ${size - 1}`,
      second,
    );
    const byState = await runCli(['ledger', 'verify'], env);
    expect(byState.code).toBe(3);
    expect(byState.stderr).toContain(`holds a tree of ${size} entries but the ledger has only ${size - 1}`);
    const refused = await runCli(['ledger', 'tree-head'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Refusing to sign a tree head');
    expect(refused.stderr).toContain('entries were deleted');

    // Without the service's own record, the checkpoint kept elsewhere still catches it.
    rmSync(path.join(dataDir, 'ledger-checkpoint'));
    expect((await runCli(['ledger', 'verify'], env)).code).toBe(0);
    const byKept = await runCli(['ledger', 'verify', '--checkpoint', kept], env);
    expect(byKept.code).toBe(3);
    expect(byKept.stderr).toContain(`${kept} holds a tree of ${size} entries`);
  }, 300_000);

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
