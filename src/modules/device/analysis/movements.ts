import proj4 from 'proj4';
import type { DeviceRecord, LocationRecord } from '../extraction/records.ts';
import {
  AnalysisError,
  COLOURS,
  checkOption,
  checkSize,
  escapeXml,
  HALO,
  instantOf,
  londonTime,
  num,
  plural,
  type Stamp,
  svgOpen,
  svgText,
  whereIs,
} from './common.ts';

/**
 * Where the device stayed and how it moved: stay points found in raw location fixes (Li, Zheng
 * et al. 2008), Semantic Location History visits taken as stays, and the journeys between
 * consecutive stays; positions in British National Grid (EPSG:27700) metres.
 */

/** Thresholds of stay-point detection. */
export interface MovementOptions {
  /** A stay's fixes lie within this distance of its first fix. Default 200 m (Li et al. 2008). */
  distanceMetres?: number;
  /** A stay lasts at least this long. Default 20 minutes (Li et al. 2008). */
  minutesAtLeast?: number;
  /**
   * Up to this many consecutive fixes beyond the distance may be passed over as noise when the
   * next fix is back within it (a stray fix does not split a stay). Default 1; 0 is the
   * original algorithm.
   */
  noiseFixes?: number;
  /**
   * Fixes whose accuracy radius is wider than this are not used for stays or journeys: they
   * cannot place the device within a stay's distance (a phone mast's fix may be kilometres
   * wide). Default 1,000 m; fixes without a radius are used.
   */
  maxAccuracyMetres?: number;
}

/** A place the device stayed. */
export interface Stay {
  /** 1..n in order of arrival. */
  number: number;
  /** `fixes`: a stay point found in raw fixes; `visit`: a Semantic Location History visit. */
  source: 'fixes' | 'visit';
  arrival: Stamp;
  departure: Stamp;
  durationSeconds: number;
  /** Centroid (mean of the fixes' WGS84 degrees). */
  lat: number;
  lon: number;
  /** British National Grid (EPSG:27700) metres. */
  easting: number;
  northing: number;
  /** False when the centroid lies outside Great Britain (BNG is then only nominal). */
  inGreatBritain: boolean;
  /** The visit's place name or address, when given. */
  place?: string;
  /** The fixes (or the visit) the stay rests on. */
  recordIds: string[];
  /** Fixes inside the stay's time passed over as noise. */
  noiseRecordIds: string[];
}

/** Movement between two consecutive stays. */
export interface Journey {
  /** The stay numbers it links. */
  fromStay: number;
  toStay: number;
  /** Departure from the first stay and arrival at the next. */
  start: Stamp;
  end: Stamp;
  durationSeconds: number;
  /** Great-circle distance between the two centroids. */
  straightMetres: number;
  /** Along the fixes between the stays (from the departure fix to the arrival fix). */
  pathMetres: number;
  /** Fixes recorded between the two stays. */
  recordIds: string[];
  /** True when the next stay began before the first ended (a visit overlapping a stay point). */
  overlaps: boolean;
}

/** Stays and journeys with the thresholds used. */
export interface Movements {
  rules: Required<MovementOptions>;
  stays: Stay[];
  journeys: Journey[];
  /** Fixes left out because their accuracy radius is wider than `maxAccuracyMetres`. */
  impreciseRecordIds: string[];
}

/**
 * British National Grid: OSGB36 Transverse Mercator with the 7-parameter Helmert shift from
 * WGS84 published by Ordnance Survey ("A guide to coordinate systems in Great Britain"),
 * accurate to a few metres (the same definition as the hot spots module's projection).
 */
const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const toBng = proj4('EPSG:4326', BNG);

/** WGS84 degrees to British National Grid metres, [easting, northing]. */
export function bng(lat: number, lon: number): [number, number] {
  const [e, n] = toBng.forward([lon, lat]);
  return [e as number, n as number];
}

/**
 * True inside a box around Great Britain (49.8 to 60.9 N, 8.7 W to 1.8 E), where British
 * National Grid is defined; a box, so parts of Ireland and France near the edges count in.
 */
export function inGreatBritain(lat: number, lon: number): boolean {
  return lat >= 49.8 && lat <= 60.9 && lon >= -8.7 && lon <= 1.8;
}

