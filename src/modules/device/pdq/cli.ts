import type { Command } from 'commander';
import { CliError } from '../../../cli-support.ts';
import { type HashOutcome, hashFiles, matchOutcomes, readListFile } from './commands.ts';
import { DEFAULT_THRESHOLD, indexLists } from './index.ts';
import { HashListError } from './lists.ts';

async function readList(file: string) {
  try {
    return await readListFile(file);
  } catch (e) {
    if (e instanceof HashListError) throw new CliError(`--list: ${e.message}`, 2);
    throw e;
  }
}

/** Fails with exit code 2, naming each file that could not be hashed, if any could not. */
function failOnErrors(outcomes: readonly HashOutcome[]): void {
  const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  if (errors.length) throw new CliError(errors.join('\n'), 2);
}

function parseThreshold(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 256) throw new CliError('--threshold: a whole number from 0 to 256.', 2);
  return n;
}

/** `bluelamp pdq ...`: PDQ hashes of image files, and matching them against known-image lists. */
export function registerPdq(program: Command): void {
  const pdq = program
    .command('pdq')
    .description("PDQ perceptual hashes (Meta's open image hash) and list matching");
  pdq
    .command('hash')
    .description("print each image's PDQ hash, quality (0-100) and file, tab-separated")
    .argument('<files...>', 'image files (JPEG, PNG, WebP, GIF, TIFF...)')
    .action(async (files: string[]) => {
      const outcomes = await hashFiles(files);
      for (const o of outcomes) if (o.ok) console.log(`${o.result.hash}\t${o.result.quality}\t${o.file}`);
      failOnErrors(outcomes);
    });
  pdq
    .command('match')
    .description('print each image matching a list: file, hash, list, matched hash, distance (and label)')
    .requiredOption(
      '--list <file>',
      'hash list: one 64-hex hash a line (repeatable)',
      (v, prev: string[]) => [...prev, v],
      [],
    )
    .option(
      '--threshold <bits>',
      'greatest Hamming distance that counts as a match',
      String(DEFAULT_THRESHOLD),
    )
    .argument('<files...>', 'image files')
    .action(async (files: string[], opts: { list: string[]; threshold: string }) => {
      const threshold = parseThreshold(opts.threshold);
      const lists = [];
      for (const file of opts.list) lists.push(await readList(file));
      const outcomes = await hashFiles(files);
      for (const m of matchOutcomes(outcomes, indexLists(lists), threshold))
        console.log(
          [m.file, m.hash, m.list, m.matched, m.distance, ...(m.label ? [m.label] : [])].join('\t'),
        );
      failOnErrors(outcomes);
    });
}
