/**
 * Identifiers the case-file extractor does not look for: IBANs, National Insurance numbers, NHS
 * numbers, plain bank account numbers, dates of birth and street addresses written in lower case.
 * Each finder returns spans with the rule that found them.
 */

/** A span found by one rule, before the types are reconciled. */
export interface RuleSpan {
  type: string;
  start: number;
  end: number;
  rule: string;
}

/** Length of each country's IBAN (ISO 13616 registry), for the countries most often seen in the UK. */
const IBAN_LENGTHS: Record<string, number> = {
  GB: 22,
  IE: 22,
  DE: 22,
  FR: 27,
  ES: 24,
  IT: 27,
  NL: 18,
  BE: 16,
  PT: 25,
  PL: 28,
  RO: 24,
  LT: 20,
  LV: 21,
  EE: 20,
  CH: 21,
  AT: 20,
  DK: 18,
  FI: 18,
  SE: 24,
  NO: 15,
  LU: 20,
  CZ: 24,
  SK: 24,
  HU: 28,
  BG: 22,
  HR: 21,
  GR: 27,
  CY: 28,
  MT: 31,
  SI: 19,
  TR: 26,
  AL: 28,
  GI: 23,
  IS: 26,
  LI: 21,
  MC: 27,
  SM: 27,
  AD: 24,
  AE: 23,
  SA: 24,
  QA: 29,
  KW: 30,
  BH: 22,
  JO: 30,
  IL: 23,
  PK: 24,
  UA: 29,
  RS: 22,
  BA: 20,
  ME: 22,
  MK: 19,
  MD: 24,
  GE: 22,
  AZ: 28,
  KZ: 20,
  BR: 29,
  MU: 30,
  TN: 24,
  EG: 29,
};

/**
 * The ISO 7064 MOD 97-10 check of an IBAN (ISO 13616-1, section 7): the first four characters
 * moved to the end, letters replaced by 10..35, the number taken modulo 97 must be 1.
 */
export function ibanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length !== undefined && length !== iban.length) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of moved) {
    const value = c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{1,4}){3,8}(?![A-Za-z0-9])/g;

/** IBANs, compact or in groups of four, that pass the MOD 97-10 check (longest valid prefix). */
export function findIbans(text: string): RuleSpan[] {
  const out: RuleSpan[] = [];
  for (const m of text.matchAll(IBAN)) {
    const groups = m[0].split(/(?=[ -])/);
    for (let n = groups.length; n >= 1; n--) {
      const candidate = groups.slice(0, n).join('');
      if (ibanValid(candidate.replace(/[ -]/g, ''))) {
        out.push({ type: 'IBAN', start: m.index, end: m.index + candidate.length, rule: 'rule:iban-mod97' });
        break;
      }
    }
  }
  return out;
}

/**
 * UK National Insurance numbers (HMRC National Insurance Manual NIM39110): two prefix letters
 * (first not D, F, I, Q, U or V; second not D, F, I, O, Q, U or V; never BG, GB, KN, NK, NT, TN or
 * ZZ), six digits, and a suffix A-D, in any case and with or without spaces.
 */
const NI_NUMBER =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/gi;
const NI_NEVER = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** National Insurance numbers ("QQ 12 34 56 C", "ab123456c"). */
export function findNiNumbers(text: string): RuleSpan[] {
  return [...text.matchAll(NI_NUMBER)]
    .filter((m) => !NI_NEVER.has(m[1]!.toUpperCase()))
    .map((m) => ({ type: 'NI_NUMBER', start: m.index, end: m.index + m[0].length, rule: 'rule:ni-number' }));
}

/**
 * The NHS number check digit (NHS Data Dictionary, "NHS Number"): the first nine digits weighted
 * 10 down to 2, the check digit is 11 minus the sum modulo 11 (11 reads as 0; 10 is never issued).
 */
export function nhsValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits.charCodeAt(9) - 48;
}

const NHS = /(?<![\w+-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w-]|[.,]\d)/g;
const PHONE_CONTEXT =
  /\b(?:call|phone|tel|telephone|mobile|cell|ring|text|fax|number|desk|reach|contact)\b[^\n]{0,20}$/i;
const NHS_CONTEXT = /\b(nhs|health|patient|hospital|gp|nhs no|nhs number)\b/i;

/**
 * NHS numbers: ten digits as 3-3-4 (spaces, hyphens or none) with a valid check digit. A number
 * starting 0 is a UK phone number unless the words before speak of the NHS or health.
 */
