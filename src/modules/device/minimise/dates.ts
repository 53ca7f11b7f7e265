/**
 * Dates and times the case-file rules do not read: numeric dates in either day-month order
 * ("07/22/1975", "2023/11/02"), short years ("12 Mar 24"), month and year ("June 2021"), a
 * month on its own after "in", "since", "by"..., years after such words ("in 2019"), ordinal
 * days ("the 14th", "the 3rd of June"), German, French and Spanish month names ("1. April
 * 2023"), relative days and weeks ("next week", "tomorrow morning", "this weekend"), holidays
 * ("Thanksgiving"), and weekdays in the plural ("Sundays").
 */
import type { RuleSpan } from './identifiers.ts';

const MONTH_EN = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)`;
const MONTH_OTHER = `(?:januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)`;
const MONTH = `(?:${MONTH_EN}|${MONTH_OTHER})`;
const ORD = `(?:st|nd|rd|th|er|º)`;

function validDay(day: number, month: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const PATTERNS: Array<{
  re: RegExp;
  rule: string;
  check?: (m: RegExpMatchArray) => boolean;
  needsDigit?: boolean;
  needsMonth?: boolean;
}> = [
  {
    // 07/22/1975 or 22/07/1975, 3-12-24
    re: /(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)/g,
    rule: 'rule:date-numeric',
    needsDigit: true,
    check: (m) => {
      const a = Number(m[1]);
      const b = Number(m[3]);
      return validDay(a, b) || validDay(b, a);
    },
  },
  {
    // 2023/11/02, 2023.11.02
    re: /(?<![\w/.-])(?:19|20)\d{2}([/.])(\d{1,2})\1(\d{1,2})(?![\w/-]|\.\d)/g,
    rule: 'rule:date-numeric',
    needsDigit: true,
    check: (m) => validDay(Number(m[3]), Number(m[2])),
  },
  {
    // 12 Mar 24, 1. April 2023, 3 de marzo de 2024, 14 février 2024
    re: new RegExp(
      String.raw`(?<![\w])\d{1,2}(?:${ORD}|\.)?(?: de| of)? ${MONTH}(?:,? (?:de )?(?:'?\d{2}|\d{4}))?(?![\w])`,
      'giu',
    ),
    rule: 'rule:date-day-month',
    needsDigit: true,
    needsMonth: true,
  },
  {
    // Dec 24, 2023; March 3rd, 2024; Oct 10th 2021; June 2021; Sept. 2019; marzo de 2024
    re: new RegExp(
      String.raw`(?<![\w])${MONTH}(?: \d{1,2}${ORD}?)?(?:,? (?:de |of )?(?:19|20)\d{2})(?![\w])|(?<![\w])${MONTH} \d{1,2}${ORD}?(?![\w:])`,
      'giu',
    ),
    rule: 'rule:date-month-first',
    needsMonth: true,
  },
  {
    // a month alone, capitalised, after a preposition ("in September", "since January")
    re: /(?<=\b(?:in|since|until|till|by|from|to|of|during|before|after|early|late|mid|next|last|this|every|each|through)[ -])(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![\w])/g,
    rule: 'rule:date-month',
  },
  {
    // months that are never other words, capitalised, anywhere
    re: /(?<![\w])(?:January|February|September|October|November|December)(?![\w])/g,
    rule: 'rule:date-month',
  },
  {
    // in 2019, since 2020, from 2015 to 2019, the class of 2020
    re: /(?<=\b(?:in|since|from|until|till|to|by|of|during|before|after|circa|around|year|early|late|mid|and|between|through|as of)[ -])(?:19|20)\d{2}(?:s|'s)?(?![\w/-]|\.\d)/gi,
    rule: 'rule:date-year',
    needsDigit: true,
  },
  {
    // the 14th, the 3rd of June, the 21st of next month
    re: new RegExp(
      String.raw`(?<![\w])the \d{1,2}(?:st|nd|rd|th)(?: of ${MONTH}| of (?:this|next|last) month)?(?! (?:floor|century|time|place|row|street|st|avenue|ave|road|anniversary|birthday|edition|amendment|grade|round|minute|percentile|hole|lap|caller|person|day|year|week|generation)\b)(?![\w])`,
      'giu',
    ),
    rule: 'rule:date-ordinal',
    needsDigit: true,
  },
  {
    // the end of May, the beginning of next month
    re: new RegExp(
      String.raw`(?<![\w])(?:the )?(?:beginning|start|end|middle) of (?:${MONTH_EN}|(?:this|next|last|the) (?:week|month|year))(?![\w])`,
      'giu',
    ),
    rule: 'rule:date-relative',
  },
  {
    // next week, last year, this weekend, tomorrow morning, the day after tomorrow, in 3 days
    re: /(?<![\w])(?:(?:next|last|this|coming|past) (?:week|weekend|month|year|spring|summer|autumn|fall|winter|morning|afternoon|evening|night)|(?:tomorrow|today|yesterday|tonight|tmrw|tomoz|2moro) (?:morning|afternoon|evening|night|noon|lunchtime)|(?:noon|midnight|lunchtime|lunch) (?:tomorrow|today|tmrw)|the day (?:after|before) (?:tomorrow|yesterday)|(?:in|within) (?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few) (?:days?|weeks?|months?|years?)|(?:\d{1,2}|two|three|four|five|six) (?:months?|years?) ago|(?:this|next|last) (?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend)(?![\w])/gi,
    rule: 'rule:date-relative',
  },
  {
    re: /(?<![\w])(?:Christmas(?: Eve| Day)?|New Year's(?: Eve| Day)?|New Year|Easter(?: Sunday| Monday)?|Thanksgiving|Halloween|Valentine's Day|Boxing Day|Good Friday|Ramadan|Eid(?: al-Fitr| al-Adha)?|Diwali|Hanukkah|Passover|Labor Day|Labour Day|Memorial Day|Independence Day|Bastille Day|Canada Day|Australia Day|St\.? Patrick's Day)(?![\w])/g,
    rule: 'rule:date-holiday',
  },
  {
    re: /(?<![\w])(?:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays|weekends|weekdays)(?![\w])/gi,
    rule: 'rule:date-weekday',
  },
  {
    // Wed, Thu: weekdays written short with a capital
    re: /(?<![\w])(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?(?=,? \d)/g,
    rule: 'rule:date-weekday',
  },
];

/** A cheap test that a month may be named, before the patterns with month names are run. */
const MONTH_HINT =
  /jan|j[äa]n|feb|f[ée]v|mar|m[äa]r|apr|avr|abr|ma[iy]|mag|jun|jui|giu|jul|lug|aug|ao[ûu]|ago|sep|set|oct|okt|ott|nov|dec|d[ée]z|d[ée]c|dic|ene|gen/i;

/** Dates the case-file rules miss, each with its rule. */
export function findMoreDates(text: string): RuleSpan[] {
  const out: RuleSpan[] = [];
  const digits = /\d/.test(text);
  const month = MONTH_HINT.test(text);
  for (const { re, rule, check, needsDigit, needsMonth } of PATTERNS)
    if ((digits || !needsDigit) && (month || !needsMonth))
      for (const m of text.matchAll(re))
        if (!check || check(m)) out.push({ type: 'DATE', start: m.index, end: m.index + m[0].length, rule });
  return out;
}

/** What may stand between two parts of one date or time ("Wed, 13 Mar", "tomorrow at 5pm"). */
const JOIN = /^(?:,? |, ?| at | @ | on | - |–|, at )$/i;
/** Words before a date that belong to it ("the night of March 3", "end of day Friday"). */
const LEAD =
  /(?:\bthe )?\b(?:night|morning|evening|afternoon|weekend|week|end|start|beginning|middle) of (?:day )?$/i;
/** A bare hour after "at" following a day ("saturday at 8"). */
const BARE_HOUR = /^ at \d{1,2}(?::\d{2})?(?: ?o'clock)?(?![\w:])/i;

/**
 * Joins date spans that are parts of one date ("Wed, 13 Mar 2024 09:00", "tomorrow at 5pm")
 * and takes a bare hour after "at" into the day before it. Spans must be sorted and disjoint.
 */
export function joinDates<T extends { type: string; start: number; end: number; rule: string }>(
  text: string,
  spans: readonly T[],
): T[] {
  const out: T[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.type === 'DATE' && s.type === 'DATE' && JOIN.test(text.slice(last.end, s.start))) {
      out[out.length - 1] = { ...last, end: s.end };
      continue;
    }
    out.push({ ...s });
  }
  for (const [i, s] of out.entries()) {
    if (s.type !== 'DATE') continue;
    const lead = LEAD.exec(text.slice(Math.max(0, s.start - 24), s.start));
    if (lead && (i === 0 || out[i - 1]!.end <= s.start - lead[0].length)) s.start -= lead[0].length;
    const m = BARE_HOUR.exec(text.slice(s.end, s.end + 16));
    const next = out[i + 1];
    if (m && (!next || next.start >= s.end + m[0].length)) s.end += m[0].length;
  }
  return out;
}
