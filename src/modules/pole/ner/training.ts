import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nlp from 'compromise';
import wordListPath from 'word-list';
import { mulberry32 } from '../../../random.ts';
import type { NerScore } from '../conll/score.ts';
import { type Span, spansFromTags, tagsFromSpans } from '../conll/tags.ts';
import { wordClusters } from './clusters.ts';
import type { Corpora, TaggedSentence } from './corpora.ts';
import { dictionaryFilter, FEATURES_PER_TOKEN, type WordStats } from './features.ts';
import { buildGazetteer, nameStarts } from './gazetteer.ts';
import { buildLexicon } from './lexicon.ts';
import { encodeModel, type ModelInfo } from './model-file.ts';
import type { DenseWeights, Example } from './perceptron.ts';
import { examplesOf, scoreDense, trainPerceptron } from './train.ts';
import { wordStats } from './word-stats.ts';

/** Settings of a training run; epochs are chosen on validation up to `maxEpochs`. */
export interface NerTrainSettings {
  seed: number;
  maxEpochs: number;
  maxRows: number;
  clusterDepth: number;
  /**
   * Training sentences are split by document into this many folds; each sentence's gazetteer
   * features come from a gazetteer of the other folds' names, so the model learns how far a
   * gazetteer built from other text can be trusted, rather than that it always holds the answer.
   */
  gazetteerFolds: number;
  /**
   * Share of training sentences also given as a lower-cased copy, so that the model learns to
   * find names in text that does not capitalise them (chosen at random, seeded).
   */
  lowercaseCopies: number;
  /** Copies of each written sentence with other names of the same types put in (see `withOtherNames`). */
  writtenVariants: number;
  /**
   * Runs averaged into the model, each over the sentences in its own seeded order: the perceptron
   * depends on the order it sees sentences in, and the mean of a few runs varies less.
   */
  runs: number;
}

export const NER_TRAIN: NerTrainSettings = {
  seed: 20240612,
  maxEpochs: 10,
  maxRows: 200_000,
  clusterDepth: 12,
  gazetteerFolds: 4,
  lowercaseCopies: 0.2,
  writtenVariants: 15,
  runs: 4,
};

/** The mean of `settings.runs` perceptrons trained for `epochs` epochs, each in its own order. */
export function trainRuns(
  examples: readonly Example[],
  epochs: number,
  settings: NerTrainSettings,
): DenseWeights {
  let sum: DenseWeights | null = null;
  for (let r = 0; r < settings.runs; r++) {
    const w = trainPerceptron(examples, { epochs, seed: settings.seed + r });
    if (!sum) sum = w;
    else {
      for (let k = 0; k < w.emission.length; k++) sum.emission[k]! += w.emission[k]!;
      for (let k = 0; k < w.transitions.length; k++) sum.transitions[k]! += w.transitions[k]!;
    }
  }
  const out = sum as DenseWeights;
  for (let k = 0; k < out.emission.length; k++) out.emission[k]! /= settings.runs;
  for (let k = 0; k < out.transitions.length; k++) out.transitions[k]! /= settings.runs;
  return out;
}

export interface TrainedNer {
  file: Buffer;
  epochs: number;
  validation: NerScore;
  curve: number[];
}

export function statsOf(sentences: readonly TaggedSentence[], settings: NerTrainSettings): WordStats {
  const tokens = sentences.map((s) => s.tokens);
  return wordStats(
    tokens,
    wordClusters(tokens, { depth: settings.clusterDepth, seed: settings.seed }),
    buildGazetteer(sentences),
    englishDictionary(),
    buildLexicon(compromiseLexicon()),
  );
}

/** compromise's lexicon: word or phrase to its tag or tags. */
function compromiseLexicon(): Record<string, string | string[]> {
  const model = (
    nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
  ).model();
  return model.one.lexicon;
}

/** Bytes of the dictionary's Bloom filter (4 probes; about 0.3% false positives for 274,000 words). */
const DICTIONARY_BYTES = 1 << 19;

/** English dictionary words (the word-list package), as a Bloom filter the model carries. */
function englishDictionary(): Uint8Array {
  const words = readFileSync(wordListPath, 'utf8')
    .split('\n')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  return dictionaryFilter(words, DICTIONARY_BYTES);
}

