import { normalWord, type WordStats } from './features.ts';
import { nameStarts } from './gazetteer.ts';

/**
 * How often each word is written with a capital when it is not the first word of its sentence,
 * from unlabelled text: a name-like word ("tampa") is capitalised almost always, a common word
 * almost never, so the prior helps where a text does not capitalise names. Buckets: 0 seen fewer
 * than `minCount` times, 1 under 5%, 2 under 30%, 3 under 70%, 4 under 95%, 5 from 95%.
 */
export function capitalisationPrior(
  sentences: Iterable<readonly string[]>,
  minCount = 2,
): Map<string, number> {
  const seen = new Map<string, [number, number]>();
  for (const tokens of sentences) {
    let letters = 0;
    let upper = 0;
    for (const t of tokens) {
      if (!/^\p{L}/u.test(t)) continue;
      letters++;
      if (/^\p{Lu}/u.test(t)) upper++;
    }
    if (letters >= 4 && upper / letters > 0.6) continue;
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!/^\p{L}/u.test(t)) continue;
      const w = normalWord(t);
      let c = seen.get(w);
      if (!c) {
        c = [0, 0];
        seen.set(w, c);
      }
      c[1]++;
      if (/^\p{Lu}/u.test(t) && !(t.length > 1 && t === t.toUpperCase())) c[0]++;
    }
  }
  const prior = new Map<string, number>();
  for (const [w, [cap, total]] of seen) {
    if (total < minCount) continue;
    const r = cap / total;
    prior.set(w, r < 0.05 ? 1 : r < 0.3 ? 2 : r < 0.7 ? 3 : r < 0.95 ? 4 : 5);
  }
  return prior;
}

/** The word statistics the features read: capitalisation prior, clusters, the gazetteer and the lexicon. */
export function wordStats(
  sentences: ReadonlyArray<readonly string[]>,
  clusters: Map<string, string>,
  names: Map<string, number> = new Map(),
  dictionary: Uint8Array = new Uint8Array(0),
  lexicon: Map<string, number> = new Map(),
): WordStats {
  return {
    lexicon,
    lexiconStarts: nameStarts(lexicon),
    prior: capitalisationPrior(sentences),
    cluster: clusters,
    names,
    nameStarts: nameStarts(names),
    dictionary,
  };
}
