/**
 * Dates and times as written in police documents, resolved to ISO 8601 against the document's
 * date: absolute ("12/03/2024", "12th March 2024", "2024-03-12"), relative ("yesterday", "last
 * Tuesday", "three days ago", "last night"), and times ("2300hrs", "23:00", "11.30pm", "midnight").
 * Numeric dates are read day first, as in the UK.
 */

export interface DateMatch {
  start: number;
  end: number;
  /** YYYY-MM-DD, or null when the text gives no year and no document date is known. */
  date: string | null;
  relative: boolean;
}

export interface TimeMatch {
  start: number;
  end: number;
  time: string;
  approximate: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)`;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBERS: Record<string, number> = {
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date as YYYY-MM-DD when it exists. */
export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function fullYear(y: string, reference: Date | null): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  const century = reference ? Math.floor(reference.getUTCFullYear() / 100) * 100 : 2000;
  const candidate = century + n;
  return reference && candidate > reference.getUTCFullYear() + 1 ? candidate - 100 : candidate;
}

function shift(reference: Date, days: number): string {
  const d = new Date(reference.getTime() + days * 86400000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const ABSOLUTE: Array<{ re: RegExp; read: (m: RegExpMatchArray, ref: Date | null) => string | null }> = [
  {
    re: /(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w/-]|\.\d)/g,
    read: (m) => isoDate(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  {
    re: /(?<![\w/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\w/-]|\.\d)/g,
    read: (m, ref) => isoDate(fullYear(m[3]!, ref), Number(m[2]), Number(m[1])),
  },
  {
    re: new RegExp(
      String.raw`(?<![\w])(\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}(?:,? (\d{4}))?(?![\w])`,
      'gi',
    ),
    read: (m, ref) => withYear(m[3], ref, monthOf(m[2]!), Number(m[1])),
  },
  {
    re: new RegExp(String.raw`(?<![\w])${MONTH} (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?(?![\w])`, 'gi'),
    read: (m, ref) => withYear(m[3], ref, monthOf(m[1]!), Number(m[2])),
  },
];

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** A day and month without a year take the latest such date on or before the document date. */
function withYear(year: string | undefined, ref: Date | null, month: number, day: number): string | null {
  if (year) return isoDate(Number(year), month, day);
  if (!ref) return null;
  const y = ref.getUTCFullYear();
  const same = isoDate(y, month, day);
  if (same && same <= shift(ref, 0)) return same;
  return isoDate(y - 1, month, day);
}

const RELATIVE =
  /(?<![\w])(?:(the day before yesterday|yesterday|today|tonight|last night|this (?:morning|afternoon|evening))|(last|this|on|next)? ?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?: (morning|afternoon|evening|night))?|(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten) (days?|weeks?) ago)(?![\w])/gi;

function relative(m: RegExpMatchArray, ref: Date): string {
  const fixed = m[1]?.toLowerCase();
  if (fixed) {
    if (fixed === 'yesterday' || fixed === 'last night') return shift(ref, -1);
    if (fixed === 'the day before yesterday') return shift(ref, -2);
    return shift(ref, 0);
  }
  if (m[3]) {
    const target = DAYS.indexOf(m[3].toLowerCase());
    const today = ref.getUTCDay();
    const back = (today - target + 7) % 7;
    const which = (m[2] ?? '').toLowerCase();
    if (which === 'next') return shift(ref, (target - today + 7) % 7 || 7);
    if (which === 'last') return shift(ref, -(back || 7));
    return shift(ref, -back);
  }
  const count = NUMBERS[m[5]!.toLowerCase()] ?? Number(m[5]);
  return shift(ref, -count * (m[6]!.toLowerCase().startsWith('week') ? 7 : 1));
}

/** Every date in a text, resolved against the document date when one is given. */
export function findDates(text: string, documentDate: Date | null): DateMatch[] {
  const out: DateMatch[] = [];
  const free = (s: number, e: number) => !out.some((d) => s < d.end && e > d.start);
  for (const { re, read } of ABSOLUTE) {
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      const date = read(m, documentDate);
      if (date && free(start, end)) out.push({ start, end, date, relative: false });
    }
  }
  for (const m of text.matchAll(RELATIVE)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (!free(start, end)) continue;
    // "(On) Friday 6 March 2026": a weekday naming the date written after it is part of that date.
    const next = out.find((d) => !d.relative && d.start >= end && /^,? ?$/.test(text.slice(end, d.start)));
    if (m[3] && (!m[2] || m[2].toLowerCase() === 'on') && next) {
      next.start = start;
      continue;
    }
    if (m[3] && !m[2] && !documentDate) continue;
    out.push({ start, end, date: documentDate ? relative(m, documentDate) : null, relative: true });
  }
  return out.sort((a, b) => a.start - b.start);
}

const TIME =
  /(?<![\w:.])(?:(about|approximately|approx\.?|around|circa|c\.|roughly|just after|just before) )?(?:(?:at )?(\d{2})[:.]?(\d{2}) ?(?:hrs|hours|h)\b|(\d{1,2})[:.](\d{2})(?: ?([ap])\.?m\.?)?(?![\w:.]|\.\d)|(\d{1,2}) ?([ap])\.?m\.?(?![\w])|(midnight|midday|noon))/gi;

/** Every time of day in a text as HH:MM, marked approximate after "about", "around"... */
export function findTimes(text: string): TimeMatch[] {
  const out: TimeMatch[] = [];
  for (const m of text.matchAll(TIME)) {
    let h: number;
    let min = 0;
    if (m[2]) {
      h = Number(m[2]);
      min = Number(m[3]);
    } else if (m[4]) {
      h = Number(m[4]);
      min = Number(m[5]);
      if (m[6]) h = (h % 12) + (m[6].toLowerCase() === 'p' ? 12 : 0);
    } else if (m[7]) {
      h = (Number(m[7]) % 12) + (m[8]!.toLowerCase() === 'p' ? 12 : 0);
    } else h = m[9]!.toLowerCase() === 'midnight' ? 0 : 12;
    if (h > 23 || min > 59) continue;
    const qualifier = m[1] ? m[1].length + 1 : 0;
    out.push({
      start: m.index! + qualifier,
      end: m.index! + m[0].length,
      time: `${pad(h)}:${pad(min)}`,
      approximate: Boolean(m[1]),
    });
  }
  return out;
}

/** A date in a date-of-birth phrase ("12/03/1990", "3rd May 1985"), or null. */
export function parseDate(text: string, documentDate: Date | null): string | null {
  return findDates(text, documentDate).find((d) => !d.relative)?.date ?? null;
}
