import { createHash } from 'node:crypto';
import type { NerScore } from '../conll/score.ts';
import { wordClusters } from './clusters.ts';
import type { Corpora, TaggedSentence } from './corpora.ts';
import type { WordStats } from './features.ts';
import { encodeModel, type ModelInfo } from './model-file.ts';
import type { DenseWeights } from './perceptron.ts';
import { examplesOf, scoreDense, trainPerceptron } from './train.ts';
import { wordStats } from './word-stats.ts';

/** Settings of a training run; epochs are chosen on validation up to `maxEpochs`. */
export interface NerTrainSettings {
  seed: number;
  maxEpochs: number;
  maxRows: number;
  clusterDepth: number;
}

export const NER_TRAIN: NerTrainSettings = {
  seed: 20240612,
  maxEpochs: 10,
  maxRows: 200_000,
  clusterDepth: 12,
};

export interface TrainedNer {
  file: Buffer;
  epochs: number;
  validation: NerScore;
  curve: number[];
}

function statsOf(sentences: readonly TaggedSentence[], settings: NerTrainSettings): WordStats {
  const tokens = sentences.map((s) => s.tokens);
  return wordStats(tokens, wordClusters(tokens, { depth: settings.clusterDepth, seed: settings.seed }));
}

/**
 * Trains the recogniser: first on the training part, scoring the averaged weights on the
 * validation part after each epoch to choose the number of epochs; then again on training and
 * validation together for that many epochs, pruned to `maxRows` feature rows and encoded.
 */
export function trainNer(
  corpora: Corpora,
  settings: NerTrainSettings,
  log: (line: string) => void,
): TrainedNer {
  const stats = statsOf(corpora.train, settings);
  const train = examplesOf(corpora.train, stats);
  const validation = examplesOf(corpora.validation, stats);
  const curve: number[] = [];
  let best: { epoch: number; score: NerScore } | null = null;
  trainPerceptron(train, {
    epochs: settings.maxEpochs,
    seed: settings.seed,
    onEpoch: (epoch, weights) => {
      const score = scoreDense(weights(), corpora.validation, validation);
      curve.push(score.micro.f1);
      log(`epoch ${epoch}: validation micro-F1 ${score.micro.f1.toFixed(4)}`);
      if (!best || score.micro.f1 > best.score.micro.f1) best = { epoch, score };
    },
  });
  const chosen = best as unknown as { epoch: number; score: NerScore };
  const all = [...corpora.train, ...corpora.validation];
  const finalStats = statsOf(all, settings);
  const weights: DenseWeights = trainPerceptron(examplesOf(all, finalStats), {
    epochs: chosen.epoch,
    seed: settings.seed,
  });
  const info: ModelInfo = {
    version: `pole-ner-${fingerprint(all, settings)}`,
    trainedOn: [...new Set(all.map((s) => s.source))].sort(),
    settings: { ...settings, epochs: chosen.epoch, sentences: all.length },
    validation: {
      microF1: round(chosen.score.micro.f1),
      precision: round(chosen.score.micro.precision),
      recall: round(chosen.score.micro.recall),
    },
  };
  return {
    file: encodeModel(weights, finalStats, info, settings.maxRows),
    epochs: chosen.epoch,
    validation: chosen.score,
    curve,
  };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** A short hash of the training sentences and settings, naming the model version. */
function fingerprint(sentences: readonly TaggedSentence[], settings: NerTrainSettings): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  for (const s of sentences) hash.update(`${s.tokens.join(' ')}\t${s.tags.join(' ')}\n`);
  return hash.digest('hex').slice(0, 12);
}
