/** A document to summarise: its id, its text and optionally its date (ISO 8601). */
export interface SummaryInput {
  id: string;
  text: string;
  date?: string;
}

export type SummaryMethod = 'lead' | 'textrank' | 'bluelamp';

/** One line of a summary: a sentence quoted verbatim, with where it comes from and why it was chosen. */
export interface SummaryLine {
  /** Exactly document.text.slice(start, end). */
  text: string;
  documentId: string;
  /** Index of the paragraph (blocks separated by blank lines) holding the sentence, from 0. */
  paragraph: number;
  /** Character offsets [start, end) into the document text. */
  start: number;
  end: number;
  /** Sentence index within the document, from 0. */
  sentence: number;
  /** Earliest date (ISO 8601) mentioned in the sentence, when the POLE extractor found one. */
  date?: string;
  /** The scores that chose this sentence (method-specific names, e.g. centrality, entities, position). */
  scores: Record<string, number>;
}

/** A summary and how it was reached. */
export interface Summary {
  method: { name: SummaryMethod; version: string; settings: Record<string, number> };
  /** Ordered by date when the chosen sentences carry dates, else by document and position. */
  lines: SummaryLine[];
}
