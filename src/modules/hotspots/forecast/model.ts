/**
 * Shared vocabulary of forecasts in use: the forecast period, the statement of crime types, the
 * data-source notices every output carries, and the errors (stable codes) the safeguards raise.
 */

/** A forecast period: `start` inclusive, `end` exclusive, both `YYYY-MM-DD` (naive local dates). */
export interface ForecastPeriod {
  start: string;
  end: string;
}

/** Stable codes of the refusals and input errors of this folder. */
export type ForecastErrorCode =
  | 'coverage-above-cap'
  | 'invalid-coverage'
  | 'invalid-policy'
  | 'patrol-share-below-minimum'
  | 'no-crime-types'
  | 'public-resolution-too-fine'
  | 'public-period-too-recent'
  | 'invalid-input';

/** A refusal or bad input, with a stable code and a plain message that says what and why. */
export class ForecastError extends Error {
  constructor(
    readonly code: ForecastErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ForecastError';
  }
}

export const forecastError = (code: ForecastErrorCode, message: string): ForecastError =>
  new ForecastError(code, message);

/** What a forecast says about the crime types it was built from. */
export interface CrimeTypeStatement {
  /** The categories the forecast used, sorted. Never empty. */
  used: string[];
  /** Every category present in the data, sorted. */
  available: string[];
  /** True when every available category was used. */
  allTypes: boolean;
  /** True when only one category was used: maps must say so prominently. */
  singleType: boolean;
  /** A sentence for captions and tables; a warning when the forecast uses only some types. */
  notice: string;
}

/** The notice every output built from police.uk data must carry. */
export const POLICE_UK_NOTICE =
  'police.uk locations are anonymised snap points (each crime is moved to a nearby shared point) ' +
  'and dates are months only: cells show approximate places and whole months.';

/** Parses `YYYY-MM-DD` to a UTC day number (days since 1970-01-01), or throws a clear error. */
export function dayNumber(text: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw forecastError('invalid-input', `${what}: '${text}' is not a date (expected YYYY-MM-DD)`);
  }
  return ms / 86_400_000;
}

/** A period as words, e.g. "1 Jun 2020 to 30 Jun 2020". */
export function describePeriod(period: ForecastPeriod): string {
  const fmt = (day: number): string =>
    new Date(day * 86_400_000).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  const start = dayNumber(period.start, 'period start');
  const end = dayNumber(period.end, 'period end');
  return `${fmt(start)} to ${fmt(end - 1)}`;
}
