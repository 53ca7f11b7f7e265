import { DEFAULT_FEATURES, type FeatureOptions, featureNames } from '../classifier/features.ts';
import {
  buildVocabulary,
  DEFAULT_TRAIN,
  probabilities,
  type SoftmaxWeights,
  type TrainSettings,
  train,
  vectorize,
} from '../classifier/softmax.ts';
import { type ClincData, type IntentExample, OOS } from './data.ts';

/**
 * The triage intent engine (the same features and softmax classifier) on CLINC150: trained on
 * train (with its 100 out-of-scope queries as one more class), the out-of-scope threshold chosen
 * on val, reported on test once. A query is out of scope when the classifier's top class is "oos"
 * or its top probability is below the threshold. The threshold is the one with the highest
 * out-of-scope recall on val among those costing at most MAX_ACCURACY_COST of in-scope accuracy on
 * val (against no threshold).
 */
export interface ClincOptions extends TrainSettings, FeatureOptions {
  minCount: number;
}

export const CLINC_OPTIONS: ClincOptions = {
  ...DEFAULT_TRAIN,
  ...DEFAULT_FEATURES,
  charMin: 2,
  charMax: 4,
  epochs: 20,
  minCount: 2,
};

export const MAX_ACCURACY_COST = 0.01;

export interface ClincScores {
  inScopeAccuracy: number;
  oosRecall: number;
  inScope: number;
  outOfScope: number;
}

export interface ClincResult {
  intents: number;
  features: number;
  threshold: number;
  val: ClincScores;
  test: ClincScores;
  trainSeconds: number;
}

interface Scored {
  intent: string;
  predicted: string;
  confidence: number;
}

export function runClinc(data: ClincData, options: ClincOptions = CLINC_OPTIONS): ClincResult {
  const started = performance.now();
  const classes = [...new Set(data.train.map((e) => e.intent))].sort();
  const names = data.train.map((e) => featureNames(e.text, options));
  const features = buildVocabulary(names, options.minCount);
  const index = new Map(features.map((f, i) => [f, i]));
  const model = train(
    names.map((n) => vectorize(n, index)),
    data.train.map((e) => classes.indexOf(e.intent)),
    classes,
    features,
    options,
  );
  const trainSeconds = (performance.now() - started) / 1000;
  const score = (xs: IntentExample[]) => xs.map((e) => predict(model, index, e, options));
  const val = score(data.val);
  const threshold = chooseThreshold(val);
  return {
    intents: classes.filter((c) => c !== OOS).length,
    features: features.length,
    threshold,
    val: scoresAt(val, threshold),
    test: scoresAt(score(data.test), threshold),
    trainSeconds,
  };
}

function predict(
  model: SoftmaxWeights,
  index: Map<string, number>,
  e: IntentExample,
  options: FeatureOptions,
): Scored {
  const p = probabilities(model, vectorize(featureNames(e.text, options), index));
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return { intent: e.intent, predicted: model.classes[best]!, confidence: p[best]! };
}

export function scoresAt(scored: readonly Scored[], threshold: number): ClincScores {
  const label = (s: Scored) => (s.predicted === OOS || s.confidence < threshold ? OOS : s.predicted);
  const inScope = scored.filter((s) => s.intent !== OOS);
  const outOfScope = scored.filter((s) => s.intent === OOS);
  return {
    inScopeAccuracy: inScope.filter((s) => label(s) === s.intent).length / Math.max(1, inScope.length),
    oosRecall: outOfScope.filter((s) => label(s) === OOS).length / Math.max(1, outOfScope.length),
    inScope: inScope.length,
    outOfScope: outOfScope.length,
  };
}

/**
 * The threshold (in steps of 0.01) with the highest out-of-scope recall among those whose in-scope
 * accuracy is within MAX_ACCURACY_COST of the accuracy without a threshold.
 */
export function chooseThreshold(scored: readonly Scored[]): number {
  const floor = scoresAt(scored, 0).inScopeAccuracy - MAX_ACCURACY_COST;
  let best = 0;
  let bestRecall = -1;
  for (let i = 0; i <= 100; i++) {
    const t = i / 100;
    const s = scoresAt(scored, t);
    if (s.inScopeAccuracy >= floor - 1e-12 && s.oosRecall > bestRecall + 1e-12) {
      best = t;
      bestRecall = s.oosRecall;
    }
  }
  return best;
}
