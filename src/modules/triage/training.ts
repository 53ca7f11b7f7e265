import { createHash } from 'node:crypto';
import { DEFAULT_FEATURES, type FeatureOptions, featureNames } from './classifier/features.ts';
import { loadModelFile, type ModelFile, toModelFile } from './classifier/model-file.ts';
import {
  buildVocabulary,
  DEFAULT_TRAIN,
  type TrainSettings,
  train,
  vectorize,
} from './classifier/softmax.ts';
import { type LabelledContact, turnsOf } from './data.ts';
import { tokenize } from './text/tokens.ts';
import { chooseThresholds, prepare } from './thresholds.ts';
import { Triage } from './triage.ts';
import { TOPICS } from './types.ts';

/** Classes of the triage classifier: the three escalated routes and the fourteen routine topics. */
export const TRIAGE_CLASSES = ['emergency', 'urgent', 'human', ...TOPICS];

export interface TriageTrainOptions extends TrainSettings, FeatureOptions {
  /** A feature is kept when it appears in at least this many training contacts. */
  minCount: number;
  /** Thresholds are chosen on validation in steps of 1/thresholdSteps. */
  thresholdSteps: number;
}

export const TRIAGE_TRAIN: TriageTrainOptions = {
  ...DEFAULT_TRAIN,
  ...DEFAULT_FEATURES,
  charMax: 4,
  epochs: 40,
  l2: 1e-4,
  minCount: 3,
  thresholdSteps: 40,
};

const classOf = (c: LabelledContact): string => (c.route === 'routine' ? c.topic! : c.route);
const textOf = (c: LabelledContact): string => turnsOf(c).join('\n');

/**
 * Trains the classifier on the training split, chooses its thresholds on the validation split,
 * and returns the model file. Deterministic for the same data and options (seeded).
 */
export function trainTriageModel(
  trainSet: readonly LabelledContact[],
  validation: readonly LabelledContact[],
  options: TriageTrainOptions = TRIAGE_TRAIN,
  source = { file: 'data/train.jsonl', text: '' },
): ModelFile {
  const examples = trainSet.filter((c) => c.lang === 'en' || c.lang === 'cy');
  const names = examples.map((c) => featureNames(textOf(c), options));
  const features = buildVocabulary(names, options.minCount);
  const index = new Map(features.map((f, i) => [f, i]));
  const xs = names.map((n) => vectorize(n, index));
  const ys = examples.map((c) => TRIAGE_CLASSES.indexOf(classOf(c)));
  const weights = train(xs, ys, [...TRIAGE_CLASSES], features, options);
  const knownWords = buildVocabulary(
    examples.map((c) => tokenize(textOf(c))),
    2,
  ).sort();
  const draft = toModelFile(weights, {
    trainedOn: { file: source.file, contacts: examples.length, sha256: sha256(source.text) },
    settings: { ...options },
    thresholds: { emergency: 0.5, escalate: 0.5, human: 0.5 },
    validation: {},
    knownWords: knownWords.join(' '),
  });
  const triage = new Triage(loadModelFile(draft));
  const { thresholds, metrics } = chooseThresholds(prepare(triage, validation), options.thresholdSteps);
  const validationFigures: Record<string, number> = { contacts: metrics.contacts };
  for (const [k, v] of Object.entries(metrics)) if (typeof v === 'number') validationFigures[k] = v;
  return toModelFile(weights, {
    trainedOn: draft.trainedOn,
    settings: draft.settings,
    thresholds,
    validation: validationFigures,
    knownWords: draft.knownWords,
  });
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