const EARTH_RADIUS = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine, mean Earth radius of IUGG). */
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Thresholds with defaults filled in and checked. */
export function movementRules(options: MovementOptions = {}): Required<MovementOptions> {
  return {
    distanceMetres: checkOption('distanceMetres', options.distanceMetres ?? 200, 1, 100_000),
    minutesAtLeast: checkOption('minutesAtLeast', options.minutesAtLeast ?? 20, 0, 7 * 24 * 60),
    noiseFixes: Math.floor(checkOption('noiseFixes', options.noiseFixes ?? 1, 0, 10)),
    maxAccuracyMetres: checkOption('maxAccuracyMetres', options.maxAccuracyMetres ?? 1000, 1, 1_000_000),
  };
}

interface Fix {
  record: LocationRecord;
  ms: number;
  lat: number;
  lon: number;
}

function checkPosition(record: LocationRecord): void {
  const ok =
    Number.isFinite(record.lat) &&
    Number.isFinite(record.lon) &&
    Math.abs(record.lat) <= 90 &&
    Math.abs(record.lon) <= 180;
  if (!ok) throw new AnalysisError(`${whereIs(record)}: latitude/longitude out of range`);
}

function stamp(record: DeviceRecord, ms: number): Stamp {
  return { at: new Date(ms).toISOString(), recordId: record.id };
}

function makeStay(
  source: Stay['source'],
  fixes: readonly Fix[],
  noise: readonly Fix[],
  end: number,
  place?: string,
): Stay {
  const lat = fixes.reduce((s, f) => s + f.lat, 0) / fixes.length;
  const lon = fixes.reduce((s, f) => s + f.lon, 0) / fixes.length;
  const [easting, northing] = bng(lat, lon);
  const first = fixes[0]!;
  const last = fixes[fixes.length - 1]!;
  return {
    number: 0,
    source,
    arrival: stamp(first.record, first.ms),
    departure: stamp(last.record, end),
    durationSeconds: Math.round((end - first.ms) / 1000),
    lat,
    lon,
    easting: Math.round(easting),
    northing: Math.round(northing),
    inGreatBritain: inGreatBritain(lat, lon),
    ...(place ? { place } : {}),
    recordIds: fixes.map((f) => f.record.id),
    noiseRecordIds: noise.map((f) => f.record.id),
  };
}

/**
 * Stay points (Li, Zheng, Xie, Chen, Liu and Ma 2008, "Mining user similarity based on location
 * history", ACM SIGSPATIAL GIS 2008, stay point detection): from fix i, extend j while fix j lies
 * within `distanceMetres` of fix i; when the run from i to the last fix within reach lasts at
 * least `minutesAtLeast`, it is a stay (centroid = mean position). Two departures from the
 * paper: up to `noiseFixes` consecutive stray fixes beyond the distance are passed over when the
 * next fix is back within it, and a run still open at the end of the data is kept.
 */
