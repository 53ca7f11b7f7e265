import { extract } from '../extract/extract.ts';
import { type CitedSentence, splitSentences } from './split.ts';
import type { Summary, SummaryInput, SummaryLine, SummaryMethod } from './types.ts';

export const VERSION = '1.0.0';

export interface SummariseOptions {
  method?: SummaryMethod;
  /** Most sentences to keep (default 5). */
  sentences?: number;
  /** Word budget: sentences are taken in rank order while they fit; one that would exceed it is skipped. */
  words?: number;
  /** Bluelamp weights (defaults in DEFAULT_WEIGHTS). */
  weights?: Partial<BluelampWeights>;
  /** Run the POLE extractor for entity density and dates (default true). */
  entities?: boolean;
}

export interface BluelampWeights {
  centrality: number;
  entities: number;
  position: number;
  /** MMR trade-off: score − redundancy × max similarity to sentences already chosen. */
  redundancy: number;
}

/** Set by hand before any measurement (see README): not fitted to the evaluation data. */
export const DEFAULT_WEIGHTS: BluelampWeights = {
  centrality: 1,
  entities: 0.5,
  position: 0.3,
  redundancy: 0.7,
};

/** Mihalcea & Tarau (2004) sentence similarity: shared words / (log|Si| + log|Sj|). */
export function textRankSimilarity(a: string[], b: string[]): number {
  if (a.length < 2 || b.length < 2) return 0;
  const set = new Set(b);
  const shared = new Set(a.filter((w) => set.has(w))).size;
  return shared / (Math.log(a.length) + Math.log(b.length));
}

/** Weighted PageRank (damping 0.85) over a symmetric weight matrix, iterated to 1e-6. */
export function pageRank(weights: number[][], damping = 0.85): number[] {
  const n = weights.length;
  if (!n) return [];
  const outSum = weights.map((row) => row.reduce((a, b) => a + b, 0));
  let scores = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    let dangling = 0;
    for (let j = 0; j < n; j++) if (!outSum[j]) dangling += scores[j]!;
    for (let i = 0; i < n; i++) {
      let sum = dangling / n;
      for (let j = 0; j < n; j++) if (outSum[j]) sum += (weights[j]![i]! / outSum[j]!) * scores[j]!;
      next[i] = next[i]! + damping * sum;
    }
    const delta = next.reduce((a, v, i) => a + Math.abs(v - scores[i]!), 0);
    scores = next;
    if (delta < 1e-6) break;
  }
  return scores;
}

function cosine(a: string[], b: string[]): number {
  const count = (ws: string[]) => {
    const m = new Map<string, number>();
    for (const w of ws) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let dot = 0;
  for (const [w, v] of ca) dot += v * (cb.get(w) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, v) => s + v * v, 0));
  return dot ? dot / (norm(ca) * norm(cb)) : 0;
}

interface Candidate {
  sentence: CitedSentence;
  /** Position of the document among the inputs. */
  order: number;
  date?: string;
  entities: number;
}

function candidates(docs: SummaryInput[], withEntities: boolean): Candidate[] {
  const out: Candidate[] = [];
  docs.forEach((doc, order) => {
    const found = withEntities ? extract(doc) : [];
    for (const sentence of splitSentences(doc)) {
      const inside = found.filter((e) => e.start >= sentence.start && e.end <= sentence.end);
      const dates = inside
        .filter((e) => e.category === 'event' && /^\d{4}-\d{2}-\d{2}/.test(e.value))
        .map((e) => e.value)
        .sort();
      out.push({ sentence, order, entities: inside.length, ...(dates[0] ? { date: dates[0] } : {}) });
    }
  });
  return out;
}

function rankScores(
  cands: Candidate[],
  method: SummaryMethod,
  weights: BluelampWeights,
): Record<string, number>[] {
  if (method === 'lead') return cands.map((c) => ({ position: c.sentence.index }));
  const matrix = cands.map((a, i) =>
    cands.map((b, j) => (i === j ? 0 : textRankSimilarity(a.sentence.words, b.sentence.words))),
  );
  const ranks = pageRank(matrix);
  if (method === 'textrank') return ranks.map((r) => ({ pagerank: r }));
  const maxRank = Math.max(...ranks) || 1;
  const densities = cands.map((c) => c.entities / Math.max(1, c.sentence.words.length));
  const maxDensity = Math.max(...densities) || 1;
  const perDoc = new Map<string, number>();
  for (const c of cands) perDoc.set(c.sentence.documentId, (perDoc.get(c.sentence.documentId) ?? 0) + 1);
  return cands.map((c, i) => {
    const centrality = ranks[i]! / maxRank;
    const entities = densities[i]! / maxDensity;
    const position = 1 - c.sentence.index / Math.max(1, perDoc.get(c.sentence.documentId)!);
    const score = weights.centrality * centrality + weights.entities * entities + weights.position * position;
    return { centrality, entities, position, score };
  });
}

