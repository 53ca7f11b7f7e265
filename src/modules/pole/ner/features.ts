import { gazetteerCodes } from './gazetteer.ts';
import { headClass } from './lexicon.ts';

/**
 * Features of each token for the recogniser, hashed into a fixed number of buckets: the word and
 * its neighbours (lower-cased), word shape, prefixes and suffixes, word pairs, the position in
 * the sentence, how the sentence is cased, two word properties learnt from unlabelled text (how
 * often the word is written capitalised mid-sentence, and its distributional cluster), whether
 * the word is in an English dictionary, a gazetteer of the names marked in the training
 * corpora (see gazetteer.ts), a lexicon of names known from outside them (first names, surnames,
 * places, organisations: see lexicon.ts), words that end names ("University", "Street", "Ltd")
 * around the word, and the last word of the run of capitalised words the word stands in.
 */

export const HASH_BITS = 22;
export const HASH_MASK = (1 << HASH_BITS) - 1;

/** Word properties learnt from unlabelled text, by lower-cased word. */
export interface WordStats {
  /** Capitalisation prior bucket: 0 unseen or rare, 1..5 from never to almost always capitalised. */
  prior: Map<string, number>;
  /** Cluster path as a bit string ("0110..."), coarse to fine. */
  cluster: Map<string, string>;
  /** Names marked in the labelled training text, with their types (see `buildGazetteer`). */
  names: Map<string, number>;
  /** First words of the multi-word names. */
  nameStarts: Set<string>;
  /** Bloom filter of English dictionary words (empty: no dictionary), see `inDictionary`. */
  dictionary: Uint8Array;
  /** Names known from outside the corpora, with their kinds (see lexicon.ts). */
  lexicon: Map<string, number>;
  /** First words of the lexicon's names of two words or more. */
  lexiconStarts: Set<string>;
}

export const EMPTY_STATS: WordStats = {
  prior: new Map(),
  cluster: new Map(),
  names: new Map(),
  nameStarts: new Set(),
  dictionary: new Uint8Array(0),
  lexicon: new Map(),
  lexiconStarts: new Set(),
};

/** Probes of the dictionary's Bloom filter. */
const DICTIONARY_PROBES = 4;

/** The two hashes a word's probes are made from (double hashing). */
function probeHashes(word: string): [number, number] {
  const h1 = hashText(word);
  return [h1, bucketOf(mix(h1, 0x9747b28c)) | 1];
}

/** A Bloom filter of `bytes` bytes holding the (lower-cased) words. */
export function dictionaryFilter(words: Iterable<string>, bytes: number): Uint8Array {
  const filter = new Uint8Array(bytes);
  const bits = bytes * 8;
  for (const w of words) {
    const [h1, h2] = probeHashes(w);
    for (let j = 0; j < DICTIONARY_PROBES; j++) {
      const b = ((h1 + Math.imul(j, h2)) >>> 0) % bits;
      filter[b >> 3]! |= 1 << (b & 7);
    }
  }
  return filter;
}

/** Whether a lower-cased word is (almost certainly) in the dictionary's Bloom filter. */
export function inDictionary(filter: Uint8Array, word: string): boolean {
  if (filter.length === 0) return false;
  const bits = filter.length * 8;
  const [h1, h2] = probeHashes(word);
  for (let j = 0; j < DICTIONARY_PROBES; j++) {
    const b = ((h1 + Math.imul(j, h2)) >>> 0) % bits;
    if (!(filter[b >> 3]! & (1 << (b & 7)))) return false;
  }
  return true;
}

/** Lower-cased word with digits as 0, links and user names as one form each. */
export function normalWord(token: string): string {
  if (/^(https?:|www\.)/i.test(token)) return '<url>';
  if (/^@\w/.test(token)) return '<user>';
  return token.toLowerCase().replace(/\d/g, '0');
}

/** Word shape: X for capitals, x for small letters, d for digits, runs longer than two cut to two. */
export function wordShape(token: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of token.length > 24 ? token.slice(0, 24) : token) {
    const c =
      ch >= 'A' && ch <= 'Z'
        ? 'X'
        : ch >= 'a' && ch <= 'z'
          ? 'x'
          : ch >= '0' && ch <= '9'
            ? 'd'
            : ch.toLowerCase() !== ch
              ? 'X'
              : ch.toUpperCase() !== ch
                ? 'x'
                : ch;
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 2) out += c;
  }
  return out;
}

/** Shape with every run cut to one character (Xx, X, x, d, Xx-Xx...). */
export function shortShape(shape: string): string {
  let out = '';
  for (const c of shape) if (c !== out[out.length - 1]) out += c;
  return out;
}

