/**
 * Cheap typo tolerance: one edit (insertion, deletion, substitution or adjacent transposition)
 * between a token and a lexicon word, found through single-deletion neighbourhoods (the
 * "symmetric delete" method of SymSpell, Wolf Garbe 2012). Only words of FUZZY_MIN_LENGTH letters or
 * more are matched approximately: short words differ by one letter too often ("gun"/"fun").
 */
export const FUZZY_MIN_LENGTH = 6;

export function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** An index of words by their single deletions, for one-edit look-ups. */
export class FuzzyIndex {
  private readonly exact = new Set<string>();
  private readonly byDeletion = new Map<string, Set<string>>();

  add(word: string): void {
    if (word.length < FUZZY_MIN_LENGTH || this.exact.has(word)) return;
    this.exact.add(word);
    for (const key of [word, ...deletions(word)]) {
      const set = this.byDeletion.get(key) ?? new Set<string>();
      set.add(word);
      this.byDeletion.set(key, set);
    }
  }

  /**
   * Indexed words within one edit of `token` (the token itself excluded), keeping the first letter
   * (people rarely mistype it) and not differing only in the last letter (often another word form:
   * "glasses" is not "glassed").
   */
  near(token: string): string[] {
    if (token.length < FUZZY_MIN_LENGTH - 1) return [];
    const found = new Set<string>();
    for (const key of [token, ...deletions(token)]) {
      for (const word of this.byDeletion.get(key) ?? []) {
        if (word !== token && plausibleTypo(token, word)) found.add(word);
      }
    }
    return [...found];
  }
}

function plausibleTypo(token: string, word: string): boolean {
  if (token[0] !== word[0] || !withinOneEdit(token, word)) return false;
  return !sameButLast(token, word);
}

/** True when a and b differ only in their last letter, or one is the other plus a last letter. */
function sameButLast(a: string, b: string): boolean {
  if (a.length === b.length) return a.slice(0, -1) === b.slice(0, -1);
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  return longer.startsWith(shorter);
}

/** True when a and b differ by at most one insertion, deletion, substitution or transposition. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
