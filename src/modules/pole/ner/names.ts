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
  [
    ...['mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'mister', 'madame', 'mme', 'mlle', 'monsieur', 'm'],
    ...['doctor', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'uncle', 'aunt', 'auntie'],
    ...['president', 'senator', 'sen', 'governor', 'gov', 'mayor', 'minister', 'pm', 'mp', 'chancellor'],
    ...['judge', 'justice', 'sheikh', 'shaikh', 'ayatollah', 'imam', 'rabbi', 'pope', 'rev', 'reverend'],
    ...['father', 'bishop', 'archbishop', 'cardinal', 'coach', 'officer', 'detective', 'inspector'],
    ...['general', 'gen', 'colonel', 'col', 'captain', 'capt', 'lieutenant', 'lt', 'sergeant', 'sgt'],
    ...['pc', 'ds', 'dc', 'di', 'dci', 'dsu', 'insp', 'supt', 'ch', 'cllr', 'councillor'],
  ].flatMap((t) => [t, `${t}.`]),
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
/** Words that stand for a mention without naming it (pronouns, "here", "there"). */
const NOT_NAMES = new Set(
  'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs one ones here there who whom whose which what this that these those everyone everybody someone somebody anyone nobody none all both each either neither'.split(
    ' ',
  ),
);
/** Whether a word only stands for a mention (a pronoun, "here", "there"), never names one. */
export function isPronoun(token: string): boolean {
  return NOT_NAMES.has(token.toLowerCase());
}

const TRAILING = new Set(["'s", '’s', "'", '’', ',', '.', ':', ';']);

const capitalised = (token: string) => /^[\p{Lu}\d]/u.test(token);

/** A person's title at the start of a name (Mr, Dr, President, Sheikh, DS...), which names leave out. */
export function isTitle(token: string): boolean {
  return TITLES.has(token.toLowerCase());
}

/** The span without a leading "the" ("the Bronx" is marked "Bronx", as the guidelines do). */
export function withoutArticle(tokens: readonly string[], span: Span): Span {
  let start = span.start;
  while (start < span.end - 1 && tokens[start]!.toLowerCase() === 'the') start++;
  return { ...span, start };
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
 * connector such as "of", "de", "and"), beginning and ending with a capitalised word, and a single
 * word must not be a pronoun ("I", "We") or "Here" / "There".
 */
export function nameOf(tokens: readonly string[], span: Span): Span | null {
  let start = span.start;
  let end = span.end;
  while (start < end && LEADING.has(tokens[start]!.toLowerCase())) start++;
  while (end > start && TRAILING.has(tokens[end - 1]!)) end--;
  const trimmed = start < end ? withoutTitle(tokens, { start, end, type: span.type }) : null;
  if (!trimmed) return null;
  ({ start, end } = trimmed);
  if (!capitalised(tokens[start]!) || !capitalised(tokens[end - 1]!)) return null;
  if (end - start === 1 && isPronoun(tokens[start]!)) return null;
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    if (!capitalised(t) && !CONNECTORS.has(t.toLowerCase())) return null;
  }
  return { start, end, type: span.type };
}
