import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, withDatabase } from '../cli-support.ts';
import type { AtrsRecord } from './atrs.ts';
import { flatten, toCsv } from './csv.ts';
import { exportRecords, UnknownForceError } from './records.ts';

/** The export as text: a JSON array of records, or CSV with one row per system. */
export function formatExport(records: readonly AtrsRecord[], format: 'json' | 'csv'): string {
  return format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : toCsv(records.map((r) => flatten(r)));
}

export function register(program: Command): void {
  const atrs = program
    .command('atrs')
    .description('public records (Algorithmic Transparency Recording Standard)');
  atrs
    .command('export')
    .description('export the ATRS records of systems in trial or live')
    .option('--force <slug>', 'only this force (default: every force)')
    .option('--format <format>', 'json (an array of records) or csv (one row per system)', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((opts: { force?: string; format: string; out?: string }) => {
      if (opts.format !== 'json' && opts.format !== 'csv') {
        throw new CliError(`--format must be json or csv, not "${opts.format}".`, 2);
      }
      const format = opts.format;
      return withDatabase(async ({ database }) => {
        let records: AtrsRecord[];
        try {
          records = await exportRecords(database.db, opts.force);
        } catch (error) {
          if (error instanceof UnknownForceError) {
            throw new CliError(`--force: ${error.message} Force slugs look like "northumbria" or "demo".`, 2);
          }
          throw error;
        }
        const text = formatExport(records, format);
        if (opts.out) {
          try {
            writeFileSync(opts.out, text);
          } catch (error) {
            throw new CliError(`--out: cannot write ${opts.out}: ${(error as Error).message}`, 2);
          }
          console.error(`${records.length} record${records.length === 1 ? '' : 's'} written to ${opts.out}`);
        } else {
          process.stdout.write(text);
        }
      });
    });
}
