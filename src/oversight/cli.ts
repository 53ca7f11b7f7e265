import type { Command } from 'commander';
import { printOrWrite } from '../cli-support.ts';
import { runStatesMarkdown } from './run-states-docs.ts';

/** `bluelamp runs states [--out FILE]`: the run state table as Markdown. */
export function register(program: Command): void {
  const runs = program.command('runs').description('runs of AI systems');
  runs
    .command('states')
    .description('print the run state table as Markdown; with --out, write it to FILE')
    .option('--out <file>', 'write the Markdown to FILE')
    .action((opts: { out?: string }) => printOrWrite(runStatesMarkdown(), opts.out));
}
