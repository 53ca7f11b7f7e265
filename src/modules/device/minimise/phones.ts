/**
 * Phone numbers as written outside the UK, checked with libphonenumber-js (Google's
 * libphonenumber metadata): international numbers ("+33 1 23 45 67 89", "0049 30 1234567"),
 * North American numbers in their usual 3-3-4 grouping ("(415) 555-0134", "415.555.0134",
 * "1-800-275-2273", with "x123" or "ext. 204"), and national numbers valid in one of several
 * countries ("(02) 9876 5432", "06 12 34 56 78", "030 98765432").
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { RuleSpan } from './identifiers.ts';

/** Countries whose national formats are tried in turn (North American numbers are read by their shape). */
export const PHONE_REGIONS: readonly CountryCode[] = [
  'GB',
  'AU',
  'FR',
  'DE',
  'IE',
  'IT',
  'ES',
  'NL',
  'BE',
  'CH',
  'AT',
  'NZ',
  'IN',
  'ZA',
  'NG',
  'PL',
  'SE',
  'PT',
  'BR',
  'MX',
  'US',
];

const CANDIDATE =
  /(?<![\w+/.-])(?:\+|00)?\(?\d[\d ()./-]*\d(?: ?(?:x|ext\.?|extension) ?\d{1,5})?(?![\w]|[./-]\d)/gi;
const EXTENSION = / ?(?:x|ext\.?|extension) ?\d{1,5}$/i;
const NANP = /^(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;
const NOT_PHONE = [
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/, // 2024-03-12
  /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/, // 12.03.2024
  /^\d{4} ?- ?\d{4}$/, // 2015-2019
  /^\d{5}-\d{4}$/, // ZIP+4
  /^\d+\.\d+$/, // 45.5
  /^\d{1,3}(?:\.\d{1,3}){3}$/, // an IP address
  /(?:^|[ (])0\.\d/, // decimals: 0.525 / 0.575
  / \/ /, // figures set apart by slashes
];
const CONTEXT =
  /\b(?:call|calls|called|calling|phone|phoned|tel|telephone|mobile|mob|cell|ring|rang|text|txt|whatsapp|fax|number|no|contact|reach|dial|ph|line|hotline|helpline)\b[\s.:#-]*$/i;

/** Words right before a number that say it is to be called or messaged ("call me on", "messages to", "my registered"). */
const CALLED =
  /\b(?:(?:call|ring|text|txt|phone|reach|contact|sms|whatsapp|message|messages|dial|fax)(?: (?:me|us|him|her|them|back))?(?: (?:on|at|to))?|(?:number|no|phone|mobile|cell|tel|telephone|registered|landline)(?: (?:is|was))?)[\s.:#-]*$/i;

const digitsOf = (s: string) => s.replace(/\D/g, '');
/** Words before a number that make it a reference, not a phone number. */
const NOT_CONTEXT =
  /\b(?:ref|reference|order|invoice|tracking|parcel|account|acct|a\/c|nhs|serial|policy|case|ticket|booking|confirmation|customer|member|card|imei|id|iban|sort code)\b[\s.:#-]*(?:no\.?|number|num|#|is)?[\s.:#-]*$/i;

/** How one candidate reads as a phone number, or null: the rule that accepts it. */
function phoneRule(candidate: string, before: string): string | null {
  if (NOT_PHONE.some((re) => re.test(candidate))) return null;
  const digits = digitsOf(candidate.replace(EXTENSION, ''));
  if (digits.length < 7 || digits.length > 15) return null;
  const body = candidate.replace(EXTENSION, '');
  const grouped = /[ ().-]/.test(body);
  const context = CONTEXT.test(before);
  if (NOT_CONTEXT.test(before)) return null;
  if (/^(?:\+|00)/.test(body)) {
    const parsed = parsePhoneNumberFromString(body.replace(/^00/, '+').replace('(0)', ''));
    if (parsed?.isValid() || (parsed?.isPossible() && (grouped || context)))
      return 'rule:phone-international';
    return null;
  }
  if (NANP.test(body)) return 'rule:phone-nanp';
  // rule:phone-after-call-words: 7 to 12 digits in groups right after words about calling ("call me on 51 194 97 76")
  if (
    digits.length <= 12 &&
    /^\d[\d .-]*\d$/.test(body) &&
    !/^\d{3}-\d{2}-\d{4}$/.test(body) && // a US social security number's shape
    CALLED.test(before)
  )
    return 'rule:phone-after-call-words';
  if (!grouped && !context && !(body.startsWith('0') && digits.length >= 10)) return null;
  if (digits.length < 8 && !context) return null;
  // without a trunk prefix ("0", "(0") a national number needs words about calling before it
  if (!/^\(?0/.test(body) && !context) return null;
  if (digits.length > 12) return null;
  for (const region of PHONE_REGIONS) {
    const parsed = parsePhoneNumberFromString(body, region);
    if (parsed?.isValid()) return `rule:phone-national-${region}`;
  }
  return null;
}

/** The longest prefix of a run (cut where a separator stands) that reads as a phone number. */
function longestPhone(run: string, before: string): { length: number; rule: string } | null {
  const cuts = [run.length];
  for (let i = run.length - 1; i > 0; i--)
    if (/[ (./-]/.test(run[i]!) && /\d/.test(run[i - 1]!)) cuts.push(i);
  // only an international number is cut short: a national one is read whole or not at all
  if (!/^(?:\+|00)/.test(run)) cuts.length = 1;
  for (const cut of cuts) {
    const part = run.slice(0, cut).replace(/[ (./-]+$/, '');
    if (digitsOf(part).length < 7) break;
    const rule = phoneRule(part, before);
    if (rule) return { length: part.length, rule };
  }
  return null;
}

/** Phone numbers of many countries, each with the rule that accepted it. */
export function findWorldPhones(text: string): RuleSpan[] {
  const out: RuleSpan[] = [];
  if (!/\d(?:\D{0,3}\d){6}/.test(text)) return out;
  const pattern = new RegExp(CANDIDATE.source, 'gi');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    let found = longestPhone(m[0], before);
    // read from inside a longer run of digits ("4111 1111 1111 1112"), a number must show its form
    if (
      found &&
      /\d[ ().-]?$/.test(before) &&
      found.rule.startsWith('rule:phone-national') &&
      !/^[0(]/.test(m[0])
    )
      found = null;
    if (!found) {
      // a number may start inside the run ("row 12 0412 345 678"): read on from its next group
      const gap = m[0].search(/[ ()./-]\(?\d/);
      if (gap > 0) pattern.lastIndex = m.index + gap + 1;
      continue;
    }
    out.push({ type: 'PHONE', start: m.index, end: m.index + found.length, rule: found.rule });
    pattern.lastIndex = m.index + found.length;
  }
  return out;
}
