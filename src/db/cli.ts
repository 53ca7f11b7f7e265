import type { Command } from 'commander';
import { withDatabase } from '../cli-support.ts';
import { migrateToLatest } from './migrate.ts';

export function register(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply pending database migrations')
    .action(() =>
      withDatabase(async ({ database }) => {
        const applied = await migrateToLatest(database.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      }),
    );
}
