import type { DeviceRecord, MessageRecord } from '../extraction/records.ts';
import { AnalysisError, checkSize, instantOf } from './common.ts';

/**
 * Lines of enquiry searched in message bodies: each line is a topic (a list of terms) the
 * officer gives, with the direction it could point ('towards' or 'away' from the suspect, or
 * 'neutral'); disclosure needs both directions pursued. Every hit cites its record, the term,
 * and the sentence it was found in with the hit's offsets.
 */

/** A line of enquiry as the officer gives it. */
export interface EnquiryLine {
  id: string;
  label: string;
  /** The topic's terms: words or phrases of several words. */
  terms: string[];
  direction: 'towards' | 'away' | 'neutral';
}

/** One place a term was found. */
export interface EnquiryHit {
  recordId: string;
  at: string;
  /** The term (as the officer wrote it) that matched. */
  term: string;
  /** The text as written in the message. */
  matched: string;
  /** Offset of the hit in the message body (UTF-16 code units), and its length. */
  offset: number;
  length: number;
  /** The sentence containing the hit (trimmed to 300 characters either side on long text). */
  sentence: string;
  /** Offset of `sentence` in the body. */
  sentenceStart: number;
  /** Offsets of the hit within `sentence`, end exclusive. */
  hitStart: number;
  hitEnd: number;
}

/** A line's hits, in time order then by position. */
export interface EnquiryResult {
  id: string;
  label: string;
  direction: EnquiryLine['direction'];
  hits: EnquiryHit[];
  /** Distinct records with at least one hit. */
  recordIds: string[];
}

/** Lines accepted at most, and terms per line; a term is at most this many characters. */
export const ENQUIRY_LIMITS = { lines: 100, termsPerLine: 500, termLength: 200 } as const;

/** One character folded for matching: lower case, then accents removed (NFD, combining marks dropped). */
function foldChar(ch: string): string {
  if (ch.length === 1 && ch < '\u0080') return ch.toLowerCase();
  let part = folds.get(ch);
  if (part === undefined) {
    part = ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    if (folds.size < 10_000) folds.set(ch, part);
  }
  return part;
}

const folds = new Map<string, string>();

const NOT_ASCII = /[^\p{ASCII}]/u;
const isAscii = (text: string) => !NOT_ASCII.test(text);

const NON_ASCII = /[^\p{ASCII}]/gu;

/**
 * Text folded for matching, character by character (so that it lines up with {@link fold}):
 * characters beyond ASCII are folded one by one, then ASCII letters lowered.
 */
export function foldText(text: string): string {
  return (isAscii(text) ? text : text.replace(NON_ASCII, foldChar)).toLowerCase();
}

/** Folded text and, for each folded code unit, the span of the original text it came from. */
export interface Folded {
  folded: string;
  /** Start (inclusive) and end (exclusive) in the original text of folded code unit `k`. */
  start: (k: number) => number;
  end: (k: number) => number;
}

/**
 * Text folded for matching (as {@link foldText}) with a map back to the original text, so that
 * hits are reported as written. ASCII text maps to itself.
 */
export function fold(text: string): Folded {
  if (isAscii(text)) return { folded: text.toLowerCase(), start: (k) => k, end: (k) => k + 1 };
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const ch of text) {
    const part = foldChar(ch);
    parts.push(part);
    for (let k = 0; k < part.length; k++) {
      starts.push(i);
      ends.push(i + ch.length);
    }
    i += ch.length;
  }
  return { folded: parts.join(''), start: (k) => starts[k]!, end: (k) => ends[k]! };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word with simple English plurals: `-s`, `-es`, and `-y` to `-ies` after a consonant. */
