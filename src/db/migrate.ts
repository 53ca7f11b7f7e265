// biome-ignore-all lint/suspicious/noExplicitAny: migrations run before the typed schema exists
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_ledger_tail.ts';
import * as m0003 from './migrations/0003_register.ts';
import * as m0004 from './migrations/0004_oversight.ts';
import * as m0005 from './migrations/0005_crime_data.ts';
import * as m0006 from './migrations/0006_patrols.ts';
import * as m0007 from './migrations/0007_run_jobs.ts';
import * as m0008 from './migrations/0008_decisions.ts';
import * as m0009 from './migrations/0009_outbox.ts';
import * as m0010 from './migrations/0010_publication.ts';
import * as m0012 from './migrations/0012_sign_in_throttle.ts';
import * as m0013 from './migrations/0013_triage_contacts.ts';
import * as m0014 from './migrations/0014_bias_audits.ts';
import * as m0015 from './migrations/0015_assistant.ts';
import * as m0016 from './migrations/0016_case_files.ts';
import * as m0017 from './migrations/0017_device_evidence.ts';

/** Migrations in order. Add new ones at the end; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_ledger_tail': m0002,
  '0003_register': m0003,
  '0004_oversight': m0004,
  '0005_crime_data': m0005,
  '0006_patrols': m0006,
  '0007_run_jobs': m0007,
  '0008_decisions': m0008,
  '0009_outbox': m0009,
  '0010_publication': m0010,
  '0012_sign_in_throttle': m0012,
  '0013_triage_contacts': m0013,
  '0014_bias_audits': m0014,
  '0015_assistant': m0015,
  '0016_case_files': m0016,
  '0017_device_evidence': m0017,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Names of migrations not yet applied (empty when the database is current). One read of
 * Kysely's migration table: `/health` asks this on every probe, and the migrator's own listing
 * introspects the catalogue first (about 45 ms on the embedded database, on the event loop).
 */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('kysely_migration')::text AS t`.execute(
    db,
  );
  const applied = exists.rows[0]?.t
    ? new Set(
        (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows.map((r) => r.name),
      )
    : new Set<string>();
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
