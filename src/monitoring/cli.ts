import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, findSystemByRef, principalByEmail, withDatabase } from '../cli-support.ts';
import { AppError } from '../http/errors.ts';
import { can, OUTCOME_ROLES } from '../identity/abilities.ts';
import { draftsFromCsv } from './import.ts';
import { type RecordResult, recordOutcomes, sha256 } from './service.ts';

/** What the import did, for a person to read. */
export function describeResult(reference: string, r: RecordResult): string {
  const lines = [
    `Imported ${r.recorded} outcome${r.recorded === 1 ? '' : 's'} into ${reference} (sha256 ${r.sha256}).`,
  ];
  for (const b of r.breaches) lines.push(`${b.severe ? 'Severe breach' : 'Breach'}: ${b.message}`);
  if (r.suspended)
    lines.push(`${reference} has been suspended automatically; incident ${r.incidentReference} is open.`);
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const outcomes = program.command('outcomes').description('outcomes of AI systems: what really happened');
  outcomes
    .command('import')
    .description(
      'import a CSV of outcomes for a system, all or nothing (columns: observed_at, group, run_reference, then one per metric)',
    )
    .requiredOption('--system <reference>', 'the system, by its register reference (e.g. DEMO-AI-0001) or id')
    .requiredOption('--file <file>', 'the CSV file')
    .requiredOption(
      '--as <email>',
      `the person recording them (${OUTCOME_ROLES.join(' or ')} in the system's force)`,
    )
    .action((opts: { system: string; file: string; as: string }) => {
      let text: string;
      try {
        text = readFileSync(opts.file, 'utf8');
      } catch (error) {
        throw new CliError(`--file: cannot read ${opts.file}: ${(error as Error).message}`, 2);
      }
      const name = path.basename(opts.file);
      return withDatabase(async ({ database }) => {
        const db = database.db;
        const system = await findSystemByRef(db, opts.system);
        const principal = await principalByEmail(db, '--as', opts.as, system.force_id);
        if (!can(principal, 'outcome.record'))
          throw new CliError(
            `--as: ${opts.as} does not hold ${OUTCOME_ROLES.join(' or ')} in ${principal.forceName}.`,
            2,
          );
        const { drafts, issues } = draftsFromCsv(text);
        const fail = (list: Array<{ path: string; message: string }>) =>
          new CliError(
            `${opts.file}: nothing imported.\n${list.map((i) => `${opts.file}: ${i.path}: ${i.message}`).join('\n')}`,
          );
        if (issues.length) throw fail(issues);
        try {
          const result = await recordOutcomes(db, principal, system.id, drafts, {
            kind: 'import',
            sha256: sha256(text),
            fileName: name,
          });
          process.stdout.write(describeResult(system.reference, result));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'invalid-input') throw fail((error.extra.issues ?? []) as never);
          throw new CliError(`${system.reference}: ${error.detail}`);
        }
      });
    });
}