function stayPoints(
  fixes: readonly Fix[],
  rules: Required<MovementOptions>,
): Array<{ stay: Stay; last: number }> {
  const found: Array<{ stay: Stay; last: number }> = [];
  const minMs = rules.minutesAtLeast * 60_000;
  let i = 0;
  while (i < fixes.length) {
    const anchor = fixes[i]!;
    const members: Fix[] = [anchor];
    const noise: Fix[] = [];
    let j = i + 1;
    while (j < fixes.length) {
      if (metresBetween(anchor, fixes[j]!) <= rules.distanceMetres) {
        members.push(fixes[j]!);
        j++;
        continue;
      }
      const back = returnsWithin(fixes, j, anchor, rules);
      if (back < 0) break;
      noise.push(...fixes.slice(j, back));
      j = back;
    }
    const last = members[members.length - 1]!;
    if (last.ms - anchor.ms >= minMs && members.length > 1) {
      found.push({ stay: makeStay('fixes', members, noise, last.ms), last: j - 1 });
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

/** The index of the first fix back within reach after at most `noiseFixes` strays, or -1. */
function returnsWithin(
  fixes: readonly Fix[],
  j: number,
  anchor: Fix,
  rules: Required<MovementOptions>,
): number {
  for (let k = j + 1; k <= j + rules.noiseFixes && k < fixes.length; k++) {
    if (metresBetween(anchor, fixes[k]!) <= rules.distanceMetres) return k;
  }
  return -1;
}

function visitStay(record: LocationRecord): Stay {
  const ms = instantOf(record);
  const end = record.until === undefined ? ms : instantOf(record, 'until');
  if (end < ms) throw new AnalysisError(`${whereIs(record)}: visit ends before it starts`);
  const fix: Fix = { record, ms, lat: record.lat, lon: record.lon };
  return makeStay('visit', [fix], [], end, record.place);
}

function journeys(stays: readonly Stay[], fixes: readonly Fix[]): Journey[] {
  const found: Journey[] = [];
  for (let s = 1; s < stays.length; s++) {
    const a = stays[s - 1]!;
    const b = stays[s]!;
    const from = Date.parse(a.departure.at);
    const to = Date.parse(b.arrival.at);
    const between = sliceByTime(fixes, from, to);
    const path = [{ lat: a.lat, lon: a.lon }, ...between, { lat: b.lat, lon: b.lon }];
    let pathMetres = 0;
    for (let k = 1; k < path.length; k++) pathMetres += metresBetween(path[k - 1]!, path[k]!);
    found.push({
      fromStay: a.number,
      toStay: b.number,
      start: a.departure,
      end: b.arrival,
      durationSeconds: Math.max(0, Math.round((to - from) / 1000)),
      straightMetres: Math.round(metresBetween(a, b)),
      pathMetres: Math.round(pathMetres),
      recordIds: between.map((f) => f.record.id),
      overlaps: to < from,
    });
  }
  return found;
}

/** The fixes between two instants, found by binary search in time-ordered fixes. */
function sliceByTime(fixes: readonly Fix[], from: number, to: number): Fix[] {
  let lo = 0;
  let hi = fixes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fixes[mid]!.ms <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: Fix[] = [];
  for (let k = lo; k < fixes.length && fixes[k]!.ms < to; k++) out.push(fixes[k]!);
  return out;
}

/**
 * Stays and journeys from an extraction's location records (others are ignored): stay points
 * from fixes precise enough to place a stay, visits as stays (a stay point overlapping a visit at its place is merged into it),
 * all numbered by arrival; journeys link consecutive stays.
 */
export function movements(records: readonly DeviceRecord[], options: MovementOptions = {}): Movements {
  checkSize(records, 'movements');
  const rules = movementRules(options);
  const locations = records.filter((r): r is LocationRecord => r.kind === 'location');
  locations.forEach(checkPosition);
  const imprecise = (r: LocationRecord) => (r.accuracyMetres ?? 0) > rules.maxAccuracyMetres;
  const allFixes = locations.filter((r) => r.type === 'fix');
  const fixes: Fix[] = allFixes
    .filter((r) => !imprecise(r))
    .map((record, index) => ({ record, ms: instantOf(record), lat: record.lat, lon: record.lon, index }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ record, ms, lat, lon }) => ({ record, ms, lat, lon }));
  const visits = locations.filter((r) => r.type === 'visit').map(visitStay);
  // A stay point found in fixes taken during a visit, at the visit's place, is that visit: its
  // fixes join the visit rather than standing as a second stay.
  const sameVisit = (stay: Stay) =>
    visits.find(
      (v) =>
        Date.parse(stay.arrival.at) <= Date.parse(v.departure.at) &&
        Date.parse(stay.departure.at) >= Date.parse(v.arrival.at) &&
        metresBetween(stay, v) <= rules.distanceMetres,
    );
  const fromFixes: Stay[] = [];
  for (const stay of stayPoints(fixes, rules).map((s) => s.stay)) {
    const visit = sameVisit(stay);
    if (visit) visit.recordIds = [...visit.recordIds, ...stay.recordIds];
    else fromFixes.push(stay);
  }
  const stays = [...fromFixes, ...visits]
    .sort(
      (a, b) =>
        Date.parse(a.arrival.at) - Date.parse(b.arrival.at) ||
        (a.arrival.recordId < b.arrival.recordId ? -1 : 1),
    )
    .map((s, i) => ({ ...s, number: i + 1 }));
  return {
    rules,
    stays,
    journeys: journeys(stays, fixes),
    impreciseRecordIds: allFixes.filter(imprecise).map((r) => r.id),
  };
}

const WIDTH = 800;
const HEIGHT = 640;
const PAD = { left: 70, right: 30, top: 30, bottom: 70 };

function niceKm(span: number, parts: number): number {
  const raw = span / parts;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

/** The local times of a stay: `09:05–17:30`, with the day when it changes. */
export function stayTimes(stay: Stay): string {
  const a = londonTime(Date.parse(stay.arrival.at));
  const d = londonTime(Date.parse(stay.departure.at));
  return a.day === d.day ? `${a.day} ${a.clock}–${d.clock}` : `${a.day} ${a.clock}–${d.day} ${d.clock}`;
}

interface Frame {
  x: (e: number) => number;
  y: (n: number) => number;
  metresPerPixel: number;
  minE: number;
  maxE: number;
  minN: number;
  maxN: number;
}

/** A frame with the same scale on both axes, fitting every stay with a margin (at least 1 km). */
function frameOf(stays: readonly Stay[]): Frame {
  const es = stays.map((s) => s.easting);
  const ns = stays.map((s) => s.northing);
  const spanE = Math.max(1000, Math.max(...es) - Math.min(...es)) * 1.2;
  const spanN = Math.max(1000, Math.max(...ns) - Math.min(...ns)) * 1.2;
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const metresPerPixel = Math.max(spanE / w, spanN / h);
  const midE = (Math.max(...es) + Math.min(...es)) / 2;
  const midN = (Math.max(...ns) + Math.min(...ns)) / 2;
  const minE = midE - (w * metresPerPixel) / 2;
  const minN = midN - (h * metresPerPixel) / 2;
  return {
    x: (e) => PAD.left + (e - minE) / metresPerPixel,
    y: (n) => HEIGHT - PAD.bottom - (n - minN) / metresPerPixel,
    metresPerPixel,
    minE,
    maxE: minE + w * metresPerPixel,
    minN,
    maxN: minN + h * metresPerPixel,
  };
}

function axes(f: Frame): string {
  const out: string[] = [];
  const stepM = niceKm(Math.max(f.maxE - f.minE, f.maxN - f.minN) / 1000, 6) * 1000;
  for (let e = Math.ceil(f.minE / stepM) * stepM; e <= f.maxE; e += stepM) {
    out.push(
      `<line x1="${num(f.x(e))}" x2="${num(f.x(e))}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="${COLOURS.paleGrey}"/>`,
    );
    out.push(svgText(f.x(e), HEIGHT - PAD.bottom + 16, num(e / 1000), 'text-anchor="middle"'));
  }
  for (let n = Math.ceil(f.minN / stepM) * stepM; n <= f.maxN; n += stepM) {
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${num(f.y(n))}" y2="${num(f.y(n))}" stroke="${COLOURS.paleGrey}"/>`,
    );
    out.push(svgText(PAD.left - 6, f.y(n) + 4, num(n / 1000), 'text-anchor="end"'));
  }
  out.push(
    `<rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}" fill="none" stroke="${COLOURS.grey}"/>`,
  );
  out.push(
    svgText(
      (PAD.left + WIDTH - PAD.right) / 2,
      HEIGHT - PAD.bottom + 34,
      'Easting (km, British National Grid EPSG:27700)',
      'text-anchor="middle"',
    ),
  );
  const cy = (PAD.top + HEIGHT - PAD.bottom) / 2;
  out.push(
    svgText(
      16,
      cy,
      'Northing (km, British National Grid)',
      `text-anchor="middle" transform="rotate(-90 16 ${num(cy)})"`,
    ),
  );
  return out.join('');
}

function scaleBarAndNorth(f: Frame): string {
  const target = f.metresPerPixel * 120;
  const p = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * p).find((m) => m <= target) ?? p;
  const px = metres / f.metresPerPixel;
  const x = WIDTH - PAD.right - 20 - px;
  const y = HEIGHT - PAD.bottom - 16;
  const text = metres >= 1000 ? `${num(metres / 1000)} km` : `${metres} m`;
  const nx = WIDTH - PAD.right - 24;
  const ny = PAD.top + 12;
  return (
    `<rect x="${num(x)}" y="${y}" width="${num(px)}" height="5" fill="${COLOURS.black}"/>` +
    svgText(x + px / 2, y - 4, text, 'text-anchor="middle"') +
    `<path d="M${nx} ${ny}l-7 20h14z" fill="${COLOURS.black}"/>` +
    svgText(nx, ny + 34, 'N (grid)', 'text-anchor="middle"')
  );
}

function describeMovements(
  stays: readonly Stay[],
  journeys: readonly Journey[],
  outside: number,
  label: (s: Stay) => string,
): string {
  const parts = [
    `Map in British National Grid of ${plural(stays.length, 'stay')} and ${plural(journeys.length, 'journey')}; no map background.`,
    ...stays.slice(0, 50).map((s) => `Stay ${s.number}${label(s) ? ` (${label(s)})` : ''}: ${stayTimes(s)}.`),
  ];
  if (stays.length > 50) parts.push(`${plural(stays.length - 50, 'further stay')} listed in the table.`);
  if (outside > 0)
    parts.push(
      `${plural(outside, 'stay')} outside Great Britain, drawn in the same grid, which is distorted there.`,
    );
  return parts.join(' ');
}

/**
 * Stays and journeys as an accessible SVG map on British National Grid eastings and northings
 * (no map tiles): axes in km, a scale bar, a grid-north arrow, stays as circles (area by
 * duration) numbered with their local times, journeys as lines. Stays outside Great Britain are
 * still drawn, with a note. `label` may add a shown name to a stay (the caller masks places).
 */
export function movementsSvg(
  stays: readonly Stay[],
  journeys: readonly Journey[],
  label: (s: Stay) => string = () => '',
): string {
  const title = 'Stays and journeys of the device';
  if (stays.length === 0) {
    return (
      svgOpen('device-movements', WIDTH, 60, title, 'No stays found.') +
      svgText(10, 30, 'No stays found') +
      '</svg>'
    );
  }
  const f = frameOf(stays);
  const outside = stays.filter((s) => !s.inGreatBritain).length;
  const byNumber = new Map(stays.map((s) => [s.number, s]));
  const longest = Math.max(1, ...stays.map((s) => s.durationSeconds));
  const out = [
    svgOpen('device-movements', WIDTH, HEIGHT, title, describeMovements(stays, journeys, outside, label)),
    axes(f),
  ];
  for (const j of journeys) {
    const a = byNumber.get(j.fromStay);
    const b = byNumber.get(j.toStay);
    if (!a || !b) continue;
    out.push(
      `<line x1="${num(f.x(a.easting))}" y1="${num(f.y(a.northing))}" x2="${num(f.x(b.easting))}" y2="${num(f.y(b.northing))}" stroke="${COLOURS.blue}" stroke-width="2"><title>${escapeXml(`Journey from stay ${j.fromStay} to stay ${j.toStay}: ${num(j.straightMetres / 1000)} km`)}</title></line>`,
    );
  }
  for (const s of stays) {
    const r = 4 + 16 * Math.sqrt(s.durationSeconds / longest);
    const extra = label(s);
    const text = `${s.number} ${stayTimes(s)}${extra ? ` ${extra}` : ''}`;
    out.push(
      `<circle cx="${num(f.x(s.easting))}" cy="${num(f.y(s.northing))}" r="${num(r)}" fill="${s.inGreatBritain ? COLOURS.orange : COLOURS.red}" fill-opacity="0.6" stroke="${COLOURS.black}"/>`,
    );
    out.push(svgText(f.x(s.easting) + r + 3, f.y(s.northing) + 4, text, HALO));
  }
  out.push(scaleBarAndNorth(f));
  if (outside > 0) {
    out.push(
      svgText(
        PAD.left,
        HEIGHT - 10,
        `${plural(outside, 'stay')} (red) outside Great Britain: drawn in the same grid, which is distorted there.`,
        `fill="${COLOURS.red}"`,
      ),
    );
  }
  out.push('</svg>');
  return out.join('');
}
