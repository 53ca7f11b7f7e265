import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/cli.ts';
import { createTestDatabase } from '../test/db.ts';

const server = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
const env = {
  BLUELAMP_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bluelamp-forces-')),
  DATABASE_URL: server?.url,
  BLUELAMP_NEW_PASSWORD: 'a-long-password-9',
};
afterAll(() => server?.close());

type Listed = { slug: string; kind: string; onboarded_at: string | null };
const list = async () => {
  const res = await runCli(['forces', 'list', '--json'], env);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Listed[];
};

describe('bluelamp forces', () => {
  it('lists the forces, and a force is onboarded when it gains an administrator', async () => {
    const before = await list();
    expect(before).toHaveLength(45); // 43 territorial forces, British Transport Police, national
    expect(before.every((f) => f.onboarded_at === null)).toBe(true);
    const add = (email: string, role: string) =>
      runCli(
        ['users', 'add', '--email', email, '--name', 'Kent Person', '--force', 'kent', '--role', role],
        env,
      );
    expect((await add('admin@kent.police.example', 'admin')).code).toBe(0);
    const after = await list();
    expect(after.filter((f) => f.onboarded_at !== null).map((f) => f.slug)).toEqual(['kent']);
    const text = await runCli(['forces', 'list'], env);
    expect(text.stdout).toMatch(/^kent +onboarded \d{4}-\d\d-\d\d +Kent Police$/m);
    expect(text.stdout).toMatch(/^essex +not onboarded +Essex Police$/m);
  }, 120_000);
});
