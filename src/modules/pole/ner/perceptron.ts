import { mulberry32 } from '../../../random.ts';
import { FEATURES_PER_TOKEN, HASH_BITS } from './features.ts';
import { LABEL_COUNT } from './labels.ts';
import { constrained, viterbi } from './viterbi.ts';

const L = LABEL_COUNT;
const F = FEATURES_PER_TOKEN;

/** A training sentence: hashed features (n x F) and gold label indices. */
export interface Example {
  features: Int32Array;
  gold: Uint8Array;
}

/** Averaged weights: a dense emission table (bucket x label) and transitions ((L + 1) x L). */
export interface DenseWeights {
  emission: Float32Array;
  transitions: Float64Array;
}

/** Emission scores of every token of a sentence from a dense table. */
export function denseEmission(emission: Float32Array, features: Int32Array, n: number): Float64Array {
  const out = new Float64Array(n * L);
  for (let i = 0; i < n; i++) {
    for (let f = i * F; f < (i + 1) * F; f++) {
      const row = features[f]! * L;
      for (let y = 0; y < L; y++) out[i * L + y]! += emission[row + y]!;
    }
  }
  return out;
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Called after each epoch with the averaged weights so far (for validation curves). */
  onEpoch?: (epoch: number, weights: () => DenseWeights) => void;
}

/**
 * A structured averaged perceptron (Collins 2002) with Viterbi decoding under IOB2 constraints:
 * each sentence is decoded with the current weights, and where the best sequence differs from the
 * gold one, the gold features gain 1 and the predicted ones lose 1. The weights returned are the
 * average over all steps (kept cheaply as w - sum(c * update) / c, Daume 2006).
 */
export function trainPerceptron(examples: readonly Example[], options: TrainOptions): DenseWeights {
  const size = (1 << HASH_BITS) * L;
  const w = new Float32Array(size);
  const acc = new Float64Array(size);
  const t = new Float64Array((L + 1) * L);
  const tAcc = new Float64Array((L + 1) * L);
  const random = mulberry32(options.seed);
  const order = examples.map((_, i) => i);
  let c = 1;
  const averaged = (): DenseWeights => {
    const emission = new Float32Array(size);
    for (let k = 0; k < size; k++) if (w[k] !== 0) emission[k] = w[k]! - acc[k]! / c;
    const transitions = new Float64Array(t.length);
    for (let k = 0; k < t.length; k++) transitions[k] = t[k]! - tAcc[k]! / c;
    return { emission, transitions };
  };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { features, gold } = examples[index]!;
      const n = gold.length;
      const predicted = viterbi(denseEmission(w, features, n), n, constrained(t));
      let differs = false;
      for (let i = 0; i < n && !differs; i++) differs = predicted[i] !== gold[i];
      if (differs) {
        for (let i = 0; i < n; i++) {
          const g = gold[i]!;
          const p = predicted[i]!;
          if (g !== p) {
            for (let f = i * F; f < (i + 1) * F; f++) {
              const row = features[f]! * L;
              w[row + g]! += 1;
              acc[row + g]! += c;
              w[row + p]! -= 1;
              acc[row + p]! -= c;
            }
          }
          const gPrev = i === 0 ? 0 : gold[i - 1]! + 1;
          const pPrev = i === 0 ? 0 : predicted[i - 1]! + 1;
          if (gPrev !== pPrev || g !== p) {
            t[gPrev * L + g]! += 1;
            tAcc[gPrev * L + g]! += c;
            t[pPrev * L + p]! -= 1;
            tAcc[pPrev * L + p]! -= c;
          }
        }
      }
      c++;
    }
    options.onEpoch?.(epoch, averaged);
  }
  return averaged();
}
