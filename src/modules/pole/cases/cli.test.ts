import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../db/migrate.ts';
import { seedDemoPeople } from '../../../identity/demo.ts';
import { cliDatabase, runCli } from '../../../test/cli.ts';
import { docxBytes } from '../../../test/documents.ts';
import { demoSystem } from '../../../test/systems.ts';

/** `bluelamp case ...` against a real database (embedded, or the server in CI). */
const cli = await cliDatabase('case-cli');
const { dir, env, open } = cli;
const as = ['--force', 'demo', '--as', 'officer@demo.police.example'];

beforeAll(async () => {
  const database = await open();
  try {
    await migrateToLatest(database.db);
    const { forceId } = await seedDemoPeople(database.db, 'a-long-demo-password');
    await demoSystem(database.db, forceId, { index: 10, stage: 'live', moduleId: 'pole' });
  } finally {
    await database.close();
  }
}, 180_000);
afterAll(() => cli.close());

describe('bluelamp case', () => {
  it('opens a case, adds files all or nothing, finds a phone however written, and queues an analysis', async () => {
    const opened = await runCli(
      ['case', 'open', 'CLI/1', '--title', 'Burglary, Mill Lane', '--review-on', '2031-05-01', ...as],
      env,
    );
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/\tCLI\/1\n$/);

    const statement = path.join(dir, 'statement.docx');
    writeFileSync(
      statement,
      docxBytes([
        'Mr Owen Jones said the van, AB12 CDE, was outside at 2300hrs.',
        'Call him on 07700 900777.',
      ]),
    );
    const notes = path.join(dir, 'notes.txt');
    writeFileSync(notes, 'The neighbour rang +44 7700 900777 twice.\n');
    const bad = path.join(dir, 'old.doc');
    writeFileSync(bad, 'x');
    const refused = await runCli(['case', 'add', 'CLI/1', statement, notes, bad, ...as], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('old.doc: .doc files are not supported');
    const added = await runCli(['case', 'add', 'CLI/1', statement, notes, ...as], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/statement\.docx\tdocx\tsha256 [0-9a-f]{64}/);

    const found = await runCli(['case', 'search', 'CLI/1', '07700900777', ...as], env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain('statement.docx');
    expect(found.stdout).toContain('[+44 7700 900777]');

    const other = await runCli(
      ['case', 'search', 'CLI/1', 'van', '--force', 'demo', '--as', 'legal@demo.police.example'],
      env,
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('Case CLI/1');

    const queued = await runCli(['case', 'analyse', 'CLI/1', ...as], env);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}\tqueued\t\/runs\//);
  }, 400_000);
});
