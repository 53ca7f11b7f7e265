/**
 * `npm run train:triage`: trains the triage classifier on data/train.jsonl, chooses its thresholds
 * on data/validation.jsonl and writes model.json. Seeded: the same data gives the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_PATH, readSplit, splitPath } from './files.ts';
import { TRIAGE_TRAIN, trainTriageModel } from './training.ts';

const started = performance.now();
const model = trainTriageModel(readSplit('train'), readSplit('validation'), TRIAGE_TRAIN, {
  file: 'data/train.jsonl',
  text: readFileSync(splitPath('train'), 'utf8'),
});
writeFileSync(MODEL_PATH, `${JSON.stringify(model, null, 2)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${model.version}: ${Object.keys(model.rows).length} features, thresholds ${JSON.stringify(model.thresholds)}, ` +
    `written to ${path.relative(process.cwd(), MODEL_PATH)} in ${seconds} s`,
);
console.log('validation:', JSON.stringify(model.validation));
