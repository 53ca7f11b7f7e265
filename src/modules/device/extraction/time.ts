/**
 * Local wall-clock times (as phones and exports write them) to UTC instants, in an IANA time
 * zone (Europe/London by default, so BST is taken into account), using the zone rules of Intl.
 */

import { type ClockFields, isValidClock } from '../../../formats/clock-format.ts';

/** Time zone assumed for local times when none is given. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** A local date and time as written, month 1 to 12. */
export type LocalTime = ClockFields;

/** True when a local time names a real day and clock time. */
export const isValidLocal = isValidClock;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (`Europe/London`, `UTC`, ...). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in milliseconds (BST: +3,600,000). */
function offsetAt(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Offsets by zone and wall-clock quarter hour, as the conversion finds them. */
const quarterOffsets = new Map<string, number>();
const QUARTER = 15 * 60_000;

/**
 * The offset to take off a wall-clock time read as UTC, looked up at the wall time and again at
 * the corrected instant. In the hour the clocks go back (a time that happens twice) the earlier
 * instant is taken; a time in the hour skipped when they go forward is read with the offset
 * before the change (01:30 on the day BST starts is 01:30 UTC, 02:30 BST).
 */
function wallOffset(wall: number, timeZone: string): number {
  const first = offsetAt(wall, timeZone);
  const second = offsetAt(wall - first, timeZone);
  if (first !== second) return Math.min(first, second);
  const earlier = offsetAt(wall - first - 3_600_000, timeZone);
  return earlier > first && offsetAt(wall - earlier, timeZone) === earlier ? earlier : first;
}

/**
 * The UTC instant of a local time in a zone (see {@link wallOffset}). Zones change offset on a
 * quarter hour, so the offset found for a wall-clock quarter hour is kept for the next time in it.
 */
export function localToUtc(t: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const quarter = Math.floor(wall / QUARTER) * QUARTER;
  const key = `${timeZone} ${quarter}`;
  let offset = quarterOffsets.get(key);
  if (offset === undefined) {
    offset = wallOffset(quarter, timeZone);
    if (quarterOffsets.size > 100_000) quarterOffsets.clear();
    quarterOffsets.set(key, offset);
  }
  return new Date(wall - offset);
}

/** An instant as ISO 8601 UTC without milliseconds when whole (`2024-03-12T21:15:03Z`). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
