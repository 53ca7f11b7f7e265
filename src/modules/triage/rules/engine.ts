import type { Lexicon, Rule } from '../lexicon/types.ts';
import { isEnglishWord } from '../text/dictionary.ts';
import { FuzzyIndex } from '../text/fuzzy.ts';
import { tokenize } from '../text/tokens.ts';
import { radicalCandidates } from '../text/welsh.ts';
import {
  type CompiledPattern,
  compilePattern,
  findMatches,
  literalWords,
  type TextWords,
  type TokenForms,
  textWords,
} from './pattern.ts';

/** A rule that fired on a text, with the words that fired it. */
export interface RuleHit {
  rule: Rule;
  lexicon: Lexicon;
  /** The words of the text at the matched positions, as written (lower case). */
  words: string[];
  /** Set when a word matched only as a one-letter typo of a lexicon word: "typed -> meant". */
  typos: string[];
}

interface CompiledRule {
  rule: Rule;
  patterns: CompiledPattern[];
  unless: CompiledPattern[];
  notWith: CompiledPattern[];
  alone: CompiledPattern[];
}

interface CompiledLexicon {
  lexicon: Lexicon;
  rules: CompiledRule[];
  fuzzy: FuzzyIndex;
  words: ReadonlySet<string>;
  negators: ReadonlySet<string>;
}

const NEGATION_WINDOW = 3;

/**
 * Runs lexicons over a text. Every lexicon runs on every text, whatever its language, so a
 * contact that switches between Welsh and English is read by both.
 */
export class RuleEngine {
  private readonly compiled: CompiledLexicon[];

  /**
   * @param knownWords words seen in the training contacts: these are never read as typos of a
   *   lexicon word ("flight" is not a typo of "fight"); nor is an English dictionary word
   *   ("alright" is not "alight"): a typo is only read into a word that is no word itself.
   */
  constructor(
    lexicons: readonly Lexicon[],
    private readonly knownWords: ReadonlySet<string> = new Set(),
  ) {
    this.compiled = lexicons.map(compileLexicon);
  }

  match(text: string): RuleHit[] {
    const tokens = tokenize(text);
    const hits: RuleHit[] = [];
    for (const lex of this.compiled) {
      const { forms, typoOf } = this.formsFor(tokens, lex);
      const words = textWords(forms);
      for (const { rule, patterns, unless, notWith, alone } of lex.rules) {
        if (notWith.some((p) => findMatches(p, forms, words).length > 0)) continue;
        const hit =
          firstMatch(patterns, unless, forms, words, tokens, lex.negators, rule.negatable === true) ??
          wholeMatch(alone, forms, words, tokens.length);
        if (!hit) continue;
        const typos = hit
          .filter((p) => typoOf.has(p))
          .map((p) => `${tokens[p]} -> ${typoOf.get(p)!.join('/')}`);
        hits.push({ rule, lexicon: lex.lexicon, words: hit.map((p) => tokens[p]!), typos });
      }
    }
    return hits;
  }

  private formsFor(tokens: string[], lex: CompiledLexicon) {
    const typoOf = new Map<number, string[]>();
    const forms: string[][] = tokens.map((token, i) => {
      const base = lex.lexicon.lang === 'cy' ? radicalCandidates(token) : englishForms(token);
      if (base.some((f) => lex.words.has(f)) || this.knownWords.has(token) || isEnglishWord(token))
        return base;
      const near = lex.fuzzy.near(token);
      if (near.length > 0) typoOf.set(i, near);
      return [...base, ...near];
    });
    return { forms: forms as TokenForms, typoOf };
  }
}

/** An English token and, for a dropped final g ("bleedin", "stranglin"), the full form. */
function englishForms(token: string): string[] {
  return token.length >= 5 && token.endsWith('in') ? [token, `${token}g`] : [token];
}

function firstMatch(
  patterns: CompiledPattern[],
  unless: CompiledPattern[],
  forms: TokenForms,
  words: TextWords,
  tokens: string[],
  negators: ReadonlySet<string>,
  negatable: boolean,
): number[] | null {
  let excluded: number[][] | null = null;
  for (const pattern of patterns) {
    for (const positions of findMatches(pattern, forms, words)) {
      // The unless phrases are only looked for once a pattern has matched.
      excluded ??= unless.flatMap((u) => findMatches(u, forms, words));
      if (excluded.some((span) => positions.some((p) => span.includes(p)))) continue;
      if (negatable && positions.some((p) => negatedBefore(tokens, p, negators))) continue;
      return positions;
    }
  }
  return null;
}

/** A match of one of the patterns that spans the whole text, first word to last. */
function wholeMatch(
  alone: CompiledPattern[],
  forms: TokenForms,
  words: TextWords,
  length: number,
): number[] | null {
  for (const pattern of alone)
    for (const positions of findMatches(pattern, forms, words))
      if (positions[0] === 0 && positions[positions.length - 1] === length - 1) return positions;
  return null;
}

function negatedBefore(tokens: string[], at: number, negators: ReadonlySet<string>): boolean {
  for (let i = Math.max(0, at - NEGATION_WINDOW); i < at; i++) if (negators.has(tokens[i]!)) return true;
  return false;
}

function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const rules = lexicon.rules.map((rule) => ({
    rule,
    patterns: rule.patterns.map(compilePattern),
    unless: (rule.unless ?? []).map(compilePattern),
    notWith: (rule.notWith ?? []).map(compilePattern),
    alone: (rule.alone ?? []).map(compilePattern),
  }));
  const fuzzy = new FuzzyIndex();
  const words = new Set<string>();
  for (const { patterns, alone } of rules) {
    for (const word of [...patterns, ...alone].flatMap(literalWords)) {
      words.add(word);
      fuzzy.add(word);
    }
  }
  return { lexicon, rules, fuzzy, words, negators: new Set(lexicon.negators) };
}
