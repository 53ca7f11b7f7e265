import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openEmbedded } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

export const TEMPLATE_DB = 'bluelamp_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Embedded: path of a dump of a migrated database. Server: the template database's name. */
    testTemplate: string;
  }
}

/**
 * Migrates one template database for the whole run; each test file then gets a fresh clone
 * (a PGlite dump loaded in memory, or CREATE DATABASE ... TEMPLATE on a server).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    const url = new URL(serverUrl);
    url.pathname = `/${TEMPLATE_DB}`;
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }),
    });
    await migrateToLatest(db);
    await db.destroy();
    project.provide('testTemplate', TEMPLATE_DB);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bluelamp-test-'));
  const database = await openEmbedded();
  await migrateToLatest(database.db);
  await sql`CHECKPOINT`.execute(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
