/**
 * Naive local clock times as whole minutes since 1970-01-01 00:00 (no time zone is applied, as the
 * benchmark protocol requires), plus the calendar arithmetic the periods need.
 */

const MINUTES_PER_DAY = 1440;

/** Minutes since the epoch of a naive clock time. Months are 1-based. */
export function minutesOf(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) / 60_000;
}

/** The calendar fields of a minute count (inverse of `minutesOf`). */
export function fieldsOf(t: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
} {
  const d = new Date(t * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/** `YYYY-MM-DDTHH:mm` for a minute count. */
export function formatMinutes(t: number): string {
  return new Date(t * 60_000).toISOString().slice(0, 16);
}

/** Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm` or `YYYY-MM-DD HH:mm` (naive clock) to minutes. */
export function parseIsoMinutes(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a date-time (expected YYYY-MM-DDTHH:mm): '${text}'`);
  return minutesOf(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

/** An ISO 8601 duration restricted to what periods use: whole months or whole days (`P1M`, `P7D`, `P12M`). */
export interface Duration {
  months: number;
  days: number;
}

export function parseDuration(text: string): Duration {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(text.trim());
  if (!m || text.trim() === 'P')
    throw new Error(`not an ISO 8601 duration of years, months, weeks or days: '${text}'`);
  return {
    months: Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0),
    days: Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0),
  };
}

/** Adds `sign` times a duration to a minute count; months are calendar months (day of month kept). */
export function addDuration(t: number, d: Duration, sign = 1): number {
  let out = t;
  if (d.months !== 0) {
    const f = fieldsOf(out);
    out = minutesOf(f.year, f.month + sign * d.months, f.day, f.hour, f.minute);
  }
  return out + sign * d.days * MINUTES_PER_DAY;
}

export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
export { MINUTES_PER_DAY };
