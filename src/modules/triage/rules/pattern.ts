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
  | { kind: 'word'; alternatives: Alternative[]; optional: boolean }
  | { kind: 'gap'; max: number };

export interface CompiledPattern {
  source: string;
  terms: Term[];
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
    terms.push({ kind: 'word', alternatives, optional });
  }
  const first = terms[0];
  const last = terms[terms.length - 1];
  if (!first || first.kind === 'gap' || !last || last.kind === 'gap') {
    throw new Error(`pattern "${source}": must start and end with a word`);
  }
  return { source, terms };
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

/** Lengths (in tokens) of the alternatives that match at `pos`. */
function termLengths(alternatives: Alternative[], forms: TokenForms, pos: number): number[] {
  const lengths: number[] = [];
  for (const alt of alternatives) {
    if (pos + alt.length > forms.length) continue;
    if (alt.every((test, k) => wordMatches(test, forms[pos + k]!))) lengths.push(alt.length);
  }
  return lengths;
}

/** Every match of a pattern: the token positions of its words, first match from each start. */
export function findMatches(pattern: CompiledPattern, forms: TokenForms): number[][] {
  const found: number[][] = [];
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
  for (const length of termLengths(term.alternatives, forms, pos)) {
    const rest = matchFrom(terms, t + 1, pos + length, forms);
    if (rest) return [...Array.from({ length }, (_, k) => pos + k), ...rest];
  }
  return term.optional ? matchFrom(terms, t + 1, pos, forms) : null;
}
