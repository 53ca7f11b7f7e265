import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { cardScheme, luhn, maskCard } from './checksums.ts';
import type { Found } from './types.ts';

const digitsOf = (s: string) => s.replace(/\D/g, '');
const fingerprint = (digits: string) => createHash('sha256').update(digits).digest('hex').slice(0, 16);

/** Runs of 12-19 digits, whole or grouped by single spaces or hyphens. */
const DIGIT_RUN = /(?<![\w.+-])\d{2,19}(?:[ -]\d{1,8}){0,5}(?![\w]|[.,]\d)/g;

/**
 * IMEIs (15 digits, Luhn-checked; 3GPP TS 23.003) and payment cards (12-19 digits, a known
 * issuer prefix and Luhn-checked; ISO/IEC 7812). A 15-digit number starting 34 or 37 is an
 * American Express card unless "IMEI" stands before it. Cards are shown masked.
 */
export function findImeisAndCards(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = digitsOf(m[0]);
    if (digits.length < 12 || digits.length > 19 || !luhn(digits)) continue;
    const start = m.index!;
    const end = start + m[0].length;
    const saysImei = /\bimei\b[^.\n]{0,20}$/i.test(text.slice(Math.max(0, start - 30), start));
    const scheme = cardScheme(digits);
    if (digits.length === 15 && (saysImei || !scheme)) {
      out.push({
        category: 'object',
        kind: 'imei',
        text: m[0],
        value: digits,
        start,
        end,
        confidence: saysImei ? 0.99 : 0.95,
        foundBy: 'rule:imei-luhn',
        attributes: { typeAllocationCode: digits.slice(0, 8) },
      });
    } else if (scheme) {
      out.push({
        category: 'object',
        kind: 'payment-card',
        text: m[0],
        value: maskCard(digits),
        start,
        end,
        confidence: 0.97,
        foundBy: 'rule:card-luhn',
        attributes: { scheme, last4: digits.slice(-4), fingerprint: fingerprint(digits) },
      });
    }
  }
  return out;
}

const PHONE = /(?<![\w+])(?:\+|00)\d[\d ().-]{6,20}\d(?![\d])|(?<![\w])\(?0\d[\d ()-]{7,16}\d(?![\d])/g;

/** The longest prefix of a candidate (cut at separators) that parses as a valid phone number. */
function bestPrefix(candidate: string): { length: number; e164: string; country: string } | null {
  const cuts = [candidate.length];
  for (let i = candidate.length - 1; i > 0; i--) if (/[ ().-]/.test(candidate[i]!)) cuts.push(i);
  for (const cut of cuts) {
    const part = candidate.slice(0, cut).trimEnd();
    const digits = digitsOf(part);
    if (digits.length < 9 || digits.length > 15) continue;
    if (part.startsWith('0') && !part.startsWith('00') && digits.length > 11) continue;
    const parsed = parsePhoneNumberFromString(part.replace(/^00/, '+').replace('(0)', ''), 'GB');
    if (!parsed) continue;
    const ukPossible =
      parsed.countryCallingCode === '44' && parsed.isPossible() && /^(7|1|2|3)/.test(parsed.nationalNumber);
    if (parsed.isValid() || ukPossible)
      return {
        length: part.length,
        e164: parsed.number,
        country: parsed.country ?? parsed.countryCallingCode,
      };
  }
  return null;
}

/** Phone numbers, UK and international, normalised to E.164 (libphonenumber-js metadata). */
export function findPhones(text: string): Found[] {
  const out: Found[] = [];
  const pattern = new RegExp(PHONE.source, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const best = bestPrefix(m[0]);
    if (!best) continue;
    const phoneText = m[0].slice(0, best.length);
    out.push({
      category: 'object',
      kind: 'phone',
      text: phoneText,
      value: best.e164,
      start: m.index,
      end: m.index + phoneText.length,
      confidence: 0.95,
      foundBy: 'rule:phone',
      attributes: { country: best.country },
    });
    // the rest of the run may hold another number
    pattern.lastIndex = m.index + phoneText.length;
  }
  return out;
}

const SORT_CODE = /(?<![\w-])(\d{2})[- ](\d{2})[- ](\d{2})(?![\w-])|(?<![\w-])(\d{6})(?![\w-])/g;
const ACCOUNT = /(?<![\w-])(\d{8})(?![\w-])/g;

/**
 * Bank sort codes ("12-34-56") and account numbers (8 digits), found where the text names them
 * ("sort code", "account", "a/c") within the 40 characters before.
 */
export function findBankDetails(text: string): Found[] {
  const out: Found[] = [];
  const before = (start: number) => text.slice(Math.max(0, start - 40), start);
  for (const m of text.matchAll(SORT_CODE)) {
    if (!/\b(sort ?code|s\/c|sc)\b/i.test(before(m.index!))) continue;
    const digits = digitsOf(m[0]);
    out.push({
      category: 'object',
      kind: 'sort-code',
      text: m[0],
      value: `${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4)}`,
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.9,
      foundBy: 'rule:sort-code',
      attributes: {},
    });
  }
  for (const m of text.matchAll(ACCOUNT)) {
    if (!/\b(account|acc(t)?\.?|a\/c)\b/i.test(before(m.index!))) continue;
    out.push({
      category: 'object',
      kind: 'account-number',
      text: m[0],
      value: m[0],
      start: m.index!,
      end: m.index! + m[0].length,
      confidence: 0.85,
      foundBy: 'rule:account-number',
      attributes: {},
    });
  }
  return out;
}