/**
 * Extractive summary of several documents: each line is a sentence quoted verbatim with its
 * citation. Lead takes the first sentences (document order); TextRank (Mihalcea & Tarau 2004)
 * ranks sentences by PageRank over the sentence-similarity graph; Bluelamp scores sentences by
 * weighted centrality, POLE entity density and position and picks them by maximal marginal
 * relevance (Carbonell & Goldstein 1998) against those already chosen.
 */
export function summariseDocuments(docs: SummaryInput[], options: SummariseOptions = {}): Summary {
  const method = options.method ?? 'bluelamp';
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const limit = options.sentences ?? (options.words ? Number.POSITIVE_INFINITY : 5);
  const cands = candidates(docs, method === 'bluelamp' && options.entities !== false).filter(
    (c) => c.sentence.words.length > 0,
  );
  const scores = rankScores(cands, method, weights);
  const chosen: number[] = [];
  let words = 0;
  const fits = (i: number) =>
    !options.words || words + cands[i]!.sentence.text.split(/\s+/).filter(Boolean).length <= options.words;
  const take = (i: number) => {
    chosen.push(i);
    words += cands[i]!.sentence.text.split(/\s+/).filter(Boolean).length;
  };
  if (method === 'lead') {
    const order = cands
      .map((_, i) => i)
      .sort(
        (a, b) => cands[a]!.sentence.index - cands[b]!.sentence.index || cands[a]!.order - cands[b]!.order,
      );
    for (const i of order) if (chosen.length < limit && fits(i)) take(i);
  } else if (method === 'textrank') {
    const order = cands.map((_, i) => i).sort((a, b) => scores[b]!.pagerank! - scores[a]!.pagerank! || a - b);
    for (const i of order) if (chosen.length < limit && fits(i)) take(i);
  } else {
    const left = new Set(cands.map((_, i) => i));
    while (chosen.length < limit && left.size) {
      let best = -1;
      let bestValue = Number.NEGATIVE_INFINITY;
      for (const i of left) {
        const similarity = Math.max(
          0,
          ...chosen.map((j) => cosine(cands[i]!.sentence.words, cands[j]!.sentence.words)),
        );
        const value = scores[i]!.score! - weights.redundancy * similarity;
        if (value > bestValue) {
          bestValue = value;
          best = i;
          scores[i]!.redundancy = similarity;
          scores[i]!.mmr = value;
        }
      }
      left.delete(best);
      if (fits(best)) take(best);
    }
  }
  const lines: SummaryLine[] = chosen.map((i) => {
    const { sentence, date } = cands[i]!;
    return {
      text: sentence.text,
      documentId: sentence.documentId,
      paragraph: sentence.paragraph,
      start: sentence.start,
      end: sentence.end,
      sentence: sentence.index,
      ...(date ? { date } : {}),
      scores: scores[i]!,
    };
  });
  const position = (l: SummaryLine) => [docs.findIndex((d) => d.id === l.documentId), l.start] as const;
  const allDated = lines.length > 0 && lines.every((l) => l.date);
  lines.sort((a, b) => {
    if (allDated && a.date !== b.date) return a.date! < b.date! ? -1 : 1;
    const [da, sa] = position(a);
    const [db, sb] = position(b);
    return da - db || sa - sb;
  });
  return {
    method: {
      name: method,
      version: VERSION,
      settings: method === 'bluelamp' ? { ...weights } : method === 'textrank' ? { damping: 0.85 } : {},
    },
    lines,
  };
}

/** Extractive summary of one document (see summariseDocuments). */
export function summariseDocument(doc: SummaryInput, options: SummariseOptions = {}): Summary {
  return summariseDocuments([doc], options);
}
