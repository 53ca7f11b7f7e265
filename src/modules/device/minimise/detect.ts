import {
  decodeSentence,
  defaultModel,
  type Found,
  findAddresses,
  findBankDetails,
  findDates,
  findEmails,
  findImeisAndCards,
  findIpAddresses,
  findPhones,
  findPostcodes,
  findRegistrationMarks,
  findTimes,
  findTitledNames,
  sentences,
  spansFromTags,
  type Token,
  tokenize,
} from '../../pole/index.ts';
import { findNamedStreets, findPostalCodes, findWorldAddresses } from './addresses.ts';
import { findMoreDates, joinDates } from './dates.ts';
import {
  findBankAccounts,
  findBirthDates,
  findIbans,
  findInformalDates,
  findNhsNumbers,
  findNiNumbers,
  findStreetAddresses,
  type RuleSpan,
} from './identifiers.ts';
import { ORGANISATIONS, PLACES, GIVEN_NAMES as UK_GIVEN_NAMES, SURNAMES as UK_SURNAMES } from './lexicon.ts';
import { findFullNames, findSurnamePairs, WORLD_GIVEN_NAMES, WORLD_SURNAMES } from './names.ts';
import { findOrganisations } from './organisations.ts';
import { findWorldPhones } from './phones.ts';
import { findWorldPlaces, isPlaceName } from './places.ts';

/** Given names and surnames: the British lists and those of many cultures. */
const GIVEN_NAMES: ReadonlySet<string> = new Set([...UK_GIVEN_NAMES, ...WORLD_GIVEN_NAMES]);
const SURNAMES: ReadonlySet<string> = new Set([...UK_SURNAMES, ...WORLD_SURNAMES]);

/** Days and months, which (like places) are never the names in a firm's name. */
const CALENDAR_WORDS = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(
    ' ',
  ),
);
/** Whether a word cannot be one of the names in a firm's name: a place, a UK town, a day or a month. */
function notOrganisationName(word: string): boolean {
  return isPlaceName(word) || PLACES.has(word) || CALENDAR_WORDS.has(word);
}

/** The kinds of personal data the minimiser hides. */
export const SPAN_TYPES = [
  'PERSON',
  'LOCATION',
  'ADDRESS',
  'PHONE',
  'EMAIL',
  'CARD',
  'IBAN',
  'BANK_ACCOUNT',
  'IP',
  'IMEI',
  'DATE',
  'POSTCODE',
  'VEHICLE',
  'NI_NUMBER',
  'NHS_NUMBER',
  'ORGANISATION',
] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

/** A piece of personal data: its type and UTF-16 offsets [start, end) in the text. */
export interface Span {
  type: SpanType;
  start: number;
  end: number;
  text: string;
}

/** A span with the rule or model that found it (for the README's accounting and for debugging). */
export interface FoundSpan extends Span {
  foundBy: string;
}

/** Longest message text read, in UTF-16 code units; longer text is cut into pieces of this size. */
export const MAX_TEXT = 100_000;

const KIND_TYPES: Partial<Record<Found['kind'], SpanType>> = {
  email: 'EMAIL',
  'ip-address': 'IP',
  imei: 'IMEI',
  'payment-card': 'CARD',
  'sort-code': 'BANK_ACCOUNT',
  'account-number': 'BANK_ACCOUNT',
  phone: 'PHONE',
  postcode: 'POSTCODE',
  'registration-mark': 'VEHICLE',
  address: 'ADDRESS',
};

function fromFound(found: readonly Found[]): RuleSpan[] {
  return found.flatMap((f) => {
    const type = KIND_TYPES[f.kind];
    return type ? [{ type, start: f.start, end: f.end, rule: f.foundBy }] : [];
  });
}

/** Postcodes in any case: the case-file rule run over the text in capitals (same offsets). */
function anyCasePostcodes(text: string): RuleSpan[] {
  const upper = text.toUpperCase();
  return fromFound(findPostcodes(upper.length === text.length ? upper : text));
}

/** Any date: relative days are found only against one, and their resolution is not used here. */
const REFERENCE_DATE = new Date(Date.UTC(2024, 0, 1));

