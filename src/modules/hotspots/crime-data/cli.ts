import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { cliProgressBar } from '../../../cli-progress.ts';
import { CliError, principalByEmail, withDatabase } from '../../../cli-support.ts';
import { AppError } from '../../../http/errors.ts';
import { allowed } from '../../../identity/policy.ts';
import { findForceBySlug } from '../../../identity/repository.ts';
import { type CrimeImportSummary, crimeDataPolicy, parseMappingJson } from './model.ts';
import { importView } from './pages.ts';
import { importCrimeData, listCrimeImports } from './service.ts';

/** What an import holds, for a person to read. */
export function describeImport(s: CrimeImportSummary): string {
  const v = importView(s);
  const lines = [
    `${s.title} (${s.id})`,
    `  files: ${s.files.join(', ')}`,
    `  ${v.rowsKeptText} crimes kept of ${v.rowsReadText} rows read, ${v.months}`,
    `  left out: ${v.droppedText}`,
    `  crime types: ${s.categories.map((c) => `${c.name || '(empty)'} ${c.count.toLocaleString('en-GB')}`).join('; ')}`,
    `  imported by ${s.createdBy.name} on ${s.createdAt}; sha256 ${s.sha256}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const data = program
    .command('crime-data')
    .description("a force's own crime data for hot spot forecasts (stored encrypted)");

  data
    .command('import')
    .description(
      'import crime data files (plain CSV, .csv.gz or .zip), all or nothing; police.uk street files unless --mapping is given',
    )
    .argument('<files...>', 'the files, read in order as one import')
    .requiredOption('--force <slug>', 'the force, by its slug (e.g. demo)')
    .requiredOption(
      '--by <email>',
      `the person importing (${crimeDataPolicy.import.join(', ')} in the force)`,
    )
    .option('--title <title>', 'what the data is (default: the file names)')
    .option(
      '--mapping <file.json>',
      'a column mapping ({time: {columns, format}, coordinates: {x, y, crs}, category}) for another export',
    )
    .option('--member <name>', 'the CSV inside .zip files (default: the first .csv)')
    .option('--json', 'print the import summary as JSON')
    .action(
      (
        files: string[],
        opts: {
          force: string;
          by: string;
          title?: string;
          mapping?: string;
          member?: string;
          json?: boolean;
        },
      ) => {
        for (const f of files) {
          try {
            if (!statSync(f).isFile()) throw new Error('not a file');
          } catch (error) {
            throw new CliError(`${f}: cannot read it (${(error as Error).message}).`, 2);
          }
        }
        let mapping: unknown;
        if (opts.mapping) {
          let text: string;
          try {
            text = readFileSync(opts.mapping, 'utf8');
          } catch (error) {
            throw new CliError(`--mapping: cannot read ${opts.mapping}: ${(error as Error).message}`, 2);
          }
          const parsed = parseMappingJson(text);
          if (!parsed.mapping)
            throw new CliError(
              `--mapping ${opts.mapping}:\n${parsed.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
              2,
            );
          mapping = parsed.mapping;
        }
        const names = files.map((f) => path.basename(f));
        const title =
          opts.title ?? (names.length === 1 ? names[0] : `${names[0]} and ${names.length - 1} more files`);
        return withDatabase(async ({ database, services }) => {
          const db = database.db;
          const force = await findForceBySlug(db, opts.force);
          if (!force) throw new CliError(`--force: no force with the slug "${opts.force}".`, 2);
          const principal = await principalByEmail(db, '--by', opts.by, force.id);
          if (!allowed(crimeDataPolicy, principal, 'import'))
            throw new CliError(
              `--by: ${opts.by} does not hold ${crimeDataPolicy.import.join(' or ')} in ${force.name}.`,
              2,
            );
          const progress = cliProgressBar('Reading crimes');
          try {
            const summary = await importCrimeData(
              db,
              principal,
              {
                title: title ?? '',
                preset: opts.mapping ? 'mapped' : 'police.uk',
                mapping,
                member: opts.member,
                files: files.map((f) => ({ name: path.basename(f), path: f })),
              },
              {
                maxRows: services.config.crimeDataMaxRows,
                onProgress: (n) => progress.update(n, 'rows'),
              },
            );
            progress.stop();
            process.stdout.write(
              opts.json
                ? `${JSON.stringify(summary, null, 2)}\n`
                : `Imported into ${force.name}:\n${describeImport(summary)}`,
            );
          } catch (error) {
            progress.stop();
            if (!(error instanceof AppError)) throw error;
            const issues = (error.extra.issues as Array<{ path: string; message: string }> | undefined) ?? [];
            throw new CliError(
              `Nothing imported.\n${issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join('\n') : error.detail}`,
            );
          }
        });
      },
    );

  data
    .command('list')
    .description("a force's crime data imports, newest first (never the events)")
    .requiredOption('--force <slug>', 'the force, by its slug')
    .option('--json', 'print the summaries as JSON')
    .action((opts: { force: string; json?: boolean }) =>
      withDatabase(async ({ database }) => {
        const force = await findForceBySlug(database.db, opts.force);
        if (!force) throw new CliError(`--force: no force with the slug "${opts.force}".`, 2);
        const list = await listCrimeImports(database.db, force.id);
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) process.stdout.write(`${force.name} has no crime data imports.\n`);
        else process.stdout.write(list.map(describeImport).join('\n'));
      }),
    );
}
