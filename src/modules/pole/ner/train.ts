import { type NerScore, scoreTags } from '../conll/score.ts';
import type { TaggedSentence } from './corpora.ts';
import { withoutDemonyms } from './decode.ts';
import { sentenceFeatures, type WordStats } from './features.ts';
import { LABEL_COUNT, LABELS, labelIndex } from './labels.ts';
import { type DenseWeights, denseEmission, type Example, trainPerceptron } from './perceptron.ts';
import { constrained, viterbi } from './viterbi.ts';

/** Hashed features and gold label indices of sentences, ready for training. */
export function examplesOf(sentences: readonly TaggedSentence[], stats: WordStats): Example[] {
  return sentences.map((s) => ({
    features: sentenceFeatures(s.tokens, stats),
    gold: Uint8Array.from(s.tags, labelIndex),
  }));
}

/** Tags predicted by dense (training-time) weights. */
export function predictDense(
  weights: DenseWeights,
  examples: readonly Example[],
  sentences?: readonly TaggedSentence[],
): string[][] {
  const transitions = constrained(weights.transitions);
  return examples.map(({ features, gold }, s) => {
    let best = viterbi(denseEmission(weights.emission, features, gold.length), gold.length, transitions);
    if (sentences) best = withoutDemonyms(sentences[s]!.tokens, best);
    return Array.from(best, (y) => LABELS[y]!);
  });
}

/** Scores dense weights on sentences. */
export function scoreDense(
  weights: DenseWeights,
  sentences: readonly TaggedSentence[],
  examples: readonly Example[],
): NerScore {
  return scoreTags(
    sentences.map((s) => s.tags),
    predictDense(weights, examples, sentences),
  );
}

export { LABEL_COUNT, trainPerceptron };
