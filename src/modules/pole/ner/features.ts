/**
 * Features of each token for the recogniser, hashed into a fixed number of buckets: the word and
 * its neighbours (lower-cased), word shape, prefixes and suffixes, word pairs, the position in
 * the sentence, how the sentence is cased, and two word properties learnt from unlabelled text
 * (how often the word is written capitalised mid-sentence, and its distributional cluster).
 * No gazetteer: nothing here lists names.
 */

export const HASH_BITS = 22;
export const HASH_MASK = (1 << HASH_BITS) - 1;

/** Word properties learnt from unlabelled text, by lower-cased word. */
export interface WordStats {
  /** Capitalisation prior bucket: 0 unseen or rare, 1..5 from never to almost always capitalised. */
  prior: Map<string, number>;
  /** Cluster path as a bit string ("0110..."), coarse to fine. */
  cluster: Map<string, string>;
}

export const EMPTY_STATS: WordStats = { prior: new Map(), cluster: new Map() };

function fnv(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}

const mix = (h: number, n: number) => Math.imul(h ^ (n + 0x9e3779b9), 16777619);

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

const BOS = '<s>';
const EOS = '</s>';

/** The number of hashed features for every token. */
export const FEATURES_PER_TOKEN = 34;

/**
 * Hashed feature buckets for every token of a sentence, `FEATURES_PER_TOKEN` per token, in one
 * array (token i owns [i*F, (i+1)*F)).
 */
export function sentenceFeatures(tokens: readonly string[], stats: WordStats): Int32Array {
  const n = tokens.length;
  const F = FEATURES_PER_TOKEN;
  const out = new Int32Array(n * F);
  const lower = new Array<string>(n + 4);
  const shape = new Array<string>(n + 4);
  const short = new Array<string>(n + 4);
  const prior = new Array<number>(n + 4);
  const cluster = new Array<string>(n + 4);
  lower[0] = lower[1] = BOS;
  lower[n + 2] = lower[n + 3] = EOS;
  shape[0] = shape[1] = short[0] = short[1] = BOS;
  shape[n + 2] = shape[n + 3] = short[n + 2] = short[n + 3] = EOS;
  prior[0] = prior[1] = prior[n + 2] = prior[n + 3] = 9;
  cluster[0] = cluster[1] = BOS;
  cluster[n + 2] = cluster[n + 3] = EOS;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const w = normalWord(t);
    const s = wordShape(t);
    lower[i + 2] = w;
    shape[i + 2] = s;
    short[i + 2] = shortShape(s);
    prior[i + 2] = stats.prior.get(w) ?? 0;
    cluster[i + 2] = stats.cluster.get(w) ?? '?';
  }
  const casing = sentenceCase(tokens);
  for (let i = 0; i < n; i++) {
    const k = i + 2;
    const w = lower[k]!;
    const raw = tokens[i]!;
    const sh = short[k]!;
    const c = cluster[k]!;
    let f = i * F;
    out[f++] = 1;
    out[f++] = fnv(2, w);
    out[f++] = fnv(3, lower[k - 1]!);
    out[f++] = fnv(4, lower[k + 1]!);
    out[f++] = fnv(5, lower[k - 2]!);
    out[f++] = fnv(6, lower[k + 2]!);
    out[f++] = fnv(7, shape[k]!);
    out[f++] = fnv(fnv(8, shape[k - 1]!), shape[k]!);
    out[f++] = fnv(fnv(9, shape[k]!), shape[k + 1]!);
    out[f++] = fnv(fnv(fnv(10, short[k - 1]!), sh), short[k + 1]!);
    out[f++] = fnv(11, w.slice(0, 2));
    out[f++] = fnv(12, w.slice(0, 3));
    out[f++] = fnv(13, w.slice(0, 4));
    out[f++] = fnv(14, w.slice(-2));
    out[f++] = fnv(15, w.slice(-3));
    out[f++] = fnv(16, w.slice(-4));
    out[f++] = fnv(fnv(17, lower[k - 1]!), w);
    out[f++] = fnv(fnv(18, w), lower[k + 1]!);
    out[f++] = fnv(mix(19, i === 0 ? 1 : 0), sh);
    out[f++] = fnv(mix(20, prior[k]!), sh);
    out[f++] = fnv(mix(mix(21, prior[k - 1]!), prior[k]!), sh);
    out[f++] = fnv(mix(mix(22, prior[k]!), prior[k + 1]!), sh);
    out[f++] = fnv(fnv(23, casing), sh);
    out[f++] = fnv(fnv(mix(24, prior[k]!), casing), sh);
    out[f++] = fnv(25, raw.length > 24 ? raw.slice(0, 24) : raw);
    out[f++] = fnv(fnv(26, lower[k - 1]!), sh);
    out[f++] = fnv(fnv(27, sh), lower[k + 1]!);
    out[f++] = fnv(28, c);
    out[f++] = fnv(29, c.slice(0, 6));
    out[f++] = fnv(30, c.slice(0, 10));
    out[f++] = fnv(fnv(31, cluster[k - 1]!), sh);
    out[f++] = fnv(fnv(32, sh), cluster[k + 1]!);
    out[f++] = fnv(fnv(33, c.slice(0, 8)), sh);
    out[f++] = fnv(fnv(34, short[k - 1]!), short[k - 2]!);
  }
  for (let j = 0; j < out.length; j++) out[j] = out[j]! & HASH_MASK;
  return out;
}