/** Dates (absolute and relative) and times of day, a time next to a date joined to it. */
function datesAndTimes(text: string): RuleSpan[] {
  // "on Tuesday": the day is the date, "on" is not
  const dates = findDates(text, REFERENCE_DATE).map((d) => ({
    type: 'DATE',
    start: /^on /i.test(text.slice(d.start, d.end)) ? d.start + 3 : d.start,
    end: d.end,
    rule: 'rule:date',
  }));
  // "9pm." keeps its full stop only as the sentence's, not the time's
  const times = findTimes(text).map((t) => ({
    type: 'DATE',
    start: t.start,
    end: text[t.end - 1] === '.' && /^m\.$/i.test(text.slice(t.end - 2, t.end)) ? t.end - 1 : t.end,
    rule: 'rule:time',
  }));
  return [...dates, ...times];
}

const NER_TYPES: Record<string, SpanType> = { PER: 'PERSON', LOC: 'LOCATION', ORG: 'ORGANISATION' };

/** People, places and organisations from the statistical recogniser, sentence by sentence. */
function recognised(text: string): RuleSpan[] {
  const model = defaultModel();
  const rule = `model:${model.info.version}`;
  const out: RuleSpan[] = [];
  for (const sentence of sentences(text)) {
    const tokens = sentence.tokens.map((t) => t.text);
    for (const s of spansFromTags(decodeSentence(model, tokens).tags)) {
      // a place or organisation the recogniser finds starting with a listed given name is a person
      const type = GIVEN_NAMES.has(tokens[s.start]!.toLowerCase()) ? 'PERSON' : NER_TYPES[s.type];
      if (type)
        out.push({
          type,
          start: sentence.tokens[s.start]!.start,
          end: sentence.tokens[s.end - 1]!.end,
          rule,
        });
    }
  }
  return out;
}

/** Titled names ("Mr Smith", "DS Jones") by the case-file rule, the title left visible. */
function titledNames(text: string): RuleSpan[] {
  return findTitledNames(text).map((t) => ({
    type: 'PERSON',
    start: t.nameStart,
    end: t.end,
    rule: 'rule:title-name',
  }));
}

/**
 * Names, places and organisations from the word lists in any case: a given name with a surname
 * after it when there is one ("dave smith"), a known town, a known organisation.
 */
function listedNames(tokens: readonly Token[]): RuleSpan[] {
  const out: RuleSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const word = t.text.toLowerCase();
    const next = tokens[i + 1];
    const joined = next !== undefined && next.start === t.end + 1 && /^\p{L}/u.test(next.text);
    if (GIVEN_NAMES.has(word)) {
      const withSurname = joined && SURNAMES.has(next.text.toLowerCase());
      out.push({
        type: 'PERSON',
        start: t.start,
        end: withSurname ? next.end : t.end,
        rule: 'lexicon:given-names',
      });
      if (withSurname) i++;
    } else if (KIN.has(word) && joined && !COMMON.has(next.text.toLowerCase())) {
      out.push({ type: 'PERSON', start: t.start, end: next.end, rule: 'lexicon:kin-name' });
      i++;
    }
  }
  return out;
}

/** Towns and organisations from the word lists, in any case. */
function listedPlaces(tokens: readonly Token[]): RuleSpan[] {
  return tokens.flatMap((t) => {
    const word = t.text.toLowerCase();
    if (PLACES.has(word)) return [{ type: 'LOCATION', start: t.start, end: t.end, rule: 'lexicon:places' }];
    if (ORGANISATIONS.has(word))
      return [{ type: 'ORGANISATION', start: t.start, end: t.end, rule: 'lexicon:organisations' }];
    return [];
  });
}

/** Words that name a person by kinship or nickname before the name itself ("aunty pam", "big tony"). */
const KIN = new Set([
  'aunty',
  'auntie',
  'uncle',
  'cousin',
  'nan',
  'nanna',
  'grandad',
  'grandma',
  'big',
  'lil',
  'little',
]);
/** Words after a kinship word that are not names ("big man", "little bit"). */
const COMMON = new Set(
  'a an the and or but man men bro boy boys girl girls one ones bit lot thing things deal time day guy guys brother sister sis mum dad is was has had and to of in on at for me you u him her them it that this not no so too very'.split(
    ' ',
  ),
);

