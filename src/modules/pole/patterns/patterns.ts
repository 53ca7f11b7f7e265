import type { EntityKind, PoleCategory, PoleEntity } from '../extract/types.ts';
import type { ResolvedEntity } from '../resolve/resolve.ts';
import { ABBREVIATIONS } from '../text/tokenize.ts';

/**
 * Patterns across the documents of a case, from resolved entities: what recurs, what is mentioned
 * together, and what happened when. Pure and deterministic.
 */

export interface CaseDocument {
  id: string;
  text: string;
}

export interface RecurringEntity {
  key: string;
  label: string;
  kind: EntityKind;
  category: PoleCategory;
  documents: string[];
  documentCount: number;
  mentionCount: number;
}

export interface NetworkNode {
  key: string;
  label: string;
  kind: EntityKind;
  category: PoleCategory;
  mentions: number;
}

export interface NetworkEdge {
  /** Keys of the two entities, a < b. */
  a: string;
  b: string;
  /** Sentences (or paragraphs) in which both are mentioned. */
  weight: number;
  documents: string[];
}

export interface Network {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export interface CoMentionOptions {
  window: 'sentence' | 'paragraph';
  /** At most this many nodes, those with the most mentions (default 40). */
  maxNodes?: number;
}

export interface TimelineRow {
  /** ISO 8601: a date, or a date and time. */
  when: string;
  documentId: string;
  /** Offsets of the date as written. */
  start: number;
  end: number;
  /** The date as written. */
  text: string;
  sentence: { start: number; end: number; text: string };
  offence?: string;
  /** The time was given as "about". */
  approximate?: boolean;
  /** The date was worked out from "yesterday", "last Tuesday"... */
  relative?: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Entities mentioned in at least `minDocuments` documents, most documents first. */
export function recurring(resolved: readonly ResolvedEntity[], minDocuments = 2): RecurringEntity[] {
  return resolved
    .filter((r) => r.documents.length >= minDocuments)
    .map((r) => ({
      key: r.key,
      label: r.label,
      kind: r.kind,
      category: r.category,
      documents: r.documents,
      documentCount: r.documents.length,
      mentionCount: r.mentions.length,
    }))
    .sort(
      (a, b) =>
        b.documentCount - a.documentCount ||
        b.mentionCount - a.mentionCount ||
        cmp(a.label, b.label) ||
        cmp(a.key, b.key),
    );
}

/**
 * Sentences of a text as [start, end) spans: a break after ".", "!" or "?" followed by a space or a
 * line break (not after an initial or an abbreviation such as "Mr." or "J."), and at every line break.
 */
export function sentenceSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  const close = (end: number) => {
    if (text.slice(start, end).trim()) spans.push([start, end]);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') close(i + 1);
    else if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[i + 1] ?? ' ')) {
      const word = /[\p{L}\p{N}]+$/u.exec(text.slice(Math.max(start, i - 12), i))?.[0] ?? '';
      if (c === '.' && (/^\p{Lu}$/u.test(word) || ABBREVIATIONS.has(word.toLowerCase()))) continue;
      close(i + 1);
    }
  }
  close(text.length);
  return spans;
}

/** Paragraphs of a text as [start, end) spans: blocks between blank lines. */
export function paragraphSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const blank = /\n[ \t]*\n\s*/g;
  let start = 0;
  for (const m of text.matchAll(blank)) {
    if (text.slice(start, m.index).trim()) spans.push([start, m.index!]);
    start = m.index! + m[0].length;
  }
  if (text.slice(start).trim()) spans.push([start, text.length]);
  return spans;
}

/**
 * Which entities are mentioned together: an edge for each pair in the same sentence (or paragraph),
 * weighted by how many sentences hold both. Dates and times are left out; only the `maxNodes`
 * entities with most mentions are kept, with the edges among them.
 */
export function coMentions(
  resolved: readonly ResolvedEntity[],
  documents: readonly CaseDocument[],
  options: CoMentionOptions = { window: 'sentence' },
): Network {
  const max = options.maxNodes ?? 40;
  const nodes = resolved
    .filter((r) => r.kind !== 'datetime')
    .map((r) => ({
      key: r.key,
      label: r.label,
      kind: r.kind,
      category: r.category,
      mentions: r.mentions.length,
    }))
    .sort((a, b) => b.mentions - a.mentions || cmp(a.label, b.label) || cmp(a.key, b.key))
    .slice(0, max);
  const kept = new Set(nodes.map((n) => n.key));
  const edges = new Map<string, { a: string; b: string; weight: number; documents: Set<string> }>();
  for (const document of [...documents].sort((a, b) => cmp(a.id, b.id))) {
    const spans =
      options.window === 'paragraph' ? paragraphSpans(document.text) : sentenceSpans(document.text);
    const inWindow = spans.map(() => new Set<string>());
    for (const r of resolved) {
      if (!kept.has(r.key)) continue;
      for (const m of r.mentions) {
        if (m.documentId !== document.id) continue;
        const w = spans.findIndex(([s, e]) => m.start >= s && m.start < e);
        if (w >= 0) inWindow[w]!.add(r.key);
      }
    }
    for (const keys of inWindow) {
      const list = [...keys].sort(cmp);
      for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++) {
          const id = `${list[i]}\u0000${list[j]}`;
          const edge = edges.get(id) ?? { a: list[i]!, b: list[j]!, weight: 0, documents: new Set<string>() };
          edge.weight++;
          edge.documents.add(document.id);
          edges.set(id, edge);
        }
    }
  }
  return {
    nodes,
    edges: [...edges.values()]
      .map((e) => ({ a: e.a, b: e.b, weight: e.weight, documents: [...e.documents].sort(cmp) }))
      .sort((x, y) => y.weight - x.weight || cmp(x.a, y.a) || cmp(x.b, y.b)),
  };
}

/**
 * What happened when: one row per date found (dates of birth are not events), with the sentence it
 * is in and the offence that sentence names, in time order. Times without a date are left out.
 */
export function timeline(entities: readonly PoleEntity[], documents: readonly CaseDocument[]): TimelineRow[] {
  const texts = new Map(documents.map((d) => [d.id, d.text]));
  const rows: TimelineRow[] = [];
  for (const e of entities) {
    if (e.kind !== 'datetime' || !/^\d{4}-\d{2}-\d{2}/.test(e.value)) continue;
    const a = e.attributes;
    const start = typeof a.sentenceStart === 'number' ? a.sentenceStart : e.start;
    const end = typeof a.sentenceEnd === 'number' ? a.sentenceEnd : e.end;
    const text = texts.get(e.documentId);
    rows.push({
      when: e.value,
      documentId: e.documentId,
      start: e.start,
      end: e.end,
      text: e.text,
      sentence: {
        start,
        end,
        text: (text !== undefined ? text.slice(start, end) : String(a.sentence ?? e.text))
          .replace(/\s+/g, ' ')
          .trim(),
      },
      ...(typeof a.offenceCategory === 'string' ? { offence: a.offenceCategory } : {}),
      ...(a.approximate === true ? { approximate: true } : {}),
      ...(a.relative === true ? { relative: true } : {}),
    });
  }
  return rows.sort(
    (x, y) => cmp(x.when, y.when) || cmp(x.documentId, y.documentId) || x.start - y.start || x.end - y.end,
  );
}
