import { FileProblems } from './errors.ts';
import { type Draft, type FileRead, type InputFile, Tally } from './reader.ts';
import type { LocationRecord } from './records.ts';
import { isoUtc } from './time.ts';

/**
 * Google Takeout location history:
 *
 * - `Records.json`: `locations[]`, each with latitudeE7 and longitudeE7 (degrees times 10^7),
 *   a `timestamp` (ISO 8601) or the older `timestampMs` (ms since 1970, as a string), and an
 *   `accuracy` in metres; each is a fix.
 * - Semantic Location History (`2024_MARCH.json`, one file a month): `timelineObjects[]`, each a
 *   `placeVisit` (location {latitudeE7, longitudeE7, name, address}, duration {startTimestamp,
 *   endTimestamp}), read as a visit; or an `activitySegment` (startLocation, endLocation,
 *   duration), read as two fixes, at its start and at its end.
 *
 * The whole file is parsed at once, so its size is bounded (LIMITS.jsonBytes in read.ts).
 */

/** Which Takeout file a parsed JSON is, if any. */
export function takeoutKind(json: unknown): 'records' | 'semantic' | undefined {
  if (!json || typeof json !== 'object') return undefined;
  if (Array.isArray((json as { locations?: unknown }).locations)) return 'records';
  if (Array.isArray((json as { timelineObjects?: unknown }).timelineObjects)) return 'semantic';
  return undefined;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Degrees from an E7 integer. Some exports wrote negative values as unsigned 32-bit numbers
 * (above 1,800,000,000); those are turned back.
 */
function degreesE7(v: unknown, limit: number): number | undefined {
  let n = typeof v === 'string' && v.trim() ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  if (n > 1_800_000_000) n -= 4_294_967_296;
  const deg = n / 1e7;
  return Math.abs(deg) <= limit ? deg : undefined;
}

/** An instant from an ISO `timestamp`-like field or its `...Ms` variant. */
function instant(o: Json, field: string): string | undefined {
  const iso = o[field];
  if (typeof iso === 'string') {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? undefined : isoUtc(ms);
  }
  const ms = o[`${field}Ms`];
  const n =
    typeof ms === 'string' && /^\d+$/.test(ms) ? Number(ms) : typeof ms === 'number' ? ms : Number.NaN;
  return Number.isFinite(n) ? isoUtc(n) : undefined;
}

/** Latitude and longitude of a Takeout location object, or why not. */
function coordinates(o: unknown): { lat: number; lon: number } | string {
  if (!isObject(o)) return 'no location';
  const lat = degreesE7(o.latitudeE7, 90);
  const lon = degreesE7(o.longitudeE7, 180);
  if (lat === undefined) return `latitudeE7 ${JSON.stringify(o.latitudeE7)} is not a latitude`;
  if (lon === undefined) return `longitudeE7 ${JSON.stringify(o.longitudeE7)} is not a longitude`;
  return { lat, lon };
}

function readRecords(file: string, locations: unknown[], problems: FileProblems, skipped: Tally): Draft[] {
  const records: Draft[] = [];
  locations.forEach((loc, i) => {
    const position = `record ${i + 1}`;
    if (!isObject(loc)) {
      problems.add(position, 'not a location object');
      return;
    }
    if (loc.latitudeE7 === undefined && loc.longitudeE7 === undefined) {
      skipped.add('Takeout record without coordinates');
      return;
    }
    const where = coordinates(loc);
    const at = instant(loc, 'timestamp');
    if (typeof where === 'string' || !at) {
      problems.add(
        position,
        typeof where === 'string' ? where : 'no timestamp or timestampMs that is a time',
      );
      return;
    }
    const fix: Draft<LocationRecord> = {
      kind: 'location',
      source: { file, position },
      at,
      type: 'fix',
      ...where,
    };
    if (typeof loc.accuracy === 'number' && loc.accuracy >= 0) fix.accuracyMetres = loc.accuracy;
    records.push(fix);
  });
  return records;
}

function readVisit(file: string, position: string, visit: Json, problems: FileProblems): Draft[] {
  const where = coordinates(visit.location);
  const duration = isObject(visit.duration) ? visit.duration : {};
  const at = instant(duration, 'startTimestamp');
  const until = instant(duration, 'endTimestamp');
  if (typeof where === 'string' || !at) {
    problems.add(
      position,
      `placeVisit: ${typeof where === 'string' ? where : 'no duration.startTimestamp that is a time'}`,
    );
    return [];
  }
  const record: Draft<LocationRecord> = {
    kind: 'location',
    source: { file, position },
    at,
    type: 'visit',
    ...where,
  };
  if (until) record.until = until;
  const loc = visit.location as Json;
  const place = [loc.name, loc.address].find((p): p is string => typeof p === 'string' && !!p.trim());
  if (place) record.place = place.trim();
  return [record];
}

function readSegment(file: string, position: string, segment: Json, problems: FileProblems): Draft[] {
  const duration = isObject(segment.duration) ? segment.duration : {};
  const ends: Array<['start' | 'end', unknown, string | undefined]> = [
    ['start', segment.startLocation, instant(duration, 'startTimestamp')],
    ['end', segment.endLocation, instant(duration, 'endTimestamp')],
  ];
  const records: Draft[] = [];
  for (const [end, location, at] of ends) {
    const where = coordinates(location);
    if (typeof where === 'string') problems.add(position, `activitySegment ${end}Location: ${where}`);
    else if (!at) problems.add(position, `activitySegment: no duration.${end}Timestamp that is a time`);
    else
      records.push({
        kind: 'location',
        source: { file, position: `${position} (${end})` },
        at,
        type: 'fix',
        ...where,
      } satisfies Draft<LocationRecord>);
  }
  return records;
}

function readSemantic(file: string, objects: unknown[], problems: FileProblems, skipped: Tally): Draft[] {
  return objects.flatMap((o, i) => {
    const position = `timeline object ${i + 1}`;
    if (isObject(o) && isObject(o.placeVisit)) return readVisit(file, position, o.placeVisit, problems);
    if (isObject(o) && isObject(o.activitySegment))
      return readSegment(file, position, o.activitySegment, problems);
    skipped.add('Takeout timeline object that is neither a placeVisit nor an activitySegment');
    return [];
  });
}

/** Reads a parsed Takeout location history file (Records.json or a Semantic Location History month). */
export function readTakeout(file: InputFile, json: unknown): FileRead {
  const problems: FileProblems = new FileProblems(file.name);
  const skipped = new Tally();
  const kind = takeoutKind(json);
  if (!kind)
    problems.fail(
      undefined,
      'not a Google Takeout location history (no "locations" or "timelineObjects" list)',
    );
  const records =
    kind === 'records'
      ? readRecords(file.name, (json as { locations: unknown[] }).locations, problems, skipped)
      : readSemantic(file.name, (json as { timelineObjects: unknown[] }).timelineObjects, problems, skipped);
  problems.check();
  return { records, skipped: skipped.counts, warnings: [] };
}
