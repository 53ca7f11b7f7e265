import { sentences as tokenSentences } from '../text/tokenize.ts';
import type { SummaryInput } from './types.ts';

/** A sentence of a document with its citation. */
export interface CitedSentence {
  documentId: string;
  index: number;
  paragraph: number;
  start: number;
  end: number;
  text: string;
  /** Lower-case word tokens, for similarity. */
  words: string[];
}

/**
 * Sentences of a document, reusing the POLE tokeniser's splitter (abbreviations such as "Mr.",
 * "No.", "Insp.", initials and times like "23.00hrs" keep their full stop), with the paragraph
 * (block after a blank line) each one lies in.
 */
export function splitSentences(doc: SummaryInput): CitedSentence[] {
  const breaks: number[] = [];
  for (const m of doc.text.matchAll(/\n[ \t]*\n/g)) breaks.push(m.index);
  return tokenSentences(doc.text).map((s, index) => ({
    documentId: doc.id,
    index,
    paragraph: breaks.filter((b) => b < s.start).length,
    start: s.start,
    end: s.end,
    text: doc.text.slice(s.start, s.end),
    words: s.tokens.map((t) => t.text.toLowerCase()).filter((w) => /[\p{L}\p{N}]/u.test(w)),
  }));
}
