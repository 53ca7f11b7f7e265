import { type Span, spansFromTags } from '../conll/tags.ts';
import { inDictionary, normalWord, type WordStats } from './features.ts';

/**
 * Document-level consistency for the recogniser's names: sentences are decoded one at a time, so
 * the same name can be given different types (or none) in different sentences of one document.
 * A pure function over the decoded tags and confidences of one document's sentences.
 */

/** Tags (IOB2) and per-token confidence of one sentence, as `decodeSentence` gives them. */
export interface TaggedTokens {
  tags: string[];
  confidence: number[];
}

export interface DocumentPassSettings {
  /**
   * Type vote: every mention of the same text (case-insensitive, same tokens) in the document
   * gets the type most of its mentions were given, each mention weighted by its mean confidence.
   */
  vote: boolean;
  /** Share of the weighted vote the winning type needs before other mentions are re-typed. */
  voteShare: number;
  /**
   * Propagation: a token sequence tagged as a name somewhere in the document, found untagged
   * elsewhere in it, is tagged too (only for names that are not common words, see `isSafeName`).
   */
  propagate: boolean;
  /** Mean confidence the tagged mention needs for its text to be propagated. */
  propagateConfidence: number;
  /** Whether to propagate into occurrences written in a different case ("tampa bay" for "Tampa Bay"). */
  propagateOtherCase: boolean;
}

/**
 * Chosen on the internal validation split (README, "Measured"): the vote gains there (66.97 to
 * 67.52 micro-F1); propagation lost a little at every setting tried, so it is off.
 */
export const DOCUMENT_PASS: DocumentPassSettings = {
  vote: true,
  voteShare: 0.5,
  propagate: false,
  propagateConfidence: 0.9,
  propagateOtherCase: false,
};

/** The pass switched off: tags come back as decoded. */
export const NO_DOCUMENT_PASS: DocumentPassSettings = { ...DOCUMENT_PASS, vote: false, propagate: false };

/** Function words never propagated as names of their own, nor at either end of one. */
const FUNCTION_WORDS = new Set(
  `a an the and or but nor of in on at to for from by with without into onto over under about as is are was were
be been being am do does did have has had i me my we us our you your he him his she her it its they them their
this that these those who whom what which when where why how not no yes so if then than there here all any some
each every one two me mr mrs ms dr st`.split(/\s+/),
);

/**
 * Whether a lower-cased word is common, from the model's word statistics: usually written in
 * lower case after the first word of a sentence (capitalisation prior under 30%), or, when too
 * rare to have a prior, an English dictionary word.
 */
export function commonWord(stats: WordStats, word: string): boolean {
  const w = normalWord(word);
  if (FUNCTION_WORDS.has(w)) return true;
  const prior = stats.prior.get(w) ?? 0;
  if (prior > 0) return prior <= 2;
  return inDictionary(stats.dictionary, w);
}

/**
 * Whether a name's text may be propagated: it has a word with a letter, its first and last words
 * are not function words, and at least one of its words is not a common word.
 */
export function isSafeName(words: readonly string[], isCommon: (word: string) => boolean): boolean {
  if (!words.some((w) => /\p{L}/u.test(w))) return false;
  const first = words[0]!.toLowerCase();
  const last = words[words.length - 1]!.toLowerCase();
  if (FUNCTION_WORDS.has(first) || FUNCTION_WORDS.has(last)) return false;
  return words.some((w) => /\p{L}/u.test(w) && !isCommon(w.toLowerCase()));
}

interface Mention {
  sentence: number;
  span: Span;
  key: string;
  weight: number;
}

const keyOf = (tokens: readonly string[], span: Span) =>
  tokens
    .slice(span.start, span.end)
    .map((t) => t.toLowerCase())
    .join(' ');

function mentionsOf(sentences: ReadonlyArray<readonly string[]>, tagged: readonly TaggedTokens[]): Mention[] {
  const out: Mention[] = [];
  tagged.forEach((t, s) => {
    for (const span of spansFromTags(t.tags)) {
      let sum = 0;
      for (let i = span.start; i < span.end; i++) sum += t.confidence[i]!;
      out.push({ sentence: s, span, key: keyOf(sentences[s]!, span), weight: sum / (span.end - span.start) });
    }
  });
  return out;
}

function setSpan(t: TaggedTokens, start: number, end: number, type: string, confidence: number): void {
  for (let i = start; i < end; i++) {
    t.tags[i] = `${i === start ? 'B' : 'I'}-${type}`;
    t.confidence[i] = confidence;
  }
}

const capitalised = (token: string | undefined) => token !== undefined && /^\p{Lu}/u.test(token);

