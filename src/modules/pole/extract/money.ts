import type { Found } from './types.ts';

const SYMBOLS: Record<string, string> = { '£': 'GBP', $: 'USD', '€': 'EUR' };
const WORDS: Record<string, string> = {
  pound: 'GBP',
  pounds: 'GBP',
  quid: 'GBP',
  gbp: 'GBP',
  euro: 'EUR',
  euros: 'EUR',
  dollars: 'USD',
  usd: 'USD',
  eur: 'EUR',
  grand: 'GBP',
  k: 'GBP',
};
const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  grand: 1e3,
  thousand: 1e3,
  m: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

const SYMBOL_AMOUNT =
  /([£$€])\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s?(k|m|bn|thousand|million|billion)?\b/gi;
const WORD_AMOUNT =
  /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?\s?(thousand|million|grand|k)?\s?(pounds|pound|quid|gbp|euros|euro|eur|dollars|usd)\b|(?<![\w.,])(\d+)\s?(grand)\b/gi;

/** Money amounts with a currency symbol or word ("£1,200.50", "£2.5m", "300 quid"), as "GBP 1200.50". */
export function findMoney(text: string): Found[] {
  const out: Found[] = [];
  const push = (start: number, written: string, currency: string, amount: number) =>
    out.push({
      category: 'object',
      kind: 'money',
      text: written,
      value: `${currency} ${amount.toFixed(2)}`,
      start,
      end: start + written.length,
      confidence: 0.95,
      foundBy: 'rule:money',
      attributes: { currency, amount },
    });
  for (const m of text.matchAll(SYMBOL_AMOUNT)) {
    const base = Number(m[2]!.replace(/,/g, '') + (m[3] ?? ''));
    push(m.index!, m[0].trimEnd(), SYMBOLS[m[1]!]!, base * (MULTIPLIERS[(m[4] ?? '').toLowerCase()] ?? 1));
  }
  for (const m of text.matchAll(WORD_AMOUNT)) {
    if (out.some((f) => m.index! < f.end && m.index! + m[0].length > f.start)) continue;
    if (m[5]) {
      push(m.index!, m[0], 'GBP', Number(m[5]) * 1000);
      continue;
    }
    const base = Number(m[1]!.replace(/,/g, '') + (m[2] ?? ''));
    const unit = (m[3] ?? '').toLowerCase();
    push(m.index!, m[0], WORDS[m[4]!.toLowerCase()]!, base * (MULTIPLIERS[unit] ?? 1));
  }
  return out;
}
