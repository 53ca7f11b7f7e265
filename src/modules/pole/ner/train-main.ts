/**
 * `npm run train:ner`: trains Bluelamp's entity recogniser on the shared named-entity corpora
 * (WNUT 2017, Broad Twitter Corpus, LitBank, re3d) and the police-style and web-style sentences
 * written in data/, chooses the number of epochs on the validation part, and writes model.bin.gz.
 * Seeded: the same data gives the same file. Universal NER (uner-ewt) is never read: it is for evaluation only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../../shared-data.ts';
import { loadCorpora } from './corpora.ts';
import { MODEL_PATH, WRITTEN_PATHS } from './files.ts';
import { NER_TRAIN, trainNer } from './training.ts';
import { parseWritten } from './written.ts';

const started = performance.now();
const written = WRITTEN_PATHS.flatMap((file) =>
  parseWritten(readFileSync(file, 'utf8'), path.basename(file)),
);
const corpora = loadCorpora(path.join(sharedDir, 'data', 'ner'), written);
const tokens = (xs: ReadonlyArray<{ tokens: string[] }>) => xs.reduce((n, s) => n + s.tokens.length, 0);
console.log(
  `training ${corpora.train.length} sentences (${tokens(corpora.train)} tokens), validation ${corpora.validation.length} ` +
    `(${tokens(corpora.validation)} tokens); ${corpora.dropped} sentences left out (unmarked names inside mentions)`,
);
const trained = trainNer(corpora, NER_TRAIN, (line) => console.log(line));
writeFileSync(MODEL_PATH, trained.file);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${trained.epochs} epochs chosen; validation micro-F1 ${trained.validation.micro.f1.toFixed(4)}; ` +
    `${(trained.file.length / 1024).toFixed(0)} KiB written to ${path.relative(process.cwd(), MODEL_PATH)} in ${seconds} s`,
);
