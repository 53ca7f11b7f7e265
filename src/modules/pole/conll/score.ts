import { canonicalType, NAME_TYPES, type Span, spansFromTags } from './tags.ts';

/** Exact-span precision, recall and F1 for one type, or micro-averaged over several. */
export interface TypeScore {
  gold: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface NerScore {
  /** Per Bluelamp type found in the gold or predicted tags. */
  types: Record<string, TypeScore>;
  /** Micro-average over PER, LOC and ORG. */
  micro: TypeScore;
  sentences: number;
  tokens: number;
}

function score(gold: number, predicted: number, correct: number): TypeScore {
  const precision = predicted ? correct / predicted : 0;
  const recall = gold ? correct / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { gold, predicted, correct, precision, recall, f1 };
}

function mapped(tags: readonly string[]): Span[] {
  const out: Span[] = [];
  for (const span of spansFromTags(tags)) {
    const type = canonicalType(span.type);
    if (type) out.push({ ...span, type });
  }
  return out;
}

const key = (s: Span) => `${s.start}:${s.end}:${s.type}`;

/**
 * Scores predicted tags against gold tags as conlleval does: an entity counts as correct only
 * when its start, end and type all match. Types are mapped to Bluelamp's (PERSON -> PER, GPE ->
 * LOC, ...); types with no mapping are ignored on both sides.
 */
export function scoreTags(
  gold: ReadonlyArray<readonly string[]>,
  predicted: ReadonlyArray<readonly string[]>,
): NerScore {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in sentence count');
  const counts = new Map<string, { gold: number; predicted: number; correct: number }>();
  const count = (type: string) => {
    let c = counts.get(type);
    if (!c) {
      c = { gold: 0, predicted: 0, correct: 0 };
      counts.set(type, c);
    }
    return c;
  };
  let tokens = 0;
  for (let s = 0; s < gold.length; s++) {
    const g = gold[s]!;
    const p = predicted[s]!;
    if (g.length !== p.length) throw new Error(`sentence ${s + 1}: gold and predicted differ in length`);
    tokens += g.length;
    const goldSpans = mapped(g);
    const goldKeys = new Set(goldSpans.map(key));
    for (const span of goldSpans) count(span.type).gold++;
    for (const span of mapped(p)) {
      const c = count(span.type);
      c.predicted++;
      if (goldKeys.has(key(span))) c.correct++;
    }
  }
  const types: Record<string, TypeScore> = {};
  let g = 0;
  let p = 0;
  let c = 0;
  for (const [type, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    types[type] = score(n.gold, n.predicted, n.correct);
    if ((NAME_TYPES as readonly string[]).includes(type)) {
      g += n.gold;
      p += n.predicted;
      c += n.correct;
    }
  }
  return { types, micro: score(g, p, c), sentences: gold.length, tokens };
}

/** A conlleval-like table of a score. */
export function formatScore(result: NerScore): string {
  const pct = (x: number) => (100 * x).toFixed(2).padStart(6);
  const line = (name: string, s: TypeScore) =>
    `${name.padEnd(10)} precision ${pct(s.precision)}%  recall ${pct(s.recall)}%  F1 ${pct(s.f1)}  (gold ${s.gold}, predicted ${s.predicted}, correct ${s.correct})`;
  return [
    `${result.sentences} sentences, ${result.tokens} tokens`,
    line('micro', result.micro),
    ...Object.entries(result.types).map(([t, s]) => line(t, s)),
  ].join('\n');
}
