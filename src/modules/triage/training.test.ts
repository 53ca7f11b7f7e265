import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFile, modelFileSchema } from './classifier/model-file.ts';
import { MODEL_PATH, readSplit, trainingSource } from './files.ts';
import { TRIAGE_TRAIN, trainTriageModel } from './training.ts';

describe('triage training', () => {
  it('the committed model was trained on the committed training contacts (train and the spent test splits)', () => {
    const file = modelFileSchema.parse(JSON.parse(readFileSync(MODEL_PATH, 'utf8')));
    const source = trainingSource();
    const sha = createHash('sha256').update(source.text).digest('hex');
    expect(file.trainedOn.sha256, 'run npm run train:triage after changing the training data').toBe(sha);
    expect(file.trainedOn.file).toBe(source.file);
    expect(file.trainedOn.file).not.toContain('data/test.jsonl');
    expect(file.trainedOn.contacts).toBe(
      source.contacts.filter((c) => c.lang === 'en' || c.lang === 'cy').length,
    );
    expect(file.classes.split(' ')).toHaveLength(17);
  });

  it('is reproducible: the same data and seed give the same model', () => {
    const train = readSplit('train').filter((_, i) => i % 6 === 0);
    const validation = readSplit('validation').filter((_, i) => i % 3 === 0);
    const options = { ...TRIAGE_TRAIN, epochs: 3, thresholdSteps: 10 };
    const a = trainTriageModel(train, validation, options);
    const b = trainTriageModel(train, validation, options);
    expect(a.version).toBe(b.version);
    expect(a.rows).toEqual(b.rows);
    const other = trainTriageModel(train, validation, { ...options, seed: options.seed + 1 });
    expect(other.version).not.toBe(a.version);
    expect(loadModelFile(a).weights.classes).toContain('emergency');
  });
});
