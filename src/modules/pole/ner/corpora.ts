import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConll } from '../conll/read.ts';
import { canonicalType, type Span, spansFromTags, tagsFromSpans } from '../conll/tags.ts';
import { isDemonym } from './demonyms.ts';
import { isPronoun, nameOf, withoutArticle, withoutTitle } from './names.ts';

/** A sentence with IOB2 tags over PER, LOC and ORG only. */
export interface TaggedSentence {
  tokens: string[];
  tags: string[];
  source: string;
  /** The document the sentence comes from, where the corpus has documents. */
  doc?: string;
}

export interface Corpora {
  train: TaggedSentence[];
  validation: TaggedSentence[];
  /** Sentences left out because a mention in them hides a name the corpus did not mark. */
  dropped: number;
}

const RECOGNISED = new Set(['PER', 'LOC', 'ORG']);

/** Every tenth document (or sentence, for corpora without documents) is kept for validation. */
const isValidation = (index: number) => index % 10 === 3;

/** PER, LOC and ORG spans, leaving out those that are only nationality or faith words. */
function mappedSpans(tokens: readonly string[], tags: readonly string[]): Span[] {
  const out: Span[] = [];
  for (const s of spansFromTags(tags)) {
    const type = canonicalType(s.type);
    if (!type || !RECOGNISED.has(type)) continue;
    let demonyms = true;
    for (let i = s.start; i < s.end && demonyms; i++) demonyms = isDemonym(tokens[i]!);
    if (!demonyms) out.push({ ...s, type });
  }
  return out;
}

/**
 * The Broad Twitter Corpus splits a user mention in two ("@", "colgo") and marks both halves as
 * names; WNUT 2017 keeps "@colgo" whole and unmarked, and user names are not names of people,
 * places or organisations in running text. Mentions are joined into one unmarked token.
 */
function joinMentions(
  tokens: readonly string[],
  tags: readonly string[],
): { tokens: string[]; tags: string[] } {
  const out = { tokens: [] as string[], tags: [] as string[] };
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '@' && i + 1 < tokens.length && /^\w+$/.test(tokens[i + 1]!)) {
      out.tokens.push(`@${tokens[i + 1]}`);
      out.tags.push('O');
      i++;
    } else {
      out.tokens.push(tokens[i]!);
      out.tags.push(tags[i]!);
    }
  }
  return out;
}

/** Corpora that mark names only (WNUT 2017, BTC): types mapped, titles taken off people's names. */
function namesOnly(raw: string[], rawTags: readonly string[], source: string): TaggedSentence {
  const { tokens, tags } = joinMentions(raw, rawTags);
  const spans = mappedSpans(tokens, tags)
    .map((s) => withoutTitle(tokens, withoutArticle(tokens, s)))
    .filter((s): s is Span => s !== null);
  return { tokens, tags: tagsFromSpans(spans, tokens.length), source };
}

/**
 * Corpora that mark every mention, in one or more nested layers (LitBank, re3d): the mentions that
 * are names are kept, outermost first; a sentence is dropped when a mention that is not a name
 * holds a capitalised word that no kept name covers (a name the corpus did not mark on its own).
 */
function mentionsToNames(
  tokens: string[],
  layers: ReadonlyArray<readonly string[]>,
  source: string,
): TaggedSentence | null {
  const mentions = layers.flatMap((layer) => mappedSpans(tokens, layer));
  const names = mentions
    .map((m) => nameOf(tokens, m))
    .filter((s): s is Span => s !== null)
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const covered = new Uint8Array(tokens.length);
  const kept: Span[] = [];
  for (const s of names) {
    let free = true;
    for (let i = s.start; i < s.end; i++) if (covered[i]) free = false;
    if (!free) continue;
    kept.push(s);
    for (let i = s.start; i < s.end; i++) covered[i] = 1;
  }
  for (const m of mentions) {
    for (let i = m.start; i < m.end; i++) {
      const t = tokens[i]!;
      if (!covered[i] && i > 0 && !isPronoun(t) && /^\p{Lu}/u.test(t)) return null;
    }
  }
  kept.sort((a, b) => a.start - b.start);
  return { tokens, tags: tagsFromSpans(kept, tokens.length), source };
}

function conllFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.conll'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** LitBank's TSV: token, then one tag column per nesting layer. */
function readLayers(file: string): Array<{ tokens: string[]; layers: string[][] }> {
  const out: Array<{ tokens: string[]; layers: string[][] }> = [];
  let tokens: string[] = [];
  let layers: string[][] = [];
  const flush = () => {
    if (tokens.length) out.push({ tokens, layers });
    tokens = [];
    layers = [];
  };
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const fields = line.split('\t');
    tokens.push(fields[0]!);
    for (let c = 1; c < fields.length; c++) {
      const tag = fields[c]!.trim();
      if (tag === '') continue;
      if (!layers[c - 1]) layers[c - 1] = new Array<string>(tokens.length - 1).fill('O');
      layers[c - 1]!.push(tag);
    }
  }
  flush();
  return out;
}

/**
 * The training corpora under `dir` (the shared ner folder), as PER/LOC/ORG sentences, with a
 * validation part carved out of each: WNUT 2017's own dev split, and every tenth document of
 * LitBank and re3d and every tenth sentence of the Broad Twitter Corpus. Universal NER's
 * English Web Treebank file is never read here.
 */
export function loadCorpora(dir: string, extra: readonly TaggedSentence[] = []): Corpora {
  const train: TaggedSentence[] = [];
  const validation: TaggedSentence[] = [];
  let dropped = 0;
  const put = (s: TaggedSentence | null, toValidation: boolean, doc: string) => {
    if (!s) dropped++;
    else if (s.tokens.length) (toValidation ? validation : train).push({ ...s, doc });
  };

  for (const [file, isDev] of [
    ['train.conll', false],
    ['dev.conll', true],
  ] as const) {
    parseConll(readFileSync(path.join(dir, 'wnut17', file), 'utf8'), file).forEach((s, i) => {
      put(namesOnly(s.tokens, s.tags, 'wnut17'), isDev, `wnut17/${file}/${i}`);
    });
  }
  let index = 0;
  for (const file of conllFiles(path.join(dir, 'btc'))) {
    for (const s of parseConll(readFileSync(file, 'utf8'), file))
      put(namesOnly(s.tokens, s.tags, 'btc'), isValidation(index), `btc/${index++}`);
  }
  conllFiles(path.join(dir, 're3d')).forEach((file, doc) => {
    for (const s of parseConll(readFileSync(file, 'utf8'), file))
      put(mentionsToNames(s.tokens, [s.tags], 're3d'), isValidation(doc), path.relative(dir, file));
  });
  const litbank = path.join(dir, 'litbank', 'tsv');
  readdirSync(litbank)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .forEach((file, doc) => {
      for (const s of readLayers(path.join(litbank, file)))
        put(mentionsToNames(s.tokens, s.layers, 'litbank'), isValidation(doc), file);
    });
  extra.forEach((s, i) => {
    put(s, isValidation(i), s.doc ?? `${s.source}/${i}`);
  });
  return { train, validation, dropped };
}
