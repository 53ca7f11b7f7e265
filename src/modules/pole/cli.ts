import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../../cli-support.ts';
import { ConllError, type ConllSentence, documentIndices, formatConll, parseConll } from './conll/read.ts';
import { formatScore, scoreTags } from './conll/score.ts';
import { defaultModel, tag } from './ner/tagger.ts';
import { registerSummarise } from './summarise/cli.ts';

function readConll(file: string, tags: boolean): ConllSentence[] {
  if (!existsSync(file)) throw new CliError(`--conll: no such file: ${file}`, 2);
  try {
    return parseConll(readFileSync(file, 'utf8'), file, { tags });
  } catch (error) {
    if (error instanceof ConllError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** `bluelamp pole ...`: Bluelamp's entity recogniser over CoNLL files. */
export function register(program: Command): void {
  const pole = program
    .command('pole')
    .description('POLE extraction: the entity recogniser (people, places, organisations)');
  pole
    .command('tag')
    .description(
      'print each token of a CoNLL file with its predicted IOB2 tag (PER, LOC, ORG, VEH, WEA); ' +
        'names agree within a document (# newdoc or -DOCSTART-)',
    )
    .requiredOption('--conll <file>', 'CoNLL file: token in the first column, blank lines between sentences')
    .action((opts: { conll: string }) => {
      const sentences = readConll(opts.conll, false);
      const predicted = tag(
        sentences.map((s) => s.tokens),
        defaultModel(),
        documentIndices(sentences),
      );
      process.stdout.write(formatConll(sentences.map((s, i) => ({ tokens: s.tokens, tags: predicted[i]! }))));
    });
  pole
    .command('evaluate')
    .description("score the recogniser against a CoNLL file's own tags (exact spans, as conlleval)")
    .requiredOption('--conll <file>', 'CoNLL file with tags in the last column (IOB1, IOB2 or IO)')
    .option('--json', 'print the scores as JSON')
    .action((opts: { conll: string; json?: boolean }) => {
      const sentences = readConll(opts.conll, true);
      const started = performance.now();
      const predicted = tag(
        sentences.map((s) => s.tokens),
        defaultModel(),
        documentIndices(sentences),
      );
      const seconds = (performance.now() - started) / 1000;
      const result = scoreTags(
        sentences.map((s) => s.tags),
        predicted,
      );
      if (opts.json) console.log(JSON.stringify({ file: opts.conll, ...result, seconds }, null, 2));
      else console.log(`${formatScore(result)}\n${Math.round(result.tokens / seconds)} tokens/s`);
    });
  registerSummarise(program);
}
