import type { Command } from 'commander';
import { CliError } from '../../../cli-support.ts';
import { detectFile, evaluateFile, InputError, LineError, writeWhole } from './files.ts';
import { formatScores } from './score.ts';

/** Runs a command body, turning bad input into a clean exit with code 2. */
function badInputExits<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LineError) throw new CliError(error.message, 2);
    if (error instanceof InputError) throw new CliError(`--input: ${error.message}`, 2);
    throw error;
  }
}

/** `bluelamp minimise ...`: finds personal data in message text and scores the finder. */
export function registerMinimise(program: Command): void {
  const minimise = program
    .command('minimise')
    .description('personal data in messages: find it (to mask it) and score the finder');
  minimise
    .command('detect')
    .description('find personal data in each message of a JSON Lines file ({"id","text"} per line)')
    .requiredOption('--input <file>', 'JSON Lines file of messages')
    .option('--output <file>', 'write the spans here (whole or not at all) instead of to standard output')
    .action((opts: { input: string; output?: string }) => {
      const out = badInputExits(() => detectFile(opts.input));
      if (opts.output) writeWhole(opts.output, out);
      else process.stdout.write(out);
    });
  minimise
    .command('evaluate')
    .description('token-level precision, recall and F2 against gold spans ({"id","text","spans"} per line)')
    .requiredOption('--input <file>', 'JSON Lines file of messages with gold spans')
    .option('--json', 'print the scores as JSON')
    .action((opts: { input: string; json?: boolean }) => {
      const scores = badInputExits(() => evaluateFile(opts.input));
      console.log(opts.json ? JSON.stringify(scores, null, 2) : formatScores(scores));
    });
}