function foldOf(sentence: TaggedSentence, folds: number): number {
  const key = `${sentence.source}\t${sentence.doc ?? sentence.tokens.join(' ')}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % folds;
}

/** Training examples whose gazetteer features come from the other folds' names (see `gazetteerFolds`). */
export function trainingExamples(
  sentences: readonly TaggedSentence[],
  stats: WordStats,
  settings: NerTrainSettings,
): Example[] {
  const folds = sentences.map((s) => foldOf(s, settings.gazetteerFolds));
  const random = mulberry32(settings.seed ^ 0x5bd1e995);
  const out: Example[] = [];
  const extra: Example[] = [];
  for (let k = 0; k < settings.gazetteerFolds; k++) {
    const inFold = sentences.filter((_, i) => folds[i] === k);
    const names = buildGazetteer(sentences.filter((_, i) => folds[i] !== k));
    const foldStats: WordStats = { ...stats, names, nameStarts: nameStarts(names) };
    const pool = namePool(inFold);
    for (const s of inFold) {
      out.push(examplesOf([s], foldStats)[0]!);
      if (random() < settings.lowercaseCopies)
        extra.push(examplesOf([{ ...s, tokens: s.tokens.map((t) => t.toLowerCase()) }], foldStats)[0]!);
      if (s.source === 'written')
        for (let v = 0; v < settings.writtenVariants; v++)
          extra.push(examplesOf([withOtherNames(s, pool, random)], foldStats)[0]!);
    }
  }
  return [...out, ...extra];
}

/** The names marked in sentences, by type, as token lists (written sentences left out). */
function namePool(sentences: readonly TaggedSentence[]): Map<string, string[][]> {
  const pool = new Map<string, string[][]>();
  for (const s of sentences) {
    if (s.source === 'written') continue;
    for (const span of spansFromTags(s.tags)) {
      const words = s.tokens.slice(span.start, span.end);
      if (!/^\p{Lu}/u.test(words[0]!)) continue;
      let list = pool.get(span.type);
      if (!list) {
        list = [];
        pool.set(span.type, list);
      }
      list.push(words);
    }
  }
  return pool;
}

/**
 * A written sentence with each name replaced by a name of the same type from the corpora, so
 * that the few written sentences teach their contexts rather than their particular names.
 */
function withOtherNames(
  s: TaggedSentence,
  pool: Map<string, string[][]>,
  random: () => number,
): TaggedSentence {
  const tokens: string[] = [];
  const spans: Span[] = [];
  let at = 0;
  for (const span of spansFromTags(s.tags)) {
    tokens.push(...s.tokens.slice(at, span.start));
    const list = pool.get(span.type);
    const words = list?.length
      ? list[Math.floor(random() * list.length)]!
      : s.tokens.slice(span.start, span.end);
    spans.push({ start: tokens.length, end: tokens.length + words.length, type: span.type });
    tokens.push(...words);
    at = span.end;
  }
  tokens.push(...s.tokens.slice(at));
  return { tokens, tags: tagsFromSpans(spans, tokens.length), source: s.source, doc: s.doc };
}

/**
 * Trains the recogniser: first on the training part, scoring the averaged weights on the
 * validation part after each epoch to choose the number of epochs; then again on training and
 * validation together for that many epochs (`runs` runs, averaged), pruned to `maxRows` feature
 * rows and encoded.
 */
export function trainNer(
  corpora: Corpora,
  settings: NerTrainSettings,
  log: (line: string) => void,
): TrainedNer {
  const stats = statsOf(corpora.train, settings);
  const train = trainingExamples(corpora.train, stats, settings);
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
  const weights: DenseWeights = trainRuns(
    trainingExamples(all, finalStats, settings),
    chosen.epoch,
    settings,
  );
  const info: ModelInfo = {
    version: `pole-ner-${fingerprint(all, settings, finalStats.lexicon)}`,
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

/** A short hash of the training sentences, settings, features and lexicon, naming the model version. */
function fingerprint(
  sentences: readonly TaggedSentence[],
  settings: NerTrainSettings,
  lexicon: ReadonlyMap<string, number>,
): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  hash.update(`features ${FEATURES_PER_TOKEN}\n`);
  for (const [name, kinds] of lexicon) hash.update(`${name}\t${kinds}\n`);
  for (const s of sentences) hash.update(`${s.tokens.join(' ')}\t${s.tags.join(' ')}\n`);
  return hash.digest('hex').slice(0, 12);
}
