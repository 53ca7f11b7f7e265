import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-support.ts';
import { lifecycleSvg } from './diagram.ts';
import { lifecycleMarkdown } from './lifecycle-docs.ts';

/** `bluelamp lifecycle docs [--out FILE]`: the lifecycle table as Markdown, with its diagram. */
export function register(program: Command): void {
  const lifecycle = program.command('lifecycle').description('the lifecycle table of the AI register');
  lifecycle
    .command('docs')
    .description('print the lifecycle as Markdown; with --out, write it and lifecycle.svg beside it')
    .option('--out <file>', 'write the Markdown to FILE and the diagram to lifecycle.svg in the same folder')
    .action((opts: { out?: string }) => {
      const markdown = lifecycleMarkdown();
      if (!opts.out) {
        process.stdout.write(markdown);
        return;
      }
      const file = path.resolve(opts.out);
      const svgFile = path.join(path.dirname(file), 'lifecycle.svg');
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, markdown);
        writeFileSync(svgFile, `${lifecycleSvg()}\n`);
      } catch (error) {
        throw new CliError(`Could not write ${file}: ${(error as Error).message}`);
      }
      console.log(`Wrote ${file} and ${svgFile}`);
    });
}
