import { allowed, LABEL_COUNT } from './labels.ts';

const L = LABEL_COUNT;

/** Transition scores with the IOB2 constraints built in: row `from + 1` (row 0 is the start). */
export function constrained(transitions: ArrayLike<number>): Float64Array {
  const out = new Float64Array((L + 1) * L);
  for (let from = -1; from < L; from++) {
    for (let to = 0; to < L; to++) {
      const k = (from + 1) * L + to;
      out[k] = allowed(from, to) ? transitions[k]! : Number.NEGATIVE_INFINITY;
    }
  }
  return out;
}

/**
 * The best label sequence for emission scores (n x L, row-major) under first-order transition
 * scores ((L + 1) x L, row 0 for the sentence start), by the Viterbi algorithm.
 */
export function viterbi(emission: Float64Array, n: number, transitions: Float64Array): Uint8Array {
  const best = new Uint8Array(n);
  if (n === 0) return best;
  const score = new Float64Array(n * L);
  const back = new Uint8Array(n * L);
  for (let y = 0; y < L; y++) score[y] = transitions[y]! + emission[y]!;
  for (let i = 1; i < n; i++) {
    for (let y = 0; y < L; y++) {
      let top = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let p = 0; p < L; p++) {
        const s = score[(i - 1) * L + p]! + transitions[(p + 1) * L + y]!;
        if (s > top) {
          top = s;
          arg = p;
        }
      }
      score[i * L + y] = top + emission[i * L + y]!;
      back[i * L + y] = arg;
    }
  }
  let arg = 0;
  for (let y = 1; y < L; y++) if (score[(n - 1) * L + y]! > score[(n - 1) * L + arg]!) arg = y;
  best[n - 1] = arg;
  for (let i = n - 1; i > 0; i--) best[i - 1] = back[i * L + best[i]!]!;
  return best;
}
