import type { Kysely } from 'kysely';
import { loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { DB } from './db/schema.ts';
import type { Services } from './http/context.ts';
import { UUID } from './http/input.ts';
import { createServices } from './main.ts';

/** Thrown by commands for a clean, non-zero exit with a message and no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Runs a command against the configured database (embedded or server), migrated, and always
 * closes it, so the process can exit.
 */
export async function withDatabase<T>(
  fn: (ctx: { database: Database; services: Services }) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
    const services = await createServices(config, database);
    try {
      return await fn({ database, services });
    } finally {
      await services.close();
    }
  } finally {
    await database.close();
  }
}

/** The AI system a `--system` option names, by its register reference (any case) or id. */
export async function findSystemByRef(db: Kysely<DB>, ref: string) {
  const q = db.selectFrom('ai_systems').select(['id', 'reference', 'force_id', 'name']);
  const row = UUID.test(ref)
    ? await q.where('id', '=', ref).executeTakeFirst()
    : await q.where((eb) => eb(eb.fn('upper', ['reference']), '=', ref.toUpperCase())).executeTakeFirst();
  if (!row) throw new CliError(`--system: no AI system with the reference or id "${ref}".`, 2);
  return row;
}
