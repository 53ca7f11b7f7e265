import type { DeviceRecord } from '../extraction/records.ts';

/**
 * What every analysis of an extraction shares: instants read from records (with a clear error
 * naming the record when one is bad), UK local time, citations of records, and SVG text.
 */

/** At most this many records are analysed at once; larger sets are refused with a clear error. */
export const MAX_RECORDS = 1_000_000;

/** A bad input to an analysis, naming the record (id, file, position) or the option at fault. */
export class AnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/** A moment cited by a statement: when it was and the record it rests on. */
export interface Stamp {
  /** ISO 8601 instant in UTC. */
  at: string;
  recordId: string;
}

/** Where a record came from, for error messages: `r12 (chat.txt, line 40)`. */
export function whereIs(record: DeviceRecord): string {
  return `record ${record.id} (${record.source.file}, ${record.source.position})`;
}

/** The record's instant in milliseconds; throws naming the record when `at` is not a date. */
export function instantOf(record: DeviceRecord, field: 'at' | 'until' = 'at'): number {
  const text = field === 'at' ? record.at : (record as { until?: string }).until;
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new AnalysisError(`${whereIs(record)}: "${field}" is not an ISO 8601 instant`);
  }
  return ms;
}

/** Refuses more records than {@link MAX_RECORDS}. */
export function checkSize(records: readonly unknown[], what: string): void {
  if (records.length > MAX_RECORDS) {
    throw new AnalysisError(
      `${what}: ${records.length} records is more than the limit of ${MAX_RECORDS}; narrow the period`,
    );
  }
}

/** Checks that a numeric option is a finite number within bounds. */
export function checkOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new AnalysisError(`option ${name} must be a number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Records in time order (ties kept in import order), each with its instant. */
export function inTimeOrder<T extends DeviceRecord>(records: readonly T[]): Array<{ record: T; ms: number }> {
  return records
    .map((record, index) => ({ record, ms: instantOf(record), index }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ record, ms }) => ({ record, ms }));
}

const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** 01:00 UTC on the last Sunday of a month (month 0 to 11). */
function lastSundayOneAm(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * DAY;
}

const summerTime = new Map<number, [number, number]>();

/**
 * The UK's offset from UTC at an instant: British Summer Time (+1 hour) runs from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October (The Summer Time Order
 * 2002, SI 2002/262, following Directive 2000/84/EC; the same rule has applied since 1996).
 * Computed directly so that 100,000 records take milliseconds.
 */
export function londonOffset(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  let span = summerTime.get(year);
  if (!span) {
    span = [lastSundayOneAm(year, 2), lastSundayOneAm(year, 9)];
    summerTime.set(year, span);
  }
  return ms >= span[0] && ms < span[1] ? HOUR : 0;
}

/** An instant's local day (days since 1970-01-01, Europe/London) and hour (0 to 23): cheap. */
export function londonDayHour(ms: number): { dayNo: number; hour: number } {
  const local = ms + londonOffset(ms);
  const dayNo = Math.floor(local / DAY);
  return { dayNo, hour: Math.floor((local - dayNo * DAY) / HOUR) };
}

/** An instant as UK local time: its day (`YYYY-MM-DD`), hour (0 to 23) and `HH:MM`. */
export interface LocalTime {
  day: string;
  hour: number;
  clock: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant in Europe/London local time. */
export function londonTime(ms: number): LocalTime {
  const local = new Date(ms + londonOffset(ms));
  const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const hour = local.getUTCHours();
  return { day, hour, clock: `${pad(hour)}:${pad(local.getUTCMinutes())}` };
}

/** The number of days since 1970-01-01 of a `YYYY-MM-DD` day. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);
}

/** The `YYYY-MM-DD` day of a day number. */
export function dayOf(dayNo: number): string {
  return new Date(dayNo * DAY).toISOString().slice(0, 10);
}

/** Text made safe for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A number written for SVG: at most two decimals, no trailing zeros. */
export function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** GOV.UK colours used by the pictures. */
export const COLOURS = {
  blue: '#1d70b8',
  red: '#d4351c',
  green: '#00703c',
  orange: '#f47738',
  purple: '#4c2c92',
  pink: '#d53880',
  grey: '#505a5f',
  lightGrey: '#b1b4b6',
  paleGrey: '#f3f2f1',
  black: '#0b0c0c',
  white: '#ffffff',
} as const;

/** The opening of an accessible SVG: role="img", a title and a description, linked by id. */
export function svgOpen(id: string, width: number, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(width)} ${num(height)}" ` +
    `width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
    `font-family="Arial, sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`
  );
}

/** Attributes giving text a white outline, so that it stays readable over lines. */
export const HALO = 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

/** A text element, escaped. */
export function svgText(x: number, y: number, text: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(text)}</text>`;
}

/** A count with its noun, singular or plural. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? noun : nouns}`;
}
