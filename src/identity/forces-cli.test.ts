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

const list = async () => {
  const res = await runCli(['forces', 'list'], env);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.trim().split('\n');
};

describe('bluelamp forces', () => {
  it('lists the forces, and a force is onboarded when it gains an administrator', async () => {
    const before = await list();
    expect(before).toHaveLength(45); // 43 territorial forces, British Transport Police, national
    expect(before.filter((l) => / onboarded \d{4}-/.test(l))).toEqual([]);
    const add = await runCli(
      [
        'users',
        'add',
        '--email',
        'admin@kent.police.example',
        '--name',
        'Kent Admin',
        '--force',
        'kent',
        '--role',
        'admin',
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const after = await list();
    expect(after.filter((l) => / onboarded \d{4}-/.test(l))).toEqual([
      expect.stringMatching(/^kent +onboarded \d{4}-\d\d-\d\d +Kent Police$/),
    ]);
    expect(after).toContainEqual(expect.stringMatching(/^essex +not onboarded +Essex Police$/));
  }, 300_000);
});
