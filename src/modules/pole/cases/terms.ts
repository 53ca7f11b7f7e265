import { createHmac } from 'node:crypto';
import { stemmer } from 'stemmer';
import { findIdentifiers } from '../extract/extract.ts';

/**
 * What a case's search index holds: the word stems of each document (Porter) and its structured
 * identifiers in normalised form (`phone:+447700900123`, `registration-mark:AB12CDE`), each as a
 * keyed hash bound to the case, so the index never holds a word and the same word in two cases
 * hashes differently. Pure, but for the hash key passed in.
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
/** Words too common to search on (a query of nothing but these finds nothing). */
const STOP = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its of on or our she that the their them they this to was we were what when where which who will with you'.split(
    ' ',
  ),
);

export const stemOf = (word: string): string => stemmer(word.toLowerCase().replace(/['’]s$/, ''));

/** Word stems of a text, with their offsets (for highlighting). */
export function words(text: string): Array<{ stem: string; start: number; end: number }> {
  const out: Array<{ stem: string; start: number; end: number }> = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (STOP.has(w) || w.length > 60) continue;
    out.push({ stem: stemOf(w), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Normalised identifiers of a text, as `kind:value`. */
export function identifiers(text: string): Array<{ term: string; start: number; end: number }> {
  return findIdentifiers(text).map((f) => ({ term: `${f.kind}:${f.value}`, start: f.start, end: f.end }));
}

/** Every distinct term of a document: stems and identifiers. */
export function documentTerms(text: string): string[] {
  return [...new Set([...words(text).map((w) => w.stem), ...identifiers(text).map((i) => i.term)])];
}

/**
 * The terms a query asks for, all of which a document must hold: its identifiers (a phone
 * written any way is one term) and the stems of its other words.
 */
export function queryTerms(query: string): string[] {
  const ids = identifiers(query);
  let rest = query;
  for (const i of [...ids].sort((a, b) => b.start - a.start))
    rest = rest.slice(0, i.start) + ' '.repeat(i.end - i.start) + rest.slice(i.end);
  return [...new Set([...ids.map((i) => i.term), ...words(rest).map((w) => w.stem)])];
}

/** A term as the index holds it: HMAC-SHA-256 under the force's key, bound to the case, shortened. */
export function hashTerm(key: Buffer, caseId: string, term: string): string {
  return createHmac('sha256', key).update(`case-search\0${caseId}\0${term}`).digest('hex').slice(0, 20);
}

/** A tsvector literal of hashed terms (hex only, so nothing needs quoting). */
export function tsvectorOf(hashes: readonly string[]): string {
  return [...new Set(hashes)].sort().join(' ');
}

/** A tsquery requiring every hashed term. */
export function tsqueryOf(hashes: readonly string[]): string {
  return [...new Set(hashes)].join(' & ');
}

export interface Passage {
  /** Offsets of the passage in the document. */
  start: number;
  end: number;
  /** The passage cut into plain and matching parts, for the page to mark up. */
  parts: Array<{ text: string; match: boolean }>;
}

/**
 * Passages of a document matching a query's terms (up to `limit`), each about a sentence
 * around a hit, with the hits marked. Hits are found again in the opened text: the index
 * holds hashes only.
 */
export function passages(text: string, query: string, limit = 3, radius = 90): Passage[] {
  const wanted = new Set(queryTerms(query));
  const hits = [
    ...words(text).filter((w) => wanted.has(w.stem)),
    ...identifiers(text)
      .filter((i) => wanted.has(i.term))
      .map((i) => ({ stem: i.term, start: i.start, end: i.end })),
  ].sort((a, b) => a.start - b.start);
  const out: Passage[] = [];
  let i = 0;
  while (i < hits.length && out.length < limit) {
    const start = Math.max(0, hits[i]!.start - radius);
    const end = Math.min(text.length, hits[i]!.end + radius);
    const inside = [];
    while (i < hits.length && hits[i]!.start < end) inside.push(hits[i++]!);
    const parts: Passage['parts'] = [];
    let at = start;
    for (const h of inside) {
      const hEnd = Math.min(h.end, end);
      if (h.start < at) continue;
      if (h.start > at) parts.push({ text: text.slice(at, h.start), match: false });
      parts.push({ text: text.slice(h.start, hEnd), match: true });
      at = hEnd;
    }
    if (at < end) parts.push({ text: text.slice(at, end), match: false });
    out.push({ start, end, parts });
  }
  return out;
}