/**
 * Every finder, most certain first: a later span overlapping an earlier one is dropped. Checked
 * identifiers come before looser patterns, and the rules before the recogniser and word lists.
 */
function candidates(text: string): RuleSpan[] {
  const tokens = tokenize(text);
  return [
    ...fromFound(findEmails(text)),
    ...findIbans(text),
    ...fromFound(findIpAddresses(text)),
    ...fromFound(findImeisAndCards(text)),
    ...findNhsNumbers(text),
    ...findNiNumbers(text),
    ...fromFound(findBankDetails(text)),
    ...findBankAccounts(text),
    ...fromFound(findPhones(text)),
    ...findWorldPhones(text),
    ...findBirthDates(text),
    ...findWorldAddresses(text),
    ...findNamedStreets(text),
    ...findOrganisations(text, tokens, notOrganisationName, (w) => GIVEN_NAMES.has(w)),
    ...findWorldPlaces(text, GIVEN_NAMES, tokens),
    ...findFullNames(text, GIVEN_NAMES, isPlaceName, tokens),
    ...fromFound(findAddresses(text)),
    ...findStreetAddresses(text),
    ...anyCasePostcodes(text),
    ...findPostalCodes(text),
    ...fromFound(findRegistrationMarks(text)),
    ...findMoreDates(text),
    ...datesAndTimes(text),
    ...findInformalDates(text),
    ...titledNames(text),
    ...listedPlaces(tokens),
    ...recognised(text),
    ...findSurnamePairs(text, SURNAMES, isPlaceName, tokens),
    ...listedNames(tokens),
  ];
}

/** Types whose overlapping finds are joined into one span rather than the later one dropped. */
const JOINED_TYPES = new Set(['DATE', 'ADDRESS']);

/**
 * The first of overlapping finds kept; but a date or address overlapping only finds of its own
 * type is joined with them ("Saturday" and "9 September 2023" found by two rules).
 */
function keepFirst(found: readonly RuleSpan[]): RuleSpan[] {
  const kept: RuleSpan[] = [];
  for (const f of found) {
    if (f.end <= f.start) continue;
    const overlapping = kept.filter((k) => f.start < k.end && f.end > k.start);
    if (overlapping.length === 0) kept.push({ ...f });
    else if (JOINED_TYPES.has(f.type) && overlapping.every((k) => k.type === f.type)) {
      const first = overlapping[0]!;
      first.start = Math.min(f.start, ...overlapping.map((k) => k.start));
      first.end = Math.max(f.end, ...overlapping.map((k) => k.end));
      for (const k of overlapping.slice(1)) kept.splice(kept.indexOf(k), 1);
    }
  }
  return kept;
}

/** Personal data in one piece of text, with the rule or model that found each span. */
function detectPiece(text: string, offset: number): FoundSpan[] {
  const kept = keepFirst(candidates(text)).sort((a, b) => a.start - b.start);
  return joinDates(text, kept).map((s) => ({
    type: s.type as SpanType,
    start: s.start + offset,
    end: s.end + offset,
    text: text.slice(s.start, s.end),
    foundBy: s.rule,
  }));
}

/** Like `detect`, each span also saying which rule ("rule:iban-mod97") or model found it. */
export function detectWithRules(text: string): FoundSpan[] {
  const out: FoundSpan[] = [];
  for (let offset = 0; offset < text.length || offset === 0; offset += MAX_TEXT) {
    out.push(...detectPiece(text.slice(offset, offset + MAX_TEXT), offset));
    if (text.length === 0) break;
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Personal data in a message: non-overlapping spans sorted by start, offsets in UTF-16 code units.
 * Text longer than MAX_TEXT is read in pieces of that size.
 */
export function detect(text: string): Span[] {
  return detectWithRules(text).map(({ type, start, end, text: t }) => ({ type, start, end, text: t }));
}