/** How the sentence is cased: mostly capitals, mostly small letters, or mixed. */
function sentenceCase(tokens: readonly string[]): string {
  let upper = 0;
  let lower = 0;
  let title = 0;
  for (const t of tokens) {
    if (!/^[A-Za-z]/.test(t)) continue;
    if (t === t.toUpperCase() && t.length > 1) upper++;
    else if (t === t.toLowerCase()) lower++;
    else title++;
  }
  const words = upper + lower + title;
  if (words < 3) return 'short';
  if (upper / words > 0.6) return 'upper';
  if (title / words > 0.6) return 'title';
  if (lower === words) return 'lower';
  return 'mixed';
}

/** Small words that may stand inside a capitalised name ("Bank of England", "Marks & Spencer"). */
const RUN_CONNECTORS = new Set(['of', 'and', '&', 'for', 'the', 'de', 'du', 'la', 'on', 'upon', "'s", '-']);

/**
 * For each token of a run of capitalised words (connectors allowed inside), the index of the run's
 * last word; -1 for tokens outside runs. "Housing Authority of New Orleans" is one run.
 */
export function capitalisedRuns(tokens: readonly string[], lower: readonly string[]): Int32Array {
  const n = tokens.length;
  const out = new Int32Array(n).fill(-1);
  const capital = (i: number) => /^[\p{Lu}\d]/u.test(tokens[i]!) && /\p{L}/u.test(tokens[i]!);
  let i = 0;
  while (i < n) {
    if (!capital(i)) {
      i++;
      continue;
    }
    let end = i;
    let j = i + 1;
    while (j < n) {
      if (capital(j)) end = j;
      else if (!RUN_CONNECTORS.has(lower[j]!)) break;
      j++;
    }
    for (let k = i; k <= end; k++) out[k] = end;
    i = end + 1;
  }
  return out;
}

/** A token's place in its capitalised run: 0 outside, 1 alone, 2 first, 3 inside, 4 last. */
function runPosition(run: Int32Array, i: number): number {
  const end = run[i]!;
  if (end < 0) return 0;
  const first = i === 0 || run[i - 1] !== end;
  if (end === i) return first ? 1 : 4;
  return first ? 2 : 3;
}

const BOS = '<s>';
const EOS = '</s>';

