import { mulberry32 } from '../../../random.ts';
import { normalWord } from './features.ts';

export interface ClusterOptions {
  /** Depth of the binary tree (bit string length). */
  depth: number;
  seed: number;
  /** Words seen fewer times are not clustered. */
  minCount?: number;
  /** Most frequent words used as left and right contexts. */
  contexts?: number;
  /** Dimensions of the random projection. */
  dimensions?: number;
}

/**
 * Word clusters learnt from unlabelled sentences, in the spirit of Brown clusters (words that
 * occur between the same neighbours share a path in a binary tree), computed cheaply: each word
 * is described by the positive pointwise mutual information of its left and right neighbours
 * among the most frequent words, randomly projected to a few dimensions (Johnson-Lindenstrauss),
 * then split recursively by spherical 2-means. Returns each word's path as a bit string.
 */
export function wordClusters(
  sentences: ReadonlyArray<readonly string[]>,
  options: ClusterOptions,
): Map<string, string> {
  const minCount = options.minCount ?? 3;
  const K = options.contexts ?? 400;
  const D = options.dimensions ?? 64;
  const counts = new Map<string, number>();
  const normal = sentences.map((s) => s.map(normalWord));
  for (const s of normal) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const contextIndex = new Map(byFrequency.slice(0, K).map(([w], i) => [w, i]));
  const vocab = byFrequency.filter(([, c]) => c >= minCount).map(([w]) => w);
  const wordIndex = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length;
  // co-occurrence counts, word x (left context | right context), sparse per word
  const co: Array<Map<number, number>> = vocab.map(() => new Map());
  const contextTotals = new Float64Array(2 * K + 2);
  let total = 0;
  for (const s of normal) {
    for (let i = 0; i < s.length; i++) {
      const w = wordIndex.get(s[i]!);
      if (w === undefined) continue;
      const left = i > 0 ? (contextIndex.get(s[i - 1]!) ?? K) : K;
      const right = K + 1 + (i + 1 < s.length ? (contextIndex.get(s[i + 1]!) ?? K) : K);
      for (const c of [left, right]) {
        const m = co[w]!;
        m.set(c, (m.get(c) ?? 0) + 1);
        contextTotals[c]! += 1;
        total++;
      }
    }
  }
  const random = mulberry32(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const projection = Float64Array.from({ length: (2 * K + 2) * D }, gaussian);
  const vectors = new Float64Array(V * D);
  for (let w = 0; w < V; w++) {
    let wordTotal = 0;
    for (const n of co[w]!.values()) wordTotal += n;
    for (const [c, n] of co[w]!) {
      const pmi = Math.log((n * total) / (wordTotal * contextTotals[c]!));
      if (pmi <= 0) continue;
      for (let d = 0; d < D; d++) vectors[w * D + d]! += pmi * projection[c * D + d]!;
    }
    normalise(vectors, w * D, D);
  }
  const paths = new Array<string>(V).fill('');
  split(
    vocab.map((_, i) => i),
    '',
  );
  function split(members: number[], path: string): void {
    for (const m of members) paths[m] = path;
    if (path.length >= options.depth || members.length < 8) return;
    const [a, b] = twoMeans(vectors, members, D);
    split(a, `${path}0`);
    split(b, `${path}1`);
  }
  return new Map(vocab.map((w, i) => [w, paths[i]!]));
}

function normalise(v: Float64Array, offset: number, D: number): void {
  let norm = 0;
  for (let d = 0; d < D; d++) norm += v[offset + d]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < D; d++) v[offset + d]! /= norm;
}

function dot(v: Float64Array, a: number, c: Float64Array, D: number): number {
  let s = 0;
  for (let d = 0; d < D; d++) s += v[a + d]! * c[d]!;
  return s;
}

/** Spherical 2-means, started from the member farthest from the mean and the one farthest from it. */
function twoMeans(v: Float64Array, members: readonly number[], D: number): [number[], number[]] {
  const mean = new Float64Array(D);
  for (const m of members) for (let d = 0; d < D; d++) mean[d]! += v[m * D + d]!;
  const farthest = (from: Float64Array) => {
    let arg = members[0]!;
    let low = Number.POSITIVE_INFINITY;
    for (const m of members) {
      const s = dot(v, m * D, from, D);
      if (s < low) {
        low = s;
        arg = m;
      }
    }
    return v.slice(arg * D, arg * D + D);
  };
  const c0 = farthest(mean);
  const c1 = farthest(c0);
  let a: number[] = [];
  let b: number[] = [];
  for (let iteration = 0; iteration < 6; iteration++) {
    a = [];
    b = [];
    for (const m of members) (dot(v, m * D, c0, D) >= dot(v, m * D, c1, D) ? a : b).push(m);
    if (a.length === 0 || b.length === 0) break;
    for (const [group, centre] of [
      [a, c0],
      [b, c1],
    ] as const) {
      centre.fill(0);
      for (const m of group) for (let d = 0; d < D; d++) centre[d]! += v[m * D + d]!;
      normalise(centre, 0, D);
    }
  }
  if (a.length === 0 || b.length === 0) {
    const half = Math.ceil(members.length / 2);
    return [members.slice(0, half), members.slice(half)];
  }
  return [a, b];
}
