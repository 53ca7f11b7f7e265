import { spansFromTags } from '../conll/tags.ts';
import { normalWord } from './features.ts';

/** Longest name (in words) the gazetteer keeps. */
export const MAX_NAME_WORDS = 4;

const TYPE_BITS: Record<string, number> = { PER: 1, LOC: 2, ORG: 4 };

/**
 * A lexicon of the names marked in labelled sentences, by their lower-cased words joined with a
 * space. Each entry's code holds the types it was marked with (bits 0-2 for PER, LOC, ORG, each
 * type seen in at least a quarter of its marked occurrences) and, in bits 3-5, how often the words
 * are a name where they occur at all (1 under 20%, 2 under 50%, 3 under 80%, 4 from 80%), so
 * that "will" or "may" (sometimes a person, mostly not) do not count as names.
 */
export function buildGazetteer(
  sentences: ReadonlyArray<{ tokens: readonly string[]; tags: readonly string[] }>,
): Map<string, number> {
  const marked = new Map<string, [number, number, number]>();
  for (const s of sentences) {
    for (const span of spansFromTags(s.tags)) {
      const bit = TYPE_BITS[span.type];
      if (bit === undefined || span.end - span.start > MAX_NAME_WORDS) continue;
      const key = s.tokens.slice(span.start, span.end).map(normalWord).join(' ');
      if (!/\p{L}/u.test(key)) continue;
      let c = marked.get(key);
      if (!c) {
        c = [0, 0, 0];
        marked.set(key, c);
      }
      c[bit === 1 ? 0 : bit === 2 ? 1 : 2]!++;
    }
  }
  const seen = new Map<string, number>();
  for (const s of sentences) {
    const words = s.tokens.map(normalWord);
    for (let i = 0; i < words.length; i++) {
      let key = '';
      for (let m = 1; m <= MAX_NAME_WORDS && i + m <= words.length; m++) {
        key = m === 1 ? words[i]! : `${key} ${words[i + m - 1]}`;
        if (marked.has(key)) seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [key, counts] of marked) {
    const total = counts[0] + counts[1] + counts[2];
    let mask = 0;
    counts.forEach((n, t) => {
      if (n * 4 >= total) mask |= 1 << t;
    });
    const rate = total / Math.max(total, seen.get(key) ?? 0);
    const bucket = rate < 0.2 ? 1 : rate < 0.5 ? 2 : rate < 0.8 ? 3 : 4;
    out.set(key, mask | (bucket << 3));
  }
  return out;
}

/** The first words of the gazetteer's names of two words or more. */
export function nameStarts(gazetteer: ReadonlyMap<string, number>): Set<string> {
  const out = new Set<string>();
  for (const key of gazetteer.keys()) {
    const space = key.indexOf(' ');
    if (space > 0) out.add(key.slice(0, space));
  }
  return out;
}

/**
 * For each word of a sentence (lower-cased, normalised), the code of the gazetteer name covering
 * it, taken greedily from the left, longest first, with its position in the name in bits 6-7
 * (0 single word, 1 first, 2 inside, 3 last); 0 where no name covers the word.
 */
export function gazetteerCodes(
  words: readonly string[],
  gazetteer: ReadonlyMap<string, number>,
  starts: ReadonlySet<string>,
): Int32Array {
  const n = words.length;
  const out = new Int32Array(n);
  let i = 0;
  while (i < n) {
    let length = 0;
    let code = 0;
    if (starts.has(words[i]!)) {
      const limit = Math.min(MAX_NAME_WORDS, n - i);
      let key = words[i]!;
      for (let m = 2; m <= limit; m++) {
        key = `${key} ${words[i + m - 1]}`;
        const c = gazetteer.get(key);
        if (c !== undefined) {
          length = m;
          code = c;
        }
      }
    }
    if (length === 0) {
      const c = gazetteer.get(words[i]!);
      if (c !== undefined) {
        length = 1;
        code = c;
      }
    }
    if (length === 0) {
      i++;
      continue;
    }
    for (let k = 0; k < length; k++) {
      const position = length === 1 ? 0 : k === 0 ? 1 : k === length - 1 ? 3 : 2;
      out[i + k] = code | (position << 6);
    }
    i += length;
  }
  return out;
}