/** 32-bit string hash (FNV-1a) of `text`, or of text[start, end). */
function hashText(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

/** Folds a value into a running hash (one MurmurHash3 round). */
function mix(h: number, n: number): number {
  const k = Math.imul(n | 0, 0xcc9e2d51);
  h ^= Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  return Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
}

/** MurmurHash3's finaliser, as an unsigned 32-bit number. */
function bucketOf(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The table bucket of a finished hash. */
const bucket = (h: number) => bucketOf(h) & HASH_MASK;

/** The number of hashed features for every token. */
export const FEATURES_PER_TOKEN = 47;

/**
 * Hashed feature buckets for every token of a sentence, `FEATURES_PER_TOKEN` per token, in one
 * array (token i owns [i*F, (i+1)*F)). Each string is hashed once; features combine the hashes.
 */
export function sentenceFeatures(tokens: readonly string[], stats: WordStats): Int32Array {
  const n = tokens.length;
  const F = FEATURES_PER_TOKEN;
  const out = new Int32Array(n * F);
  // per position k = i + 2, two padding positions on each side
  const word = new Int32Array(n + 4);
  const shape = new Int32Array(n + 4);
  const short = new Int32Array(n + 4);
  const prior = new Int32Array(n + 4);
  const common = new Int32Array(n + 4);
  const cluster = new Int32Array(n + 4);
  const lower = new Array<string>(n);
  const bos = hashText(BOS);
  const eos = hashText(EOS);
  for (const a of [word, shape, short, cluster]) {
    a[0] = a[1] = bos;
    a[n + 2] = a[n + 3] = eos;
  }
  prior[0] = prior[1] = prior[n + 2] = prior[n + 3] = 9;
  common[0] = common[1] = common[n + 2] = common[n + 3] = 3;
  for (let i = 0; i < n; i++) {
    const w = normalWord(tokens[i]!);
    lower[i] = w;
    const s = wordShape(tokens[i]!);
    word[i + 2] = hashText(w);
    shape[i + 2] = hashText(s);
    short[i + 2] = hashText(shortShape(s));
    prior[i + 2] = stats.prior.get(w) ?? 0;
    common[i + 2] = /^[a-z]/.test(w) ? (inDictionary(stats.dictionary, w) ? 1 : 0) : 2;
    cluster[i + 2] = hashText(stats.cluster.get(w) ?? '?');
  }
  const names = stats.names.size ? gazetteerCodes(lower, stats.names, stats.nameStarts) : new Int32Array(n);
  const known = stats.lexicon.size
    ? gazetteerCodes(lower, stats.lexicon, stats.lexiconStarts)
    : new Int32Array(n);
  const heads = new Int32Array(n + 4);
  for (let i = 0; i < n; i++) heads[i + 2] = headClass(lower[i]!);
  const run = capitalisedRuns(tokens, lower);
  const casing = hashText(sentenceCase(tokens));
  for (let i = 0; i < n; i++) {
    const k = i + 2;
    const w = lower[i]!;
    const raw = tokens[i]!;
    const sh = short[k]!;
    const path = stats.cluster.get(w) ?? '?';
    const g = names[i]!;
    let f = i * F;
    out[f++] = 1;
    out[f++] = bucket(mix(2, word[k]!));
    out[f++] = bucket(mix(3, word[k - 1]!));
    out[f++] = bucket(mix(4, word[k + 1]!));
    out[f++] = bucket(mix(5, word[k - 2]!));
    out[f++] = bucket(mix(6, word[k + 2]!));
    out[f++] = bucket(mix(7, shape[k]!));
    out[f++] = bucket(mix(mix(8, shape[k - 1]!), shape[k]!));
    out[f++] = bucket(mix(mix(9, shape[k]!), shape[k + 1]!));
    out[f++] = bucket(mix(mix(mix(10, short[k - 1]!), sh), short[k + 1]!));
    out[f++] = bucket(mix(11, hashText(w, 0, 2)));
    out[f++] = bucket(mix(12, hashText(w, 0, 3)));
    out[f++] = bucket(mix(13, hashText(w, 0, 4)));
    out[f++] = bucket(mix(14, hashText(w, Math.max(0, w.length - 2))));
    out[f++] = bucket(mix(15, hashText(w, Math.max(0, w.length - 3))));
    out[f++] = bucket(mix(16, hashText(w, Math.max(0, w.length - 4))));
    out[f++] = bucket(mix(mix(17, word[k - 1]!), word[k]!));
    out[f++] = bucket(mix(mix(18, word[k]!), word[k + 1]!));
    out[f++] = bucket(mix(mix(19, i === 0 ? 1 : 0), sh));
    out[f++] = bucket(mix(mix(20, prior[k]!), sh));
    out[f++] = bucket(mix(mix(mix(21, prior[k - 1]!), prior[k]!), sh));
    out[f++] = bucket(mix(mix(mix(22, prior[k]!), prior[k + 1]!), sh));
    out[f++] = bucket(mix(mix(23, casing), sh));
    out[f++] = bucket(mix(mix(mix(24, prior[k]!), casing), sh));
    out[f++] = bucket(mix(25, hashText(raw, 0, Math.min(24, raw.length))));
    out[f++] = bucket(mix(mix(26, word[k - 1]!), sh));
    out[f++] = bucket(mix(mix(27, sh), word[k + 1]!));
    out[f++] = bucket(mix(28, cluster[k]!));
    out[f++] = bucket(mix(29, hashText(path, 0, Math.min(6, path.length))));
    out[f++] = bucket(mix(30, hashText(path, 0, Math.min(10, path.length))));
    out[f++] = bucket(mix(mix(31, cluster[k - 1]!), sh));
    out[f++] = bucket(mix(mix(32, sh), cluster[k + 1]!));
    out[f++] = bucket(mix(mix(33, hashText(path, 0, Math.min(8, path.length))), sh));
    out[f++] = bucket(mix(mix(34, short[k - 1]!), short[k - 2]!));
    out[f++] = bucket(mix(35, g));
    out[f++] = bucket(mix(mix(36, g), sh));
    out[f++] = bucket(mix(mix(mix(37, g), i > 0 ? names[i - 1]! & 7 : 8), i + 1 < n ? names[i + 1]! & 7 : 8));
    out[f++] = bucket(mix(mix(mix(38, common[k]!), sh), i === 0 ? 1 : 0));
    out[f++] = bucket(mix(mix(mix(39, common[k]!), prior[k]!), sh));
    out[f++] = bucket(mix(mix(mix(mix(40, common[k - 1]!), common[k]!), common[k + 1]!), sh));
    const x = known[i]!;
    out[f++] = bucket(mix(41, x));
    out[f++] = bucket(mix(mix(42, x), sh));
    out[f++] = bucket(mix(mix(mix(43, x & 63), common[k]!), prior[k]!));
    out[f++] = bucket(
      mix(mix(mix(44, i > 0 ? known[i - 1]! & 63 : 64), x & 63), i + 1 < n ? known[i + 1]! & 63 : 64),
    );
    const r = run[i]!;
    out[f++] = bucket(mix(mix(45, r < 0 ? -1 : heads[r + 2]!), runPosition(run, i)));
    out[f++] = bucket(mix(mix(46, r < 0 ? 0 : word[r + 2]!), runPosition(run, i)));
    out[f++] = bucket(mix(mix(mix(mix(47, heads[k - 1]!), heads[k]!), heads[k + 1]!), sh));
  }
  return out;
}
