import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, findSystemByRef, principalByEmail, withDatabase } from '../../../cli-support.ts';
import { AppError } from '../../../http/errors.ts';
import { patrolDraftsFromCsv, patrolPolicy, pct } from './model.ts';
import { type PatrolResult, recordPatrols, sha256 } from './service.ts';

/** What the import did, for a person to read. */
export function describePatrols(reference: string, r: PatrolResult): string {
  const lines = [
    `Recorded ${r.recorded} patrol${r.recorded === 1 ? '' : 's'} (${Math.round(r.totalMinutes).toLocaleString('en-GB')} minutes, ${r.period.from} to ${r.period.to}) for ${reference}, batch ${r.batchId}.`,
  ];
  for (const s of r.shares) {
    lines.push(
      `${s.runReference}: ${pct(s.outsideShare)} outside the hot spots (minimum ${pct(s.minOutsideShare)})` +
        (s.ruralShare === null ? '' : `, ${pct(s.ruralShare)} rural (minimum ${pct(s.minRuralShare)})`) +
        (s.outsideBelow || s.ruralBelow
          ? ' - BELOW THE MINIMUM: an alert is open for the product manager.'
          : '.'),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const patrols = program
    .command('patrols')
    .description('patrol minutes recorded against released hot spot forecasts');
  patrols
    .command('import')
    .description(
      'import a CSV of patrols for a hot spot system, all or nothing (columns: run_reference, patrol_date, patrol_end, cell or easting and northing, minutes)',
    )
    .argument('<file>', 'the CSV file')
    .requiredOption('--system <reference>', 'the system, by its register reference (e.g. DEMO-AI-0001) or id')
    .requiredOption(
      '--by <email>',
      `the person recording them (${patrolPolicy.record.join(' or ')} in the system's force)`,
    )
    .option(
      '--run <reference>',
      'the released forecast every line was planned from (instead of a run_reference column)',
    )
    .action((file: string, opts: { system: string; by: string; run?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(`${file}: cannot read it: ${(error as Error).message}`, 2);
      }
      return withDatabase(async ({ database }) => {
        const db = database.db;
        const system = await findSystemByRef(db, opts.system);
        const principal = await principalByEmail(db, '--by', opts.by, system.force_id);
        const fail = (list: Array<{ path: string; message: string }>) =>
          new CliError(
            `${file}: nothing recorded.\n${list.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n')}`,
          );
        const { drafts, issues } = patrolDraftsFromCsv(text, { runGiven: Boolean(opts.run) });
        if (issues.length) throw fail(issues);
        try {
          const result = await recordPatrols(db, principal, system.id, drafts, {
            kind: 'import',
            sha256: sha256(text),
            fileName: path.basename(file),
            defaultRun: opts.run,
          });
          process.stdout.write(describePatrols(system.reference, result));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'invalid-input') throw fail((error.extra.issues ?? []) as never);
          throw new CliError(`${system.reference}: ${error.detail}`, error.status === 403 ? 2 : 1);
        }
      });
    });
}