export function findNhsNumbers(text: string): RuleSpan[] {
  const out: RuleSpan[] = [];
  for (const m of text.matchAll(NHS)) {
    const digits = m[1]! + m[3]! + m[4]!;
    if (!nhsValid(digits)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (digits.startsWith('0') && !NHS_CONTEXT.test(before)) continue;
    // a number grouped 3-3-4 after words about calling is a phone number unless the NHS is named
    if (PHONE_CONTEXT.test(before) && !NHS_CONTEXT.test(before)) continue;
    out.push({ type: 'NHS_NUMBER', start: m.index, end: m.index + m[0].length, rule: 'rule:nhs-mod11' });
  }
  return out;
}

const ACCOUNT = /(?<![\w-])\d{8}(?![\w-])|(?<![\w-])\d{4} \d{4}(?![\w-])/g;
const SORT_CODE = /(?<![\w-])\d{2}([- ]?)\d{2}\1\d{2}(?![\w-])/g;
const BANK_CONTEXT =
  /\b(acc(oun)?t?s?|acct|a\/c|ac no|bank|banking|sort ?code|s\/c|sc|transfer|pay(ment)?|bacs|iban)\b/i;

/**
 * Plain UK bank account numbers (eight digits) and sort codes (six digits, paired or whole) where
 * words about a bank, an account or a transfer stand within the 60 characters before.
 */
export function findBankAccounts(text: string): RuleSpan[] {
  const out: RuleSpan[] = [];
  const near = (start: number) => BANK_CONTEXT.test(text.slice(Math.max(0, start - 60), start));
  for (const m of text.matchAll(ACCOUNT))
    if (near(m.index))
      out.push({
        type: 'BANK_ACCOUNT',
        start: m.index,
        end: m.index + m[0].length,
        rule: 'rule:account-number',
      });
  for (const m of text.matchAll(SORT_CODE))
    if (near(m.index))
      out.push({ type: 'BANK_ACCOUNT', start: m.index, end: m.index + m[0].length, rule: 'rule:sort-code' });
  return out;
}

const STREET_WORDS =
  'street|st|road|rd|lane|ln|avenue|ave|close|drive|way|crescent|court|place|terrace|gardens|grove|hill|row|walk|square|parade|mews|rise|green|park|estate|view|gate|fields';
const STREET = new RegExp(
  String.raw`(?<![\w:.])(?:(?:flat|apt|apartment|unit) ?\d+[a-z]?,? )?\d{1,4}[a-z]?,? (?:(?!(?:at|to|in|on|and|or|for|from|by|is|are|was|with|of|departs|leaves|closes|opens|minutes|mins|hours|people|items|times)\b)[a-z'’]+ ){1,3}(?:${STREET_WORDS})\b(?:,? (?!and\b|but\b|then\b|at\b|tomorrow\b|tonight\b|later\b|innit\b|mate\b)[a-z]{3,}(?= *(?:[,.!?\n]|$)))?`,
  'gi',
);

/**
 * Street addresses with a house number in any case ("12 church lane", "flat 4 22 Kings Rd"):
 * a number, one to three words and a street word, with a town after it when it ends the clause.
 */
export function findStreetAddresses(text: string): RuleSpan[] {
  return [...text.matchAll(STREET)].map((m) => ({
    type: 'ADDRESS',
    start: m.index,
    end: m.index + m[0].length,
    rule: 'rule:street-address',
  }));
}

const DOB =
  /\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?|birthday(?: is)?)[:\s-]*((?:\d{1,2}(?:st|nd|rd|th)?[/.\- ](?:\d{1,2}|[a-z]{3,9})[/.\- ]\d{2,4})|(?:[a-z]{3,9} \d{1,2}(?:st|nd|rd|th)?,? \d{4})|\d{1,2}(?:st|nd|rd|th)? (?:of )?[a-z]{3,9})/gi;

/** Dates of birth after "DOB", "born", "date of birth" or "birthday", in any common spelling. */
export function findBirthDates(text: string): RuleSpan[] {
  return [...text.matchAll(DOB)].map((m) => {
    const start = m.index + m[0].length - m[1]!.length;
    return { type: 'DATE', start, end: m.index + m[0].length, rule: 'rule:date-of-birth' };
  });
}

const INFORMAL_DATE =
  /(?<![\w])(?:(?:tmrw|tmr|tomoz|tomorow|tomorrow|2moro|2morrow|2day|tonite|2nite|yday|yesterday)|(?:(?:this|next|last|on) )?(?:mon|tues?|wed|weds|thur|thurs|fri|sat|sun)(?: (?:night|morning|mornin|afternoon|eve|evening))?)(?![\w])/gi;

/** Informal days: "tmrw", "2moro", "tonite", "sat night", "next fri". */
export function findInformalDates(text: string): RuleSpan[] {
  return [...text.matchAll(INFORMAL_DATE)].map((m) => ({
    type: 'DATE',
    start: m.index,
    end: m.index + m[0].length,
    rule: 'rule:informal-date',
  }));
}
