import { minutesOf } from '../time.ts';

/** A compiled time format: text -> minutes since the epoch, or undefined when it does not match. */
export type TimeParser = (text: string) => number | undefined;

const TOKENS: Array<[string, string, string]> = [
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

/**
 * Compiles a format such as `YYYY-MM-DD HH:mm` or `YYYY M D H m`. Field ranges are checked
 * (month 1-12, day within the month, hour 0-23, minute and second 0-59); seconds are truncated
 * to the minute.
 */
export function compileTimeFormat(format: string): TimeParser {
  let pattern = '^';
  const fields: string[] = [];
  let i = 0;
  while (i < format.length) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      pattern += token[1];
      fields.push(token[2]);
      i += token[0].length;
    } else {
      pattern += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const re = new RegExp(`${pattern}$`);
  if (!fields.includes('year')) throw new Error(`time format '${format}' has no YYYY`);
  return (text) => {
    const m = re.exec(text.trim());
    if (!m) return undefined;
    const v: Record<string, number> = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    fields.forEach((f, k) => {
      v[f] = Number(m[k + 1]);
    });
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = v;
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
    if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
    return minutesOf(year, month, day, hour, minute);
  };
}
