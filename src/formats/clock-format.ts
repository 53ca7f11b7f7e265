/**
 * Clock formats as data imports describe them (`DD/MM/YYYY HH:mm:ss`, `YYYY M D H m`): the
 * tokens YYYY, MM/M, DD/D, HH/H, mm/m and ss/s, anything else literal. Reading gives the calendar
 * fields as written; what they mean (a naive clock, or local time in a zone) is the caller's.
 */

/** A date and time as written, month 1 to 12. */
export interface ClockFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const TOKENS: Array<[string, string, keyof ClockFields]> = [
  ['YYYY', '(\\d{4})', 'year'],
  ['MM', '(\\d{2})', 'month'],
  ['DD', '(\\d{2})', 'day'],
  ['HH', '(\\d{2})', 'hour'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})', 'second'],
  ['M', '(\\d{1,2})', 'month'],
  ['D', '(\\d{1,2})', 'day'],
  ['H', '(\\d{1,2})', 'hour'],
  ['m', '(\\d{1,2})', 'minute'],
  ['s', '(\\d{1,2})', 'second'],
];

/** True when the fields name a real calendar day (29 February only in leap years) and clock time. */
export function isValidClock(t: ClockFields): boolean {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day));
  return (
    t.month >= 1 &&
    t.month <= 12 &&
    d.getUTCDate() === t.day &&
    d.getUTCMonth() === t.month - 1 &&
    t.hour >= 0 &&
    t.hour < 24 &&
    t.minute >= 0 &&
    t.minute < 60 &&
    t.second >= 0 &&
    t.second < 60
  );
}

/**
 * Compiles a format to a reader of text (trimmed) to its fields, or undefined when the text does
 * not fit the format or names no real time. Throws when the format has no YYYY.
 */
export function compileClockFormat(format: string): (text: string) => ClockFields | undefined {
  let pattern = '^';
  const fields: Array<keyof ClockFields> = [];
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    pattern += token ? token[1] : format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (token) fields.push(token[2]);
    i += token ? token[0].length : 1;
  }
  if (!fields.includes('year')) throw new Error(`time format "${format}" has no YYYY`);
  const re = new RegExp(`${pattern}$`);
  return (text) => {
    const m = re.exec(text.trim());
    if (!m) return undefined;
    const t: ClockFields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    fields.forEach((f, k) => {
      t[f] = Number(m[k + 1]);
    });
    return isValidClock(t) ? t : undefined;
  };
}
