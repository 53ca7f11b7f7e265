import { gunzipSync, gzipSync } from 'node:zlib';
import { FEATURES_PER_TOKEN, HASH_BITS, type WordStats } from './features.ts';
import { nameStarts } from './gazetteer.ts';
import { LABEL_COUNT, LABELS } from './labels.ts';
import type { DenseWeights } from './perceptron.ts';

const L = LABEL_COUNT;
const MAGIC = 'BLNER3';

/** What the model file says about itself (kept in its header). */
export interface ModelInfo {
  version: string;
  trainedOn: string[];
  settings: Record<string, number | string>;
  validation: Record<string, number>;
}

/** A recogniser model as loaded: pruned, quantised emission rows and the word statistics. */
export interface NerModel {
  info: ModelInfo;
  /** The model's version (`info.version`), naming the training data and settings. */
  version: string;
  /** Open-addressing table: bucket -> row (slots hold bucket + 1, 0 is empty). */
  slots: Int32Array;
  rows: Int32Array;
  /** Emission weights, rows x L, already scaled back from int16. */
  weights: Float32Array;
  transitions: Float64Array;
  stats: WordStats;
}

interface Header {
  magic: string;
  info: ModelInfo;
  labels: string[];
  hashBits: number;
  featuresPerToken: number;
  rows: number;
  scale: number;
  transitions: number[];
  clusters: string[];
  words: Array<[string, number, number]>;
  names: Array<[string, number]>;
  lexicon: Array<[string, number]>;
  dictionaryBytes: number;
}

/**
 * Keeps the emission rows whose largest absolute weight is at least `threshold` (pruning), and
 * writes them as int16 with one scale for the whole table, gzip-compressed.
 */
export function encodeModel(
  weights: DenseWeights,
  stats: WordStats,
  info: ModelInfo,
  maxRows: number,
): Buffer {
  const buckets = 1 << HASH_BITS;
  const strength = new Float32Array(buckets);
  let top = 0;
  for (let b = 0; b < buckets; b++) {
    let m = 0;
    for (let y = 0; y < L; y++) m = Math.max(m, Math.abs(weights.emission[b * L + y]!));
    strength[b] = m;
    top = Math.max(top, m);
  }
  const sorted = Float32Array.from(strength).sort().reverse();
  const threshold = Math.max(sorted[Math.min(maxRows, buckets) - 1]!, 1e-9);
  const kept: number[] = [];
  for (let b = 0; b < buckets && kept.length < maxRows; b++) if (strength[b]! >= threshold) kept.push(b);
  const scale = top / 32767 || 1;
  const keys = new Uint32Array(kept);
  const values = new Int16Array(kept.length * L);
  kept.forEach((b, r) => {
    for (let y = 0; y < L; y++) values[r * L + y] = Math.round(weights.emission[b * L + y]! / scale);
  });
  const clusterNames = [...new Set(stats.cluster.values())].sort();
  const clusterIndex = new Map(clusterNames.map((c, i) => [c, i]));
  const words = [...new Set([...stats.prior.keys(), ...stats.cluster.keys()])].sort();
  const header: Header = {
    magic: MAGIC,
    info,
    labels: [...LABELS],
    hashBits: HASH_BITS,
    featuresPerToken: FEATURES_PER_TOKEN,
    rows: kept.length,
    scale,
    transitions: [...weights.transitions].map((x) => Math.round(x * 1e4) / 1e4),
    clusters: clusterNames,
    words: words.map((w) => [w, stats.prior.get(w) ?? 0, clusterIndex.get(stats.cluster.get(w) ?? '') ?? -1]),
    dictionaryBytes: stats.dictionary.length,
    names: [...stats.names].sort(byKey),
    lexicon: [...stats.lexicon].sort(byKey),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return gzipSync(
    Buffer.concat([
      length,
      json,
      Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength),
      Buffer.from(values.buffer, values.byteOffset, values.byteLength),
      Buffer.from(stats.dictionary.buffer, stats.dictionary.byteOffset, stats.dictionary.byteLength),
    ]),
    { level: 9 },
  );
}

const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Reads a model written by `encodeModel`, checking it matches this code's features and labels. */
export function decodeModel(file: Buffer): NerModel {
  const raw = gunzipSync(file);
  const length = raw.readUInt32LE(0);
  const header = JSON.parse(raw.subarray(4, 4 + length).toString('utf8')) as Header;
  if (header.magic !== MAGIC) throw new Error('not a Bluelamp recogniser model');
  if (
    header.hashBits !== HASH_BITS ||
    header.featuresPerToken !== FEATURES_PER_TOKEN ||
    header.labels.join() !== LABELS.join()
  )
    throw new Error('the recogniser model was trained with other features or labels: run npm run train:ner');
  const body = raw.subarray(4 + length);
  const keys = new Uint32Array(body.buffer.slice(body.byteOffset, body.byteOffset + header.rows * 4));
  const values = new Int16Array(
    body.buffer.slice(
      body.byteOffset + header.rows * 4,
      body.byteOffset + header.rows * 4 + header.rows * L * 2,
    ),
  );
  let size = 1;
  while (size < header.rows * 2) size <<= 1;
  const slots = new Int32Array(size);
  const rows = new Int32Array(size);
  for (let r = 0; r < header.rows; r++) {
    let s = keys[r]! & (size - 1);
    while (slots[s] !== 0) s = (s + 1) & (size - 1);
    slots[s] = keys[r]! + 1;
    rows[s] = r;
  }
  const weights = new Float32Array(values.length);
  for (let k = 0; k < values.length; k++) weights[k] = values[k]! * header.scale;
  const prior = new Map<string, number>();
  const cluster = new Map<string, string>();
  for (const [word, p, c] of header.words) {
    if (p) prior.set(word, p);
    if (c >= 0) cluster.set(word, header.clusters[c]!);
  }
  const names = new Map(header.names);
  const at = body.byteOffset + header.rows * 4 + header.rows * L * 2;
  const dictionary = new Uint8Array(body.buffer.slice(at, at + header.dictionaryBytes));
  const lexicon = new Map(header.lexicon ?? []);
  const stats: WordStats = {
    prior,
    cluster,
    names,
    nameStarts: nameStarts(names),
    dictionary,
    lexicon,
    lexiconStarts: nameStarts(lexicon),
  };
  return {
    info: header.info,
    version: header.info.version,
    slots,
    rows,
    weights,
    transitions: Float64Array.from(header.transitions),
    stats,
  };
}

/** Emission scores of every token of a sentence from a loaded (sparse) model. */
export function sparseEmission(model: NerModel, features: Int32Array, n: number): Float64Array {
  const out = new Float64Array(n * L);
  const { slots, rows, weights } = model;
  const mask = slots.length - 1;
  for (let i = 0; i < n; i++) {
    for (let f = i * FEATURES_PER_TOKEN; f < (i + 1) * FEATURES_PER_TOKEN; f++) {
      const key = features[f]! + 1;
      let s = features[f]! & mask;
      while (slots[s] !== 0 && slots[s] !== key) s = (s + 1) & mask;
      if (slots[s] === 0) continue;
      const row = rows[s]! * L;
      for (let y = 0; y < L; y++) out[i * L + y]! += weights[row + y]!;
    }
  }
  return out;
}
