/**
 * The pattern language of the lexicons, compiled once.
 *
 *   knife|knives        either word
 *   stab*               any word starting "stab"
 *   right_now|now       "right now" (words joined by _ are consecutive) or "now"
 *   locked ~ door       "locked", then "door" with up to three words between (~5: up to five)
 *   really? scared      "scared", with "really" before it or not
 *
 * Words are matched against a token's forms: the token, its Welsh radicals (Welsh lexicon only)
 * and lexicon words one typo away (see engine.ts).
 */
export interface WordTest {
  text: string;
  prefix: boolean;
}

/** One alternative of a term: a run of consecutive words. */
export type Alternative = WordTest[];

export type Term =
  | {
      kind: 'word';
      alternatives: Alternative[];
      optional: boolean;
      /** Single whole-word alternatives by word, with the index of their first alternative. */
      singles: ReadonlyMap<string, number>;
      /** Alternatives of several words starting with a whole word, by that word, with indices. */
      runs: ReadonlyMap<string, ReadonlyArray<readonly [index: number, alternative: Alternative]>>;
      /** Alternatives starting with a prefix, with their indices. */
      prefixed: ReadonlyArray<readonly [index: number, alternative: Alternative]>;
    }
  | { kind: 'gap'; max: number };

export interface CompiledPattern {
  source: string;
  terms: Term[];
  /**
   * The words and prefixes of the first required term: a text none of whose words is one of
   * them or starts with one cannot match (a fast check before the search).
   */
  anchor: { words: readonly string[]; prefixes: readonly string[] } | null;
}

export const DEFAULT_GAP = 3;

export function compilePattern(source: string): CompiledPattern {
  const terms: Term[] = [];
  for (const raw of source.trim().split(/\s+/)) {
    const gap = /^~(\d*)$/.exec(raw);
    if (gap) {
      terms.push({ kind: 'gap', max: gap[1] ? Number(gap[1]) : DEFAULT_GAP });
      continue;
    }
    const optional = raw.endsWith('?');
    const body = optional ? raw.slice(0, -1) : raw;
    const alternatives = body.split('|').map((alt) =>
      alt.split('_').map((word) => {
        const prefix = word.endsWith('*');
        const text = prefix ? word.slice(0, -1) : word;
        if (!/^[\p{Ll}\p{N}]+$/u.test(text)) throw new Error(`pattern "${source}": bad word "${word}"`);
        return { text, prefix };
      }),
    );
    const singles = new Map<string, number>();
    const runs = new Map<string, Array<[number, Alternative]>>();
    const prefixed: Array<[number, Alternative]> = [];
    alternatives.forEach((alt, i) => {
      const first = alt[0]!;
      if (first.prefix) prefixed.push([i, alt]);
      else if (alt.length > 1) runs.set(first.text, [...(runs.get(first.text) ?? []), [i, alt]]);
      else if (!singles.has(first.text)) singles.set(first.text, i);
    });
    terms.push({ kind: 'word', alternatives, optional, singles, runs, prefixed });
  }
  const first = terms[0];
  const last = terms[terms.length - 1];
  if (!first || first.kind === 'gap' || !last || last.kind === 'gap') {
    throw new Error(`pattern "${source}": must start and end with a word`);
  }
  const required = terms.find((t) => t.kind === 'word' && !t.optional);
  const anchor =
    required?.kind === 'word'
      ? {
          words: required.alternatives.filter((a) => !a[0]!.prefix).map((a) => a[0]!.text),
          prefixes: required.alternatives.filter((a) => a[0]!.prefix).map((a) => a[0]!.text),
        }
      : null;
  return { source, terms, anchor };
}

/** The forms of a text, for mayMatch. */
export interface TextWords {
  set: ReadonlySet<string>;
  list: readonly string[];
}

export function textWords(forms: TokenForms): TextWords {
  const set = new Set(forms.flat());
  return { set, list: [...set] };
}

/** False when the pattern cannot match a text with these forms (its anchor term is absent). */
export function mayMatch(pattern: CompiledPattern, words: TextWords): boolean {
  const { anchor } = pattern;
  if (!anchor) return true;
  if (anchor.words.some((w) => words.set.has(w))) return true;
  return anchor.prefixes.some((p) => words.list.some((w) => w.startsWith(p)));
}

/** The words a pattern names literally (not prefixes), for typo look-ups. */
export function literalWords(pattern: CompiledPattern): string[] {
  return pattern.terms.flatMap((term) =>
    term.kind === 'word' ? term.alternatives.flat().flatMap((w) => (w.prefix ? [] : [w.text])) : [],
  );
}

/** Forms of each token of a turn: what a pattern word may equal (or, for a prefix, start). */
export type TokenForms = ReadonlyArray<readonly string[]>;

const wordMatches = (test: WordTest, forms: readonly string[]): boolean =>
  forms.some((form) => (test.prefix ? form.startsWith(test.text) : form === test.text));

type WordTerm = Extract<Term, { kind: 'word' }>;

/**
 * Lengths (in tokens) of the alternatives that match at `pos`, in the order the alternatives are
 * written (single words are looked up in a map rather than compared one by one).
 */
function termLengths(term: WordTerm, forms: TokenForms, pos: number): number[] {
  const here = forms[pos] ?? [];
  const found: Array<[number, number]> = [];
  let single = Infinity;
  for (const form of here) {
    const i = term.singles.get(form);
    if (i !== undefined && i < single) single = i;
    for (const [index, alt] of term.runs.get(form) ?? []) {
      if (matchesAt(alt, forms, pos)) found.push([index, alt.length]);
    }
  }
  if (single !== Infinity) found.push([single, 1]);
  for (const [index, alt] of term.prefixed) {
    if (matchesAt(alt, forms, pos)) found.push([index, alt.length]);
  }
  if (found.length > 1) found.sort((a, b) => a[0] - b[0]);
  return found.map(([, length]) => length);
}

function matchesAt(alt: Alternative, forms: TokenForms, pos: number): boolean {
  if (pos + alt.length > forms.length) return false;
  return alt.every((test, k) => wordMatches(test, forms[pos + k]!));
}

/** Every match of a pattern: the token positions of its words, first match from each start. */
export function findMatches(pattern: CompiledPattern, forms: TokenForms, words?: TextWords): number[][] {
  const found: number[][] = [];
  if (words && !mayMatch(pattern, words)) return found;
  for (let start = 0; start < forms.length; start++) {
    const positions = matchFrom(pattern.terms, 0, start, forms);
    if (positions && positions.length > 0 && positions[0] === start) found.push(positions);
  }
  return found;
}

function matchFrom(terms: Term[], t: number, pos: number, forms: TokenForms): number[] | null {
  if (t === terms.length) return [];
  const term = terms[t]!;
  if (term.kind === 'gap') {
    for (let skip = 0; skip <= term.max && pos + skip <= forms.length; skip++) {
      const rest = matchFrom(terms, t + 1, pos + skip, forms);
      if (rest) return rest;
    }
    return null;
  }
  for (const length of termLengths(term, forms, pos)) {
    const rest = matchFrom(terms, t + 1, pos + length, forms);
    if (rest) return [...Array.from({ length }, (_, k) => pos + k), ...rest];
  }
  return term.optional ? matchFrom(terms, t + 1, pos, forms) : null;
}
