import type { Command } from 'commander';
import { printOrWrite } from '../cli-support.ts';
import { lifecycleSvg } from './diagram.ts';
import { lifecycleMarkdown } from './lifecycle-docs.ts';

/** `bluelamp lifecycle docs [--out FILE]`: the lifecycle table as Markdown, with its diagram. */
export function register(program: Command): void {
  const lifecycle = program.command('lifecycle').description('the lifecycle table of the AI register');
  lifecycle
    .command('docs')
    .description('print the lifecycle as Markdown; with --out, write it and lifecycle.svg beside it')
    .option('--out <file>', 'write the Markdown to FILE and the diagram to lifecycle.svg in the same folder')
    .action((opts: { out?: string }) =>
      printOrWrite(lifecycleMarkdown(), opts.out, { 'lifecycle.svg': `${lifecycleSvg()}\n` }),
    );
}
