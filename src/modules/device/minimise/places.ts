/**
 * World places by name (gazetteer.ts): countries, states and provinces, and cities, as LOCATION.
 * Names that are also words or given names ("Jordan", "Nice", "Victoria") count only when
 * capitalised and not followed by another capitalised word ("Jordan Smith" is a person). A city
 * followed by a state or province code ("Austin, TX") is read with the code.
 */
import { type Token, tokenize } from '../../pole/index.ts';
import { AMBIGUOUS_PLACES, CITIES, COUNTRIES, REGION_CODES, REGIONS } from './gazetteer.ts';
import type { RuleSpan } from './identifiers.ts';

const BY_FIRST = new Map<string, string[][]>();
for (const name of [...COUNTRIES, ...REGIONS, ...CITIES]) {
  const toks = tokenize(name).map((t) => t.text.toLowerCase());
  if (toks.length === 0) continue;
  const list = BY_FIRST.get(toks[0]!) ?? [];
  if (!list.some((l) => l.join(' ') === toks.join(' '))) list.push(toks);
  list.sort((a, b) => b.length - a.length);
  BY_FIRST.set(toks[0]!, list);
}

const CAPITALISED = /^\p{Lu}/u;
const KNOWN_CITIES = new Set(CITIES);
const ALL_PLACES = new Set([...COUNTRIES, ...REGIONS, ...CITIES]);

/** Whether a word (lower case) is a listed country, state or city. */
export function isPlaceName(word: string): boolean {
  return ALL_PLACES.has(word);
}
/** Codes that are also English words in capitals ("IN", "OR", "ME"): read only before a ZIP code or a clause's end. */
const WORD_CODES = new Set([
  'IN',
  'OR',
  'ME',
  'OK',
  'HI',
  'ID',
  'LA',
  'DE',
  'PA',
  'MA',
  'CO',
  'SC',
  'AL',
  'ON',
  'SA',
  'WA',
  'NT',
  'ACT',
]);
const CITY_CODE = new RegExp(
  String.raw`(?<![\p{L}])(\p{Lu}[\p{Ll}\p{M}][\p{L}\p{M}'’.-]*(?: \p{Lu}[\p{Ll}\p{M}][\p{L}\p{M}'’.-]*){0,2}),? (${[...REGION_CODES].join('|')})(?![\p{L}\d])(?=( \d{4,5}|[,.;:!?)\n]|$)?)`,
  'gu',
);

/** A word in lower case without its accents ("Reykjavík" is listed as "reykjavik"). */
const plain = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const NON_ASCII = /[^ -~]/;

/** Countries, states and cities named in a text, each with its rule. */
const PLACE_WORDS =
  /\b(?:in|to|from|at|of|near|via|visit|visiting|across|around|outside|for|through|into)\s+$/i;

export function findWorldPlaces(
  text: string,
  givenNames: ReadonlySet<string>,
  tokens: readonly Token[] = tokenize(text),
): RuleSpan[] {
  const out: RuleSpan[] = [];
  for (const m of /\p{Lu}[\p{Ll}\p{M}]+,? [A-Z]{2}/u.test(text) ? text.matchAll(CITY_CODE) : []) {
    const zip = /^ \d/.test(m[3] ?? '');
    if (WORD_CODES.has(m[2]!) && !zip && !(m[3] !== undefined && KNOWN_CITIES.has(m[1]!.toLowerCase())))
      continue;
    const codeStart = m.index + m[0].length - m[2]!.length;
    out.push({ type: 'LOCATION', start: m.index, end: m.index + m[1]!.length, rule: 'rule:city-state' });
    out.push({ type: 'LOCATION', start: codeStart, end: codeStart + m[2]!.length, rule: 'rule:city-state' });
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (out.some((o) => t.start < o.end && t.end > o.start)) continue;
    const lower = t.text.toLowerCase();
    const list = BY_FIRST.get(lower) ?? (NON_ASCII.test(lower) ? BY_FIRST.get(plain(lower)) : undefined);
    if (!list) continue;
    for (const phrase of list) {
      const span = tokens.slice(i, i + phrase.length);
      const differs = (s: Token, k: number) =>
        s.text.toLowerCase() !== phrase[k] && plain(s.text) !== phrase[k];
      if (span.length < phrase.length || span.some(differs)) continue;
      // words of a name must follow one another with single spaces
      if (span.some((s, k) => k > 0 && s.start - span[k - 1]!.end > 1)) continue;
      const name = phrase.join(' ');
      // a place that is also a given name, after no word of place, is taken for the person
      if (givenNames.has(name) && !PLACE_WORDS.test(text.slice(Math.max(0, t.start - 12), t.start))) continue;
      if (AMBIGUOUS_PLACES.has(name)) {
        const next = tokens[i + phrase.length];
        const joined = next && next.start === span[span.length - 1]!.end + 1;
        if (!CAPITALISED.test(t.text) || (joined && CAPITALISED.test(next.text))) continue;
      }
      out.push({
        type: 'LOCATION',
        start: t.start,
        end: span[span.length - 1]!.end,
        rule: 'lexicon:world-places',
      });
      i += phrase.length - 1;
      break;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
