import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { DB } from './db/schema.ts';
import type { Services } from './http/context.ts';
import { UUID } from './http/input.ts';
import type { Principal } from './identity/model.ts';
import { findPersonByEmail } from './identity/repository.ts';
import { principalFor } from './identity/service.ts';
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

/**
 * The person an option such as `--as` or `--by` names, acting in a force; a `CliError` names the
 * option when no one has that e-mail address.
 */
export async function principalByEmail(
  db: Kysely<DB>,
  option: string,
  email: string,
  forceId: number,
): Promise<Principal> {
  const person = await findPersonByEmail(db, email);
  if (!person) throw new CliError(`${option}: no person with the email address ${email}.`, 2);
  return principalFor(db, person.id, forceId);
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

/**
 * Prints generated Markdown, or with `out` writes it (and any `extra` files beside it, by name)
 * and says where; a file that cannot be written is a `CliError` naming it.
 */
export function printOrWrite(
  markdown: string,
  out: string | undefined,
  extra: Record<string, string> = {},
): void {
  if (!out) {
    process.stdout.write(markdown);
    return;
  }
  const file = path.resolve(out);
  const written = [file];
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, markdown);
    for (const [name, text] of Object.entries(extra)) {
      const other = path.join(path.dirname(file), name);
      writeFileSync(other, text);
      written.push(other);
    }
  } catch (error) {
    throw new CliError(`Could not write ${file}: ${(error as Error).message}`);
  }
  console.log(`Wrote ${written.join(' and ')}`);
}
