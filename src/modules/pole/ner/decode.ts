import { isDemonym } from './demonyms.ts';
import { sentenceFeatures } from './features.ts';
import { LABEL_COUNT, LABELS } from './labels.ts';
import { type NerModel, sparseEmission } from './model-file.ts';
import { constrained, viterbi } from './viterbi.ts';

const L = LABEL_COUNT;

/** Tags of one sentence, with each token's confidence (softmax of its label scores). */
export interface Decoded {
  tags: string[];
  confidence: number[];
}

const transitionCache = new WeakMap<NerModel, Float64Array>();

/** Decodes a tokenised sentence with a loaded model (Viterbi under IOB2 constraints). */
export function decodeSentence(model: NerModel, tokens: readonly string[]): Decoded {
  const n = tokens.length;
  if (n === 0) return { tags: [], confidence: [] };
  let transitions = transitionCache.get(model);
  if (!transitions) {
    transitions = constrained(model.transitions);
    transitionCache.set(model, transitions);
  }
  const emission = sparseEmission(model, sentenceFeatures(tokens, model.stats), n);
  const best = withoutDemonyms(tokens, viterbi(emission, n, transitions));
  const tags = new Array<string>(n);
  const confidence = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const y = best[i]!;
    tags[i] = LABELS[y]!;
    let top = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < L; k++) top = Math.max(top, emission[i * L + k]!);
    let sum = 0;
    for (let k = 0; k < L; k++) sum += Math.exp(emission[i * L + k]! - top);
    confidence[i] = Math.exp(emission[i * L + y]! - top) / sum;
  }
  return { tags, confidence };
}

/**
 * Label indices with every name that is only nationality, people or faith words ("Israelis",
 * "Sunni Arab") set to O: the corpora were trained without them (see corpora.ts), as the
 * Universal NER and CoNLL guidelines leave them out, but the model still finds some.
 */
export function withoutDemonyms(tokens: readonly string[], labels: Uint8Array): Uint8Array {
  let i = 0;
  while (i < labels.length) {
    if (labels[i] === 0) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < labels.length && LABELS[labels[end]!]!.startsWith('I-')) end++;
    let only = true;
    for (let k = i; k < end && only; k++) only = isDemonym(tokens[k]!);
    if (only) labels.fill(0, i, end);
    i = end;
  }
  return labels;
}
