import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-support.ts';
import { runStatesMarkdown } from './run-states-docs.ts';

/** `bluelamp runs states [--out FILE]`: the run state table as Markdown. */
export function register(program: Command): void {
  const runs = program.command('runs').description('runs of AI systems');
  runs
    .command('states')
    .description('print the run state table as Markdown; with --out, write it to FILE')
    .option('--out <file>', 'write the Markdown to FILE')
    .action((opts: { out?: string }) => {
      const markdown = runStatesMarkdown();
      if (!opts.out) {
        process.stdout.write(markdown);
        return;
      }
      const file = path.resolve(opts.out);
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, markdown);
      } catch (error) {
        throw new CliError(`Could not write ${file}: ${(error as Error).message}`);
      }
      console.log(`Wrote ${file}`);
    });
}
