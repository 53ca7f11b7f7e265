import { compileClockFormat } from '../../../formats/clock-format.ts';
import { minutesOf } from '../time.ts';

/** A compiled time format: text -> minutes since the epoch, or undefined when it does not match. */
export type TimeParser = (text: string) => number | undefined;

/**
 * Compiles a format such as `YYYY-MM-DD HH:mm` or `YYYY M D H m` (see `src/clock-format.ts`) to
 * a naive clock time; seconds are truncated to the minute.
 */
export function compileTimeFormat(format: string): TimeParser {
  const read = compileClockFormat(format);
  return (text) => {
    const t = read(text);
    return t && minutesOf(t.year, t.month, t.day, t.hour, t.minute);
  };
}
