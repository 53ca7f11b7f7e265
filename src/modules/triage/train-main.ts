/**
 * `npm run train:triage`: trains the triage classifier on data/train.jsonl and the spent test
 * splits (data/former-test.jsonl and data/former-test-2.jsonl to former-test-9.jsonl), chooses
 * its thresholds by cross-validation on them, measures it on data/validation.jsonl and writes
 * model.json. Seeded:
 * the same data gives the same file. The current test split (data/test.jsonl) is never read.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_PATH, readSplit, trainingSource } from './files.ts';
import { TRIAGE_TRAIN, trainTriageModel } from './training.ts';

const started = performance.now();
const source = trainingSource();
const model = trainTriageModel(source.contacts, readSplit('validation'), TRIAGE_TRAIN, source);
writeFileSync(MODEL_PATH, `${JSON.stringify(model, null, 2)}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${model.version}: ${Object.keys(model.rows).length} features, thresholds ${JSON.stringify(model.thresholds)}, ` +
    `written to ${path.relative(process.cwd(), MODEL_PATH)} in ${seconds} s`,
);
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(100 * v).toFixed(1)}%`);
for (const group of ['all', 'en', 'cy']) {
  const f = (k: string) => pct(model.validation[`cv_${group}_${k}`]);
  console.log(
    `cross-validated on the training contacts, ${group}: escalation ${f('escalationRecall')}, emergency ${f('emergencyRecall')}, ` +
      `routine escalated ${f('routineEscalated')}, topic ${f('topicAccuracy')}, person ${f('humanHonoured')}`,
  );
}
const v = (k: string) => pct(model.validation[k]);
console.log(
  `validation (${model.validation.contacts}): escalation ${v('escalationRecall')}, emergency ${v('emergencyRecall')}, ` +
    `routine escalated ${v('routineEscalated')}, topic ${v('topicAccuracy')}, person ${v('humanHonoured')}`,
);