function withPlural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${escapeRegExp(word.slice(0, -1))}(?:y|ies)`;
  return `${escapeRegExp(word)}(?:e?s)?`;
}

/** A term's pattern: its words separated by spaces or hyphens, the last word with plurals. */
function termPattern(term: string): string {
  const words = fold(term)
    .folded.split(/[\s-]+/)
    .filter(Boolean);
  const last = words.length - 1;
  return words.map((w, i) => (i === last ? withPlural(w) : escapeRegExp(w))).join('[\\s-]+');
}

function checkLine(line: EnquiryLine, index: number): void {
  const where = `line of enquiry ${index + 1}${typeof line?.id === 'string' ? ` ("${line.id}")` : ''}`;
  if (typeof line?.id !== 'string' || line.id.trim() === '')
    throw new AnalysisError(`${where}: id is missing`);
  if (!['towards', 'away', 'neutral'].includes(line.direction)) {
    throw new AnalysisError(`${where}: direction must be towards, away or neutral`);
  }
  if (!Array.isArray(line.terms) || line.terms.length === 0) throw new AnalysisError(`${where}: no terms`);
  if (line.terms.length > ENQUIRY_LIMITS.termsPerLine) {
    throw new AnalysisError(`${where}: more than ${ENQUIRY_LIMITS.termsPerLine} terms`);
  }
  line.terms.forEach((term, t) => {
    if (typeof term !== 'string' || foldText(term).trim() === '' || !/[\p{L}\p{N}]/u.test(term)) {
      throw new AnalysisError(`${where}, term ${t + 1}: empty or without letters or digits`);
    }
    if (term.length > ENQUIRY_LIMITS.termLength) {
      throw new AnalysisError(`${where}, term ${t + 1}: longer than ${ENQUIRY_LIMITS.termLength} characters`);
    }
  });
}

interface Matcher {
  /** The terms without word boundaries: a cheap first pass that most messages fail. */
  quick: RegExp;
  regex: RegExp;
  /** The term of each capture group, by group number. */
  terms: string[];
}

/** One regular expression per line: whole words (no letter or digit either side), longest terms first. */
function matcherOf(line: EnquiryLine): Matcher {
  const terms = [...new Set(line.terms)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const patterns = terms.map(termPattern);
  const groups = patterns.map((p) => `(${p})`).join('|');
  return {
    quick: new RegExp(patterns.join('|')),
    regex: new RegExp(`(?<![\\p{L}\\p{N}])(?:${groups})(?![\\p{L}\\p{N}])`, 'gu'),
    terms: ['', ...terms],
  };
}

const CONTEXT = 300;

/**
 * The sentence around a hit: from after the previous line break or sentence end (`.`, `!`, `?`
 * or `…` followed by white space) to the next one, at most {@link CONTEXT} characters either side.
 */
export function sentenceAround(body: string, start: number, end: number): { text: string; start: number } {
  let from = start;
  const floor = Math.max(0, start - CONTEXT);
  while (from > floor) {
    const prev = body[from - 1]!;
    if (prev === '\n' || (isSpace(prev) && ENDS.has(body[from - 2] ?? ''))) break;
    from--;
  }
  let to = end;
  const ceiling = Math.min(body.length, end + CONTEXT);
  while (to < ceiling) {
    const ch = body[to]!;
    if (ch === '\n') break;
    to++;
    if (ENDS.has(ch) && (to >= body.length || isSpace(body[to]!))) break;
  }
  while (from < start && isSpace(body[from]!)) from++;
  return { text: body.slice(from, to), start: from };
}

const ENDS = new Set(['.', '!', '?', '…']);
const SPACE = /\s/;
const isSpace = (ch: string) => ch === ' ' || ch === '\n' || ch === '\t' || (ch > '~' && SPACE.test(ch));

interface Searchable {
  record: MessageRecord;
  at: string;
  folded: string;
  /** The map back to the original, made on the first hit and kept for the other lines. */
  map?: Folded;
}

function hitsIn(message: Searchable, matcher: Matcher): EnquiryHit[] {
  const { record, at } = message;
  if (!matcher.quick.test(message.folded)) return [];
  message.map ??= fold(record.body);
  const { folded, start, end: endOf } = message.map;
  const found: EnquiryHit[] = [];
  for (const m of folded.matchAll(matcher.regex)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const offset = start(m.index);
    let end = endOf(m.index + m[0].length - 1);
    while (end < record.body.length && /\p{M}/u.test(record.body[end]!)) end++;
    const sentence = sentenceAround(record.body, offset, end);
    found.push({
      recordId: record.id,
      at,
      term: matcher.terms[group]!,
      matched: record.body.slice(offset, end),
      offset,
      length: end - offset,
      sentence: sentence.text,
      sentenceStart: sentence.start,
      hitStart: offset - sentence.start,
      hitEnd: end - sentence.start,
    });
  }
  return found;
}

/**
 * Every hit of every line of enquiry in the bodies of messages (other records, and messages
 * without text, are not searched): case- and accent-insensitive, whole words, simple plurals of
 * a term's last word, the words of a phrase separated by any spaces or hyphens.
 */
export function enquiryHits(
  records: readonly DeviceRecord[],
  lines: readonly EnquiryLine[],
): EnquiryResult[] {
  checkSize(records, 'lines of enquiry');
  if (lines.length > ENQUIRY_LIMITS.lines)
    throw new AnalysisError(`more than ${ENQUIRY_LIMITS.lines} lines of enquiry`);
  lines.forEach(checkLine);
  const messages = records
    .filter((r): r is MessageRecord => r.kind === 'message' && typeof r.body === 'string' && r.body !== '')
    .map((record, index) => ({ record, ms: instantOf(record), index }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ record, ms }) => ({ record, at: new Date(ms).toISOString(), folded: foldText(record.body) }));
  return lines.map((line) => {
    const matcher = matcherOf(line);
    const hits = messages.flatMap((m) => hitsIn(m, matcher));
    return {
      id: line.id,
      label: line.label,
      direction: line.direction,
      hits,
      recordIds: [...new Set(hits.map((h) => h.recordId))],
    };
  });
}

/** Lines with hits by direction, and whether any line that could point away was searched. */
export interface EnquiryBalance {
  towards: number;
  away: number;
  neutral: number;
  /** True when no line of direction 'away' was given: disclosure needs both directions. */
  noLineAway: boolean;
}

/** How the lines of enquiry balance between directions (lines with at least one hit counted). */
export function enquiryBalance(results: readonly EnquiryResult[]): EnquiryBalance {
  const count = (d: EnquiryLine['direction']) =>
    results.filter((r) => r.direction === d && r.hits.length > 0).length;
  return {
    towards: count('towards'),
    away: count('away'),
    neutral: count('neutral'),
    noLineAway: !results.some((r) => r.direction === 'away'),
  };
}
