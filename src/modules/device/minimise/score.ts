import { tokenize } from '../../pole/index.ts';
import type { Span } from './detect.ts';

/** A message with its gold spans and the spans a system found. */
export interface ScoredMessage {
  text: string;
  gold: readonly Pick<Span, 'type' | 'start' | 'end'>[];
  predicted: readonly Pick<Span, 'type' | 'start' | 'end'>[];
  /** Spans left out of scoring (gold types with no counterpart): their tokens are not counted. */
  ignored?: readonly Pick<Span, 'start' | 'end'>[];
}

/** Token-level scores: type-agnostic PII precision, recall and F-beta, and recall per gold type. */
export interface TokenScores {
  tokens: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f2: number;
  /** For each gold type: its tokens, those predicted as PII of any type, and those predicted as that type. */
  perType: Record<
    string,
    { tokens: number; found: number; recall: number; sameType: number; typedRecall: number }
  >;
}

/** F-beta (van Rijsbergen 1979, ch. 7): (1 + b²)PR / (b²P + R); beta 2 weighs recall four times. */
export function fBeta(precision: number, recall: number, beta = 2): number {
  const b2 = beta * beta;
  const denominator = b2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
}

function typeAt(spans: ScoredMessage['gold'], start: number, end: number): string | null {
  return spans.find((s) => start < s.end && end > s.start)?.type ?? null;
}

/**
 * Scores as Microsoft's presidio-research evaluator does at token level: the text is tokenised,
 * a token is PII when it lies inside any span, and the counts are pooled over all messages.
 * Tokens here are the case-file tokeniser's (words, numbers, punctuation apart), whitespace aside.
 */
export function scoreTokens(messages: readonly ScoredMessage[]): TokenScores {
  let tokens = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perType: TokenScores['perType'] = {};
  for (const m of messages) {
    for (const t of tokenize(m.text)) {
      if (m.ignored?.some((s) => t.start < s.end && t.end > s.start)) continue;
      tokens++;
      const gold = typeAt(m.gold, t.start, t.end);
      const predicted = typeAt(m.predicted, t.start, t.end);
      if (gold && predicted) tp++;
      else if (predicted) fp++;
      else if (gold) fn++;
      if (gold) {
        perType[gold] ??= { tokens: 0, found: 0, recall: 0, sameType: 0, typedRecall: 0 };
        const entry = perType[gold];
        entry.tokens++;
        if (predicted) entry.found++;
        if (predicted === gold) entry.sameType++;
      }
    }
  }
  for (const entry of Object.values(perType)) {
    entry.recall = entry.found / entry.tokens;
    entry.typedRecall = entry.sameType / entry.tokens;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    tokens,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f2: fBeta(precision, recall),
    perType,
  };
}

/** The scores as a few lines of text. */
export function formatScores(s: TokenScores): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `PII (type-agnostic, ${s.tokens} tokens): precision ${pct(s.precision)}  recall ${pct(s.recall)}  F2 ${s.f2.toFixed(3)}`,
    'recall per type (as PII / as the same type):',
  ];
  for (const [type, e] of Object.entries(s.perType).sort())
    lines.push(
      `  ${type.padEnd(14)} ${String(e.tokens).padStart(6)} tokens  ${pct(e.recall).padStart(6)}  ${pct(e.typedRecall).padStart(6)}`,
    );
  return lines.join('\n');
}
