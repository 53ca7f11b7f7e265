import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openEmbedded, openServer } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemoPeople } from '../identity/demo.ts';
import { runCli } from '../test/cli.ts';
import { createTestDatabase } from '../test/db.ts';
import type { AtrsRecord } from './atrs.ts';
import { seedSystem } from './testing.ts';

/**
 * `bluelamp atrs export` against a real database: embedded PGlite in a temporary data
 * directory, or the PostgreSQL server when TEST_DATABASE_URL is set.
 */
const server = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'bluelamp-atrs-'));
const env = server ? { DATABASE_URL: server.url } : { BLUELAMP_DATA_DIR: dataDir, DATABASE_URL: undefined };
let live: { reference: string };

beforeAll(async () => {
  const database: Database = server
    ? await openServer(server.url!, 2)
    : await openEmbedded({ dataDir: path.join(dataDir, 'pg') });
  try {
    await migrateToLatest(database.db);
    const { forceId } = await seedDemoPeople(database.db, 'a-long-demo-password');
    const demo = { id: forceId, slug: 'demo', name: 'Demo Constabulary' };
    live = await seedSystem(database.db, demo, 'Burglary forecast, "weekly"', 'live');
    await seedSystem(database.db, demo, 'Not yet public', 'validation');
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('bluelamp atrs export', () => {
  it('exports the records of systems in trial or live as JSON', async () => {
    const res = await runCli(['atrs', 'export'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const records = JSON.parse(res.stdout) as AtrsRecord[];
    expect(records.map((r) => r.reference)).toEqual([live.reference]);
    expect(records[0]!.tier1.phase).toBe('live');
    expect(res.stdout).not.toContain('Not yet public');
  }, 60_000);

  it('writes one CSV row per system with dotted columns to a file', async () => {
    const out = path.join(dataDir, 'demo.csv');
    const res = await runCli(['atrs', 'export', '--force', 'demo', '--format', 'csv', '--out', out], env);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`1 record written to ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"Burglary forecast, ""weekly"""');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!['tier1.name']).toBe('Burglary forecast, "weekly"');
    expect(rows[0]!['tier2.ownerAndResponsibility.seniorResponsibleOwner.name']).toBe('Tom Okafor');
    expect(rows[0]!['tier2.data.processing.inUk']).toBe('true');
  }, 60_000);

  it('gives an empty list for a force with nothing public, and refuses unknown forces and formats', async () => {
    const none = await runCli(['atrs', 'export', '--force', 'northumbria'], env);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const unknown = await runCli(['atrs', 'export', '--force', 'atlantis'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No force with the slug "atlantis"');
    const format = await runCli(['atrs', 'export', '--format', 'xml'], env);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be json or csv');
  }, 60_000);
});
