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
 * - The on-device Timeline export (`Timeline.json`, since 2024): `semanticSegments[]`, each with
 *   startTime and endTime (ISO 8601 with offset) and a `visit` (topCandidate.placeLocation.latLng,
 *   read as a visit), an `activity` (start.latLng and end.latLng, read as two fixes) or a
 *   `timelinePath` (points with their own time, each a fix); and `rawSignals[]`, whose `position`
 *   entries (LatLng, accuracyMeters, timestamp) are fixes. Coordinates are text such as
 *   `54.9783°, -1.6178°` (or `geo:54.9783,-1.6178`).
 *
 * The whole file is parsed at once, so its size is bounded (LIMITS.jsonBytes in read.ts).
 */

/** Which Takeout file a parsed JSON is, if any. */
export function takeoutKind(json: unknown): 'records' | 'semantic' | 'timeline' | undefined {
  if (!json || typeof json !== 'object') return undefined;
  if (Array.isArray((json as { semanticSegments?: unknown }).semanticSegments)) return 'timeline';
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

/** Latitude and longitude of a Timeline `latLng` text, or why not. */
function latLng(v: unknown): { lat: number; lon: number } | string {
  const m =
    typeof v === 'string' ? /^\s*(?:geo:)?(-?\d+(?:\.\d+)?)°?\s*,\s*(-?\d+(?:\.\d+)?)°?\s*$/.exec(v) : null;
  if (!m) return `${JSON.stringify(v ?? null)} is not a latitude and longitude`;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (Math.abs(lat) > 90) return `latitude ${m[1]} is out of range`;
  if (Math.abs(lon) > 180) return `longitude ${m[2]} is out of range`;
  return { lat, lon };
}

const location = (
  file: string,
  position: string,
  at: string,
  where: { lat: number; lon: number },
  type: 'fix' | 'visit' = 'fix',
): Draft<LocationRecord> => ({ kind: 'location', source: { file, position }, at, type, ...where });

function readTimelineSegment(file: string, position: string, seg: Json, problems: FileProblems): Draft[] {
  const at = instant(seg, 'startTime');
  const until = instant(seg, 'endTime');
  if (isObject(seg.visit)) {
    const candidate = isObject(seg.visit.topCandidate) ? seg.visit.topCandidate : {};
    const where = latLng(isObject(candidate.placeLocation) ? candidate.placeLocation.latLng : undefined);
    if (typeof where === 'string' || !at) {
      problems.add(position, `visit: ${typeof where === 'string' ? where : 'no startTime that is a time'}`);
      return [];
    }
    const visit = location(file, position, at, where, 'visit');
    if (until) visit.until = until;
    const label = candidate.semanticType;
    if (typeof label === 'string' && label && label !== 'UNKNOWN')
      visit.place = `${label.toLowerCase().replace(/_/g, ' ')} (Google's label)`;
    return [visit];
  }
  if (isObject(seg.activity)) {
    const records: Draft[] = [];
    for (const [end, time] of [
      ['start', at],
      ['end', until],
    ] as const) {
      const point = seg.activity[end];
      const where = latLng(isObject(point) ? point.latLng : undefined);
      if (typeof where === 'string') problems.add(position, `activity ${end}: ${where}`);
      else if (!time) problems.add(position, `activity: no ${end}Time that is a time`);
      else records.push(location(file, `${position} (${end})`, time, where));
    }
    return records;
  }
  if (Array.isArray(seg.timelinePath)) {
    return seg.timelinePath.flatMap((p, k) => {
      const where = `${position} point ${k + 1}`;
      const fix = isObject(p) ? latLng(p.point) : 'not a point object';
      const time = isObject(p) ? instant(p, 'time') : undefined;
      if (typeof fix === 'string' || !time) {
        problems.add(where, typeof fix === 'string' ? fix : 'no time that is a time');
        return [];
      }
      return [location(file, where, time, fix)];
    });
  }
  return [];
}

function readTimeline(file: string, json: Json, problems: FileProblems, skipped: Tally): Draft[] {
  const segments = (json.semanticSegments as unknown[]).flatMap((seg, i) => {
    const position = `semantic segment ${i + 1}`;
    if (isObject(seg) && (isObject(seg.visit) || isObject(seg.activity) || Array.isArray(seg.timelinePath)))
      return readTimelineSegment(file, position, seg, problems);
    skipped.add('Timeline segment that is neither a visit, an activity nor a path');
    return [];
  });
  const signals = Array.isArray(json.rawSignals) ? json.rawSignals : [];
  const fixes = signals.flatMap((signal, i) => {
    const position = `raw signal ${i + 1}`;
    if (!isObject(signal) || !isObject(signal.position)) {
      skipped.add('Timeline raw signal that is not a position (activity or Wi-Fi scan)');
      return [];
    }
    const where = latLng(signal.position.LatLng ?? signal.position.latLng);
    const at = instant(signal.position, 'timestamp');
    if (typeof where === 'string' || !at) {
      problems.add(position, typeof where === 'string' ? where : 'no timestamp that is a time');
      return [];
    }
    const fix = location(file, position, at, where);
    const accuracy = signal.position.accuracyMeters;
    if (typeof accuracy === 'number' && accuracy >= 0) fix.accuracyMetres = accuracy;
    return [fix];
  });
  return [...segments, ...fixes];
}

/** Reads a parsed Google location history file (Records.json, a Semantic Location History month, Timeline.json). */
export function readTakeout(file: InputFile, json: unknown): FileRead {
  const problems: FileProblems = new FileProblems(file.name);
  const skipped = new Tally();
  const kind = takeoutKind(json);
  if (!kind)
    problems.fail(
      undefined,
      'not a Google location history (no "locations", "timelineObjects" or "semanticSegments" list)',
    );
  const records =
    kind === 'records'
      ? readRecords(file.name, (json as { locations: unknown[] }).locations, problems, skipped)
      : kind === 'timeline'
        ? readTimeline(file.name, json as Json, problems, skipped)
        : readSemantic(
            file.name,
            (json as { timelineObjects: unknown[] }).timelineObjects,
            problems,
            skipped,
          );
  problems.check();
  return { records, skipped: skipped.counts, warnings: [] };
}
