import { mulberry32 } from '../../../random.ts';

/**
 * Multinomial logistic regression (softmax) over sparse binary features, L2-normalised per text,
 * trained by seeded stochastic gradient descent with AdaGrad step sizes and L2 penalty. Small,
 * transparent and exportable: one weight per feature and class, one bias per class.
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface SoftmaxWeights {
  classes: string[];
  features: string[];
  /** weights[f * classes.length + k] */
  weights: Float64Array;
  bias: Float64Array;
}

export interface TrainSettings {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainSettings = { epochs: 30, learningRate: 0.5, l2: 1e-5, seed: 13 };

/** A sparse, L2-normalised vector of the known features among `names`. */
export function vectorize(names: readonly string[], index: ReadonlyMap<string, number>): SparseVector {
  const ids = [...new Set(names.flatMap((n) => (index.has(n) ? [index.get(n)!] : [])))].sort((a, b) => a - b);
  const value = ids.length > 0 ? 1 / Math.sqrt(ids.length) : 0;
  return { indices: Int32Array.from(ids), values: new Float32Array(ids.length).fill(value) };
}

export function scores(model: SoftmaxWeights, x: SparseVector): Float64Array {
  const k = model.classes.length;
  const z = Float64Array.from(model.bias);
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j]! * k;
    const v = x.values[j]!;
    for (let c = 0; c < k; c++) z[c]! += v * model.weights[base + c]!;
  }
  return z;
}

export function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  const p = new Float64Array(z.length);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    p[c] = Math.exp(z[c]! - max);
    sum += p[c]!;
  }
  for (let c = 0; c < z.length; c++) p[c]! /= sum;
  return p;
}

export const probabilities = (model: SoftmaxWeights, x: SparseVector): Float64Array =>
  softmax(scores(model, x));

export function train(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: string[],
  features: string[],
  settings: TrainSettings = DEFAULT_TRAIN,
): SoftmaxWeights {
  const k = classes.length;
  const model: SoftmaxWeights = {
    classes,
    features,
    weights: new Float64Array(features.length * k),
    bias: new Float64Array(k),
  };
  const g2 = new Float64Array(features.length * k).fill(1e-8);
  const b2 = new Float64Array(k).fill(1e-8);
  const random = mulberry32(settings.seed);
  const order = xs.map((_, i) => i);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const x = xs[i]!;
      const p = probabilities(model, x);
      p[ys[i]!]! -= 1;
      for (let c = 0; c < k; c++) {
        const g = p[c]!;
        b2[c]! += g * g;
        model.bias[c]! -= (settings.learningRate * g) / Math.sqrt(b2[c]!);
      }
      for (let j = 0; j < x.indices.length; j++) {
        const base = x.indices[j]! * k;
        const v = x.values[j]!;
        for (let c = 0; c < k; c++) {
          const at = base + c;
          const g = p[c]! * v + settings.l2 * model.weights[at]!;
          g2[at]! += g * g;
          model.weights[at]! -= (settings.learningRate * g) / Math.sqrt(g2[at]!);
        }
      }
    }
  }
  return model;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

/**
 * Features seen in at least `minCount` training texts, in first-seen order; with `maxFeatures`,
 * only that many of them, the most frequent first (ties: first seen), kept in first-seen order.
 */
export function buildVocabulary(
  texts: readonly (readonly string[])[],
  minCount: number,
  maxFeatures = Number.POSITIVE_INFINITY,
): string[] {
  const counts = new Map<string, number>();
  for (const names of texts) for (const n of new Set(names)) counts.set(n, (counts.get(n) ?? 0) + 1);
  const kept = [...counts].map(([n, c], i) => ({ n, c, i })).filter((f) => f.c >= minCount);
  if (kept.length <= maxFeatures) return kept.map((f) => f.n);
  const top = [...kept].sort((a, b) => b.c - a.c || a.i - b.i).slice(0, maxFeatures);
  return top.sort((a, b) => a.i - b.i).map((f) => f.n);
}

/** The features that pushed a text towards class `c` most: contribution = value x weight. */
export function topContributions(
  model: SoftmaxWeights,
  x: SparseVector,
  c: number,
  limit: number,
): Array<{ feature: string; contribution: number }> {
  const k = model.classes.length;
  const out: Array<{ feature: string; contribution: number }> = [];
  for (let j = 0; j < x.indices.length; j++) {
    const f = x.indices[j]!;
    const contribution = x.values[j]! * model.weights[f * k + c]!;
    if (contribution > 0) out.push({ feature: model.features[f]!, contribution });
  }
  return out.sort((a, b) => b.contribution - a.contribution).slice(0, limit);
}
