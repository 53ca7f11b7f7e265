import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../../../cli-support.ts';
import { evaluateQmsum, formatQmsum, parseQmsum } from './qmsum.ts';

/** `bluelamp summarise evaluate --qmsum FILE`: Lead, TextRank and Bluelamp against QMSum's general queries. */
export function registerSummarise(program: Command): void {
  const summarise = program.command('summarise').description('grounded, extractive summaries of case files');
  summarise
    .command('evaluate')
    .description('ROUGE-1/2/L F1 of Lead, TextRank and Bluelamp on QMSum general queries')
    .requiredOption('--qmsum <file>', 'QMSum JSON lines file (e.g. val.jsonl)')
    .option('--json', 'print the scores as JSON')
    .action((opts: { qmsum: string; json?: boolean }) => {
      if (!existsSync(opts.qmsum)) throw new CliError(`--qmsum: no such file: ${opts.qmsum}`, 2);
      let meetings: ReturnType<typeof parseQmsum>;
      try {
        meetings = parseQmsum(readFileSync(opts.qmsum, 'utf8'), opts.qmsum);
      } catch (error) {
        throw new CliError((error as Error).message, 2);
      }
      const result = evaluateQmsum(meetings);
      console.log(opts.json ? JSON.stringify({ file: opts.qmsum, ...result }, null, 2) : formatQmsum(result));
    });
}
