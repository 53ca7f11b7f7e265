import type { Span } from '../conll/tags.ts';

/**
 * Corpora such as LitBank and re3d mark every mention ("my relatives", "the country"), while the
 * recogniser finds names. These rules keep the mentions that are names, trimmed as the CoNLL and
 * Universal NER guidelines trim them (no leading article or title, no trailing possessive).
 */

const LEADING = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'his',
  'her',
  'my',
  'our',
  'their',
  'its',
  'your',
]);
const TITLES = new Set(
  ['mr', 'mrs', 'ms', 'miss', 'dr', 'mister', 'madame', 'mme', 'mlle', 'monsieur', 'm'].flatMap((t) => [
    t,
    `${t}.`,
  ]),
);
const CONNECTORS = new Set([
  'of',
  'the',
  'and',
  'de',
  'da',
  'di',
  'del',
  'della',
  'von',
  'van',
  'der',
  'den',
  'la',
  'le',
  'du',
  'des',
  'y',
  'upon',
  'on',
  'for',
  'in',
  'at',
  '&',
  '-',
  "'",
  "'s",
  '’s',
  '.',
  'st',
  'st.',
]);
const TRAILING = new Set(["'s", '’s', "'", '’', ',', '.', ':', ';']);

const capitalised = (token: string) => /^[\p{Lu}\d]/u.test(token);

/** A person's title at the start of a name (Mr, Mrs, Ms, Miss, Dr...), which names leave out. */
export function isTitle(token: string): boolean {
  return TITLES.has(token.toLowerCase());
}

/** The span without a leading title, when it is a person's. */
export function withoutTitle(tokens: readonly string[], span: Span): Span | null {
  let start = span.start;
  if (span.type === 'PER') while (start < span.end - 1 && isTitle(tokens[start]!)) start++;
  return start < span.end && !(span.type === 'PER' && isTitle(tokens[start]!)) ? { ...span, start } : null;
}

/**
 * The name inside a mention, or null when the mention is not a name: after trimming a leading
 * article or possessive, a title and trailing punctuation, every word must be capitalised (or a
 * connector such as "of", "de", "and"), beginning and ending with a capitalised word.
 */
export function nameOf(tokens: readonly string[], span: Span): Span | null {
  let start = span.start;
  let end = span.end;
  while (start < end && LEADING.has(tokens[start]!)) start++;
  while (end > start && TRAILING.has(tokens[end - 1]!)) end--;
  const trimmed = start < end ? withoutTitle(tokens, { start, end, type: span.type }) : null;
  if (!trimmed) return null;
  ({ start, end } = trimmed);
  if (!capitalised(tokens[start]!) || !capitalised(tokens[end - 1]!)) return null;
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    if (!capitalised(t) && !CONNECTORS.has(t.toLowerCase())) return null;
  }
  return { start, end, type: span.type };
}
