import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../cli-support.ts';
import { CLINC_FILE } from './clinc/data.ts';
import {
  classifyFile,
  clincBenchmark,
  defaultClincDir,
  evaluateSplit,
  formatClinc,
  formatEvaluation,
} from './commands.ts';
import { JsonlError } from './data.ts';
import { FORMER_TEST_SPLITS, isSplit, MissingSplitError, SPLITS } from './files.ts';

/** `bluelamp triage ...`: 101 contacts routed to emergency, urgent, a person or the assistant. */
export function register(program: Command): void {
  const triage = program
    .command('triage')
    .description('101 triage: find emergencies and vulnerability, fast-track them to a person');

  triage
    .command('classify')
    .description(
      'classify contacts: JSONL lines {"id","text"} in, {"id","route","topic","lang","reasons"} out',
    )
    .requiredOption('--input <file>', 'JSONL file, one {"id","text"} per line')
    .action((opts: { input: string }) => {
      if (!existsSync(opts.input)) throw new CliError(`--input: no such file: ${opts.input}`, 2);
      try {
        for (const line of classifyFile(opts.input)) process.stdout.write(`${JSON.stringify(line)}\n`);
      } catch (error) {
        if (error instanceof JsonlError) throw new CliError(error.message, 2);
        throw error;
      }
    });

  triage
    .command('evaluate')
    .description('measure triage against the aims on a split of the hand-written contacts (test by default)')
    .option(
      '--split <split>',
      `test, validation, train or a spent test split (${FORMER_TEST_SPLITS.join(', ')})`,
      'test',
    )
    .option('--json', 'print the figures as JSON')
    .action((opts: { split: string; json?: boolean }) => {
      if (!isSplit(opts.split)) {
        throw new CliError(`--split: expected one of ${SPLITS.join(', ')}, not "${opts.split}"`, 2);
      }
      let report: ReturnType<typeof evaluateSplit>;
      try {
        report = evaluateSplit(opts.split);
      } catch (error) {
        if (error instanceof MissingSplitError || error instanceof JsonlError)
          throw new CliError(error.message, 2);
        throw error;
      }
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatEvaluation(report));
    });

  triage
    .command('clinc')
    .description('the intent engine on CLINC150 "full": train on train, threshold on val, report test')
    .option('--dir <dir>', 'folder holding data_full.json', defaultClincDir())
    .option('--json', 'print the figures as JSON')
    .action((opts: { dir: string; json?: boolean }) => {
      if (!existsSync(path.join(opts.dir, CLINC_FILE))) {
        throw new CliError(`--dir: ${path.join(opts.dir, CLINC_FILE)} not found`, 2);
      }
      const result = clincBenchmark(opts.dir);
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatClinc(result, opts.dir));
    });
}
