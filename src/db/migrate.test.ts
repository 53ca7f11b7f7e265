import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from './database.ts';
import { migrateToLatest, pendingMigrations } from './migrate.ts';

describe('pending migrations', () => {
  const opened = openEmbedded();
  afterAll(async () => (await opened).close());

  it('lists every migration on an empty database, none once migrated, and one whose record is gone', async () => {
    const { db } = await opened;
    const before = await pendingMigrations(db);
    expect(before[0]).toBe('0001_foundation');
    expect(before).toContain('0007_run_jobs');
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(before);
    expect(await pendingMigrations(db)).toEqual([]);
    await sql`DELETE FROM kysely_migration WHERE name = '0004_oversight'`.execute(db);
    expect(await pendingMigrations(db)).toEqual(['0004_oversight']);
  });
});
