/**
 * The service standard for challenges: an answer within 20 working days of receipt (Monday to
 * Friday, not bank holidays in England and Wales), counted from the first working day after the
 * day it was received (London time). The one-off bank holidays proclaimed for a single year
 * (jubilees, coronations, state funerals) are not predictable and are not counted.
 */
export const ANSWER_WORKING_DAYS = 20;

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/**
 * Easter Sunday in the Gregorian calendar, by the anonymous algorithm published by Meeus
 * ("Astronomical Algorithms", 1991, ch. 8; also known as the Meeus/Jones/Butcher algorithm).
 */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

const weekday = (d: Date) => d.getUTCDay();
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);

/** The first Monday of a month, or the last one when `last` (month 1 to 12). */
function monday(year: number, month: number, last: boolean): Date {
  if (!last) {
    const first = utc(year, month, 1);
    return addDays(first, (8 - weekday(first)) % 7);
  }
  const end = utc(year, month + 1, 0);
  return addDays(end, -((weekday(end) + 6) % 7));
}

/**
 * The regular bank holidays of England and Wales in a year (Banking and Financial Dealings Act
 * 1971, schedule 1, and the substitute days of the annual proclamations): New Year's Day, Good
 * Friday, Easter Monday, the early May and spring bank holidays, the summer bank holiday,
 * Christmas Day and Boxing Day, each moved to the next free weekday when it falls at a weekend.
 */
export function bankHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const out = [
    addDays(easter, -2),
    addDays(easter, 1),
    monday(year, 5, false),
    monday(year, 5, true),
    monday(year, 8, true),
  ];
  const newYear = utc(year, 1, 1);
  out.push(
    weekday(newYear) === 6 ? addDays(newYear, 2) : weekday(newYear) === 0 ? addDays(newYear, 1) : newYear,
  );
  const christmas = utc(year, 12, 25);
  // Saturday: Mon 27 and Tue 28; Sunday: Tue 27 (Christmas) and Mon 26 (Boxing Day); Friday: Mon 28.
  const w = weekday(christmas);
  if (w === 6) out.push(utc(year, 12, 27), utc(year, 12, 28));
  else if (w === 0) out.push(utc(year, 12, 26), utc(year, 12, 27));
  else if (w === 5) out.push(christmas, utc(year, 12, 28));
  else out.push(christmas, utc(year, 12, 26));
  return out.map(iso).sort();
}

const holidayCache = new Map<number, Set<string>>();
function isHoliday(d: Date): boolean {
  const year = d.getUTCFullYear();
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(bankHolidays(year));
    holidayCache.set(year, set);
  }
  return set.has(iso(d));
}

export const isWorkingDay = (d: Date) => weekday(d) !== 0 && weekday(d) !== 6 && !isHoliday(d);

/** The calendar date in London of an instant, as a UTC midnight. */
export function londonDate(at: Date): Date {
  const s = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
  return new Date(`${s}T00:00:00Z`);
}

/** The date `n` working days after the (London) day of `at`. */
export function addWorkingDays(at: Date, n: number): Date {
  let d = londonDate(at);
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** When an answer to a challenge received at `receivedAt` is due (a date, London). */
export const answerDueBy = (receivedAt: Date) => addWorkingDays(receivedAt, ANSWER_WORKING_DAYS);

/** Whether an undecided challenge is past its answer date at `now`. */
export const isOverdue = (receivedAt: Date, now: Date) => londonDate(now) > answerDueBy(receivedAt);