/**
 * The document's tags made consistent (see `DocumentPassSettings`). `sentences` are the tokens,
 * `tagged` the decoded tags and confidences, one per sentence; `isCommon` says whether a
 * lower-cased word is a common word (see `commonWord`). Returns new arrays; the same tokens and
 * sentences, valid IOB2.
 */
export function consistentDocument(
  sentences: ReadonlyArray<readonly string[]>,
  tagged: readonly TaggedTokens[],
  isCommon: (word: string) => boolean,
  settings: DocumentPassSettings = DOCUMENT_PASS,
): TaggedTokens[] {
  if (sentences.length !== tagged.length) throw new Error('sentences and tags differ in count');
  const out = tagged.map((t) => ({ tags: [...t.tags], confidence: [...t.confidence] }));
  if (!settings.vote && !settings.propagate) return out;
  const mentions = mentionsOf(sentences, out);
  const byKey = new Map<string, Mention[]>();
  for (const m of mentions) {
    const list = byKey.get(m.key);
    if (list) list.push(m);
    else byKey.set(m.key, [m]);
  }

  /** The type each text is given in the document, with its share of the vote and best confidence. */
  const chosen = new Map<string, { type: string; share: number; best: number }>();
  for (const [key, list] of byKey) {
    const votes = new Map<string, number>();
    let total = 0;
    let best = 0;
    for (const m of list) {
      votes.set(m.span.type, (votes.get(m.span.type) ?? 0) + m.weight);
      total += m.weight;
      best = Math.max(best, m.weight);
    }
    let type = list[0]!.span.type;
    for (const [t, v] of votes) if (v > votes.get(type)!) type = t;
    const share = total > 0 ? votes.get(type)! / total : 0;
    chosen.set(key, { type, share, best });
    if (!settings.vote || votes.size < 2 || share <= settings.voteShare) continue;
    // a re-typed mention's confidence: the winning mentions' mean confidence, at most the share
    const winners = list.filter((m) => m.span.type === type).length;
    const confidence = Math.min(share, votes.get(type)! / winners);
    for (const m of list) {
      if (m.span.type !== type) setSpan(out[m.sentence]!, m.span.start, m.span.end, type, confidence);
    }
  }
  if (settings.propagate) propagate(sentences, out, byKey, chosen, isCommon, settings);
  return out;
}

function propagate(
  sentences: ReadonlyArray<readonly string[]>,
  out: TaggedTokens[],
  byKey: ReadonlyMap<string, readonly Mention[]>,
  chosen: ReadonlyMap<string, { type: string; share: number; best: number }>,
  isCommon: (word: string) => boolean,
  settings: DocumentPassSettings,
): void {
  /** Texts to propagate, longest first, with the exact forms they were tagged in. */
  const names: Array<{ words: string[]; forms: Set<string>; type: string; confidence: number }> = [];
  for (const [key, list] of byKey) {
    const c = chosen.get(key)!;
    if (c.best < settings.propagateConfidence) continue;
    const first = list[0]!;
    const words = sentences[first.sentence]!.slice(first.span.start, first.span.end);
    if (!isSafeName(words, isCommon)) continue;
    const forms = new Set(list.map((m) => sentences[m.sentence]!.slice(m.span.start, m.span.end).join(' ')));
    names.push({ words: key.split(' '), forms, type: c.type, confidence: c.best * c.share });
  }
  if (!names.length) return;
  names.sort((a, b) => b.words.length - a.words.length);
  const firstWords = new Map<string, typeof names>();
  for (const n of names) {
    const list = firstWords.get(n.words[0]!);
    if (list) list.push(n);
    else firstWords.set(n.words[0]!, [n]);
  }
  sentences.forEach((tokens, s) => {
    const t = out[s]!;
    const lower = tokens.map((w) => w.toLowerCase());
    for (let i = 0; i < tokens.length; i++) {
      const candidates = firstWords.get(lower[i]!);
      if (!candidates || t.tags[i] !== 'O') continue;
      for (const n of candidates) {
        const end = i + n.words.length;
        if (end > tokens.length) continue;
        let match = true;
        for (let k = 0; k < n.words.length && match; k++)
          match = lower[i + k] === n.words[k] && t.tags[i + k] === 'O';
        if (!match) continue;
        if (!settings.propagateOtherCase && !n.forms.has(tokens.slice(i, end).join(' '))) continue;
        // part of a longer name: a capitalised neighbour (not the sentence's first word) or a tagged one
        if (i > 0 && (t.tags[i - 1] !== 'O' || (i > 1 && capitalised(tokens[i - 1])))) continue;
        if (end < tokens.length && (t.tags[end] !== 'O' || capitalised(tokens[end]))) continue;
        setSpan(t, i, end, n.type, n.confidence);
        i = end - 1;
        break;
      }
    }
  });
}
