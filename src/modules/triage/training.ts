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
import { measure, measureByLanguage } from './evaluate.ts';
import { tokenize } from './text/tokens.ts';
import { chooseThresholds, outcomesAt, prepare } from './thresholds.ts';
import { Triage } from './triage.ts';
import { TOPICS } from './types.ts';

/** Classes of the triage classifier: the three escalated routes and the fourteen routine topics. */
export const TRIAGE_CLASSES = ['emergency', 'urgent', 'human', ...TOPICS];

export interface TriageTrainOptions extends TrainSettings, FeatureOptions {
  /** A feature is kept when it appears in at least this many training contacts. */
  minCount: number;
  /**
   * At most this many features, the most frequent (so that model.json stays under the 1 MiB the
   * project's checks read).
   */
  maxFeatures: number;
  /** Thresholds are chosen on validation in steps of 1/thresholdSteps. */
  thresholdSteps: number;
}

export const TRIAGE_TRAIN: TriageTrainOptions = {
  ...DEFAULT_TRAIN,
  ...DEFAULT_FEATURES,
  charMax: 4,
  epochs: 40,
  l2: 3e-4,
  minCount: 2,
  maxFeatures: 9000,
  thresholdSteps: 40,
};

const classOf = (c: LabelledContact): string => (c.route === 'routine' ? c.topic! : c.route);
const textOf = (c: LabelledContact): string => turnsOf(c).join('\n');

/** Folds of the cross-validation that chooses the thresholds. */
export const THRESHOLD_FOLDS = 5;

/** The classifier (weights and the words it has seen) trained on `examples`, thresholds unset. */
export function fitDraft(
  examples: readonly LabelledContact[],
  options: TriageTrainOptions,
  meta: Pick<ModelFile, 'trainedOn'>,
): ModelFile {
  const names = examples.map((c) => featureNames(textOf(c), options));
  const features = buildVocabulary(names, options.minCount, options.maxFeatures);
  const index = new Map(features.map((f, i) => [f, i]));
  const xs = names.map((n) => vectorize(n, index));
  const ys = examples.map((c) => TRIAGE_CLASSES.indexOf(classOf(c)));
  const weights = train(xs, ys, [...TRIAGE_CLASSES], features, options);
  const knownWords = buildVocabulary(
    examples.map((c) => tokenize(textOf(c))),
    2,
  ).sort();
  return toModelFile(weights, {
    trainedOn: meta.trainedOn,
    settings: { ...options },
    thresholds: { emergency: 0.5, escalate: 0.5, human: 0.5 },
    validation: {},
    knownWords: knownWords.join(' '),
  });
}

/**
 * Trains the classifier on the training split and chooses its thresholds by cross-validation on
 * that split (see thresholds.ts): the contacts are dealt into THRESHOLD_FOLDS folds (contact i
 * into fold i mod folds); each fold is scored by a classifier trained on the other folds, so every
 * training contact gets the scores of a classifier that never saw it, read with the rules. The
 * final classifier is trained on the whole split with those thresholds; `validation` (never seen
 * by the classifier) gives the figures stored in the model file. Deterministic (seeded).
 */
export function trainTriageModel(
  trainSet: readonly LabelledContact[],
  validation: readonly LabelledContact[],
  options: TriageTrainOptions = TRIAGE_TRAIN,
  source = { file: 'data/train.jsonl', text: '' },
  folds = THRESHOLD_FOLDS,
): ModelFile {
  const examples = trainSet.filter((c) => c.lang === 'en' || c.lang === 'cy');
  const trainedOn = { file: source.file, contacts: examples.length, sha256: sha256(source.text) };
  const outOfFold = Array.from({ length: folds }, (_, f) => {
    const fitted = fitDraft(
      examples.filter((_, i) => i % folds !== f),
      options,
      { trainedOn },
    );
    return prepare(
      new Triage(loadModelFile(fitted)),
      examples.filter((_, i) => i % folds === f),
    );
  }).flat();
  const { thresholds } = chooseThresholds(outOfFold, options.thresholdSteps);
  const draft = fitDraft(examples, options, { trainedOn });
  const triage = new Triage(loadModelFile({ ...draft, thresholds }));
  const metrics = measure(outcomesAt(prepare(triage, validation), thresholds));
  const validationFigures: Record<string, number> = { contacts: metrics.contacts };
  for (const [k, v] of Object.entries(metrics)) if (typeof v === 'number') validationFigures[k] = v;
  // The cross-validated figures of rules and classifier on the training split, per language.
  const crossValidated = measureByLanguage(outcomesAt(outOfFold, thresholds));
  for (const group of ['all', 'en', 'cy'] as const) {
    for (const [k, v] of Object.entries(crossValidated[group]!)) {
      if (typeof v === 'number') validationFigures[`cv_${group}_${k}`] = v;
    }
  }
  return toModelFile(loadModelFile(draft).weights, {
    trainedOn,
    settings: draft.settings,
    thresholds,
    validation: validationFigures,
    knownWords: draft.knownWords,
  });
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
