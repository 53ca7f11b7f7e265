import { type ForecastFeatureCollection, forecastGeoJson } from '../forecast/geojson.ts';
import type { MapLabel } from '../forecast/labels.ts';
import { type CrimeTypeStatement, type ForecastPeriod, POLICE_UK_NOTICE } from '../forecast/model.ts';
import { statedCrimeTypes } from '../forecast/safeguards.ts';
import { renderRiskMap } from '../forecast/svg.ts';
import { topCellsTable } from '../forecast/table.ts';
import { cellOf } from '../grid.ts';
import { hotspotsInputSchema, hotspotsOutputSchema } from '../module.ts';
import { parseIsoMinutes } from '../time.ts';
import type { RiskSurface } from '../types.ts';
import { type HotspotsInput, POLICE_UK_CRIME_TYPES, POLICE_UK_IMPORT_PREFIX } from './hotspot-run.ts';

/**
 * How a hot spot forecast run is shown (pure): the risk surface, map, table and GeoJSON built
 * from the run's output, with the study area and crime types taken from its input when the viewer
 * may see it. Nothing here shows a recorded event: only counts, periods and 150 m cells.
 */

export type HotspotsOutput = ReturnType<typeof hotspotsOutputSchema.parse>;

export const parseHotspotsOutput = (v: unknown): HotspotsOutput | null => {
  const r = hotspotsOutputSchema.safeParse(v);
  return r.success ? r.data : null;
};

export const parseHotspotsInput = (v: unknown): HotspotsInput | null => {
  const r = hotspotsInputSchema.safeParse(v);
  return r.success ? r.data : null;
};

/** Whether a run's input came from police.uk data (its maps carry the police.uk caveat). */
export const isPoliceUk = (input: HotspotsInput | null) =>
  Boolean(input?.importId?.startsWith(POLICE_UK_IMPORT_PREFIX));

/**
 * The forecast period a run covers: police.uk data is monthly, so a forecast starting on the 1st
 * covers that calendar month; otherwise the week from t0.
 */
export function forecastPeriod(t0: string): ForecastPeriod {
  const d = new Date(parseIsoMinutes(t0) * 60_000);
  const start = d.toISOString().slice(0, 10);
  const end =
    d.getUTCDate() === 1
      ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))
      : new Date(d.getTime() + 7 * 86_400_000);
  return { start, end: end.toISOString().slice(0, 10) };
}

/**
 * The crime types a run used, as every map must state them: those the output records (else those
 * in the input). The types available are those recorded in the source data's training window when
 * the input carries them; else, for police.uk data, its 14 categories; otherwise only the types used.
 */
export function runCrimeTypes(
  output: HotspotsOutput,
  input: HotspotsInput | null,
): CrimeTypeStatement | null {
  const used = output.crimeTypes.length
    ? output.crimeTypes
    : [...new Set((input?.events ?? []).map((e) => e.category).filter(Boolean))];
  if (used.length === 0) return null;
  const available = input?.recordedCrime?.crimeTypes ?? (isPoliceUk(input) ? POLICE_UK_CRIME_TYPES : used);
  return statedCrimeTypes(used, [...new Set([...available, ...used])]);
}

/**
 * The surface drawn: the output's top cells carry their forecast risk; the other study-area cells
 * (cells with a recorded event before t0, rebuilt from the input on the output's grid) carry zero
 * and are drawn light grey. Without the input, only the top cells form the surface.
 */
export function forecastSurface(output: HotspotsOutput, input: HotspotsInput | null): RiskSurface {
  const risk = new Map<number, number>(output.topCells.map((c) => [c.cell, c.risk]));
  if (input) {
    const t0 = parseIsoMinutes(output.t0);
    for (const e of input.events) {
      if (parseIsoMinutes(e.time) >= t0) continue;
      const c = cellOf(output.grid, e.x, e.y);
      if (c >= 0 && !risk.has(c)) risk.set(c, 0);
    }
  }
  const cells = Int32Array.from([...risk.keys()].sort((a, b) => a - b));
  return {
    grid: output.grid,
    crs: output.crs,
    cells,
    risk: Float64Array.from(cells, (c) => risk.get(c) ?? 0),
  };
}

/** Area of the study area in km². */
export const studyAreaKm2 = (output: HotspotsOutput) =>
  (output.studyCells * output.grid.cellSize * output.grid.cellSize) / 1e6;

/** Statements printed under the map and carried by the GeoJSON. */
export function forecastNotices(output: HotspotsOutput, input: HotspotsInput | null): string[] {
  const km2 = studyAreaKm2(output);
  return [
    `Study area: ${output.studyCells.toLocaleString('en-GB')} cells of ${output.grid.cellSize} m ` +
      `(${km2.toLocaleString('en-GB', { maximumFractionDigits: 1 })} km²) with recorded crime before the forecast; ` +
      `the ${output.topCells.length} highest-risk cells are coloured and outlined.`,
    ...(isPoliceUk(input) ? [POLICE_UK_NOTICE] : []),
  ];
}

/** The statement for a forecast whose records carried no crime types. */
const UNSTATED: CrimeTypeStatement = {
  used: ['not recorded'],
  available: ['not recorded'],
  allTypes: false,
  singleType: false,
  notice: 'The records this forecast used carried no crime types.',
};

/** The crime types every map of a run states, saying so when its records carried none. */
export const statedRunCrimeTypes = (
  output: HotspotsOutput,
  input: HotspotsInput | null,
): CrimeTypeStatement => runCrimeTypes(output, input) ?? UNSTATED;

export interface HotspotView {
  svg: string;
  rows: Array<{
    rank: number;
    cell: number;
    easting: string;
    northing: string;
    lon: string;
    lat: string;
    risk: string;
  }>;
  crimeTypes: CrimeTypeStatement;
  period: ForecastPeriod;
  studyCells: number;
  cellSize: number;
  studyAreaKm2: string;
  notices: string[];
}

/**
 * Widest empty gap kept inside the map, metres: a quarter of the span of the middle 90% of the
 * study area along its longer axis, and at least 2 km. police.uk files hold a few crimes geocoded
 * far outside the force area; beyond such a gap they are left off the map (and counted in its
 * caption) so the study area fills the frame, while the gaps between a rural force's villages,
 * small against its span, stay on it.
 */
export function mapMaxGap(surface: RiskSurface): number {
  const { ncols, cellSize } = surface.grid;
  const cols = Array.from(surface.cells, (c) => c % ncols).sort((a, b) => a - b);
  const rows = Array.from(surface.cells, (c) => Math.floor(c / ncols)).sort((a, b) => a - b);
  const middle = (v: number[]) =>
    v.length ? v[Math.floor(0.95 * (v.length - 1))]! - v[Math.floor(0.05 * (v.length - 1))]! + 1 : 0;
  return Math.max(2000, (Math.max(middle(cols), middle(rows)) * cellSize) / 4);
}

/** Map, table and statements for the run page. */
export function hotspotView(
  output: HotspotsOutput,
  input: HotspotsInput | null,
  options: { title?: string; labels?: readonly MapLabel[] } = {},
): HotspotView {
  const surface = forecastSurface(output, input);
  const crimeTypes = statedRunCrimeTypes(output, input);
  const period = forecastPeriod(output.t0);
  const notices = forecastNotices(output, input);
  const selected = output.topCells.map((c) => c.cell);
  const svg = renderRiskMap(surface, {
    selected,
    crimeTypes,
    period,
    method: output.method,
    notices,
    maxGap: mapMaxGap(surface),
    labels: options.labels ?? [],
    ...(options.title ? { title: options.title } : {}),
  });
  const rows = topCellsTable(surface, selected.length).map((r) => ({
    rank: r.rank,
    cell: r.cell,
    easting: r.easting.toFixed(0),
    northing: r.northing.toFixed(0),
    lon: r.lon.toFixed(5),
    lat: r.lat.toFixed(5),
    risk: Number(r.risk.toPrecision(3)).toLocaleString('en-GB'),
  }));
  return {
    // Scales down with the page (max-width 100%), keeping its aspect ratio.
    svg: svg.replace('<svg ', '<svg class="bl-figure" '),
    rows,
    crimeTypes,
    period,
    studyCells: output.studyCells,
    cellSize: output.grid.cellSize,
    studyAreaKm2: studyAreaKm2(output).toLocaleString('en-GB', { maximumFractionDigits: 1 }),
    notices,
  };
}

/** The forecast's top cells as GeoJSON (RFC 7946), rank order, with its statements. */
export function hotspotGeoJson(
  output: HotspotsOutput,
  input: HotspotsInput | null,
): ForecastFeatureCollection {
  const surface = forecastSurface(output, input);
  return forecastGeoJson(
    surface,
    output.topCells.map((c) => c.cell),
    {
      method: output.method,
      crimeTypes: statedRunCrimeTypes(output, input).used,
      period: forecastPeriod(output.t0),
      notices: forecastNotices(output, input),
    },
  );
}

/**
 * The output with some top cells dropped by a reviewer, the rest re-ranked in order (pure). The
 * patrol plan follows: the hot spot share is shared again over the cells kept (in proportion to
 * their planned shares), and dropped cells join the low-risk or rural cells outside the hot spots,
 * whose zone shares stay as planned, so the floors still hold.
 */
export function dropTopCells(output: HotspotsOutput, drop: ReadonlySet<number>): HotspotsOutput {
  const kept = output.topCells.filter((c) => !drop.has(c.cell));
  const amended = { ...output, topCells: kept.map((c, i) => ({ ...c, rank: i + 1 })) };
  const plan = output.patrolPlan;
  if (!plan) return amended;
  const dropped = plan.hotspotCells.filter((c) => drop.has(c.cell));
  if (dropped.length === 0) return amended;
  const rural = new Set(plan.ruralCells);
  const hotspotCells = plan.hotspotCells.filter((c) => !drop.has(c.cell));
  const keptShare = hotspotCells.reduce((a, c) => a + c.share, 0);
  const hotShare = plan.zones.hotspot.share;
  const toRural = dropped.filter((c) => rural.has(c.cell)).length;
  const toLow = dropped.length - toRural;
  const lowCells = plan.zones['low-risk'].cells + toLow;
  const ruralCells = plan.zones.rural.cells + toRural;
  const lowShare = plan.zones['low-risk'].share;
  const ruralShare = plan.zones.rural.share;
  return {
    ...amended,
    patrolPlan: {
      ...plan,
      zones: {
        hotspot: { cells: hotspotCells.length, share: hotShare },
        'low-risk': { cells: lowCells, share: lowShare },
        rural: { cells: ruralCells, share: ruralShare },
      },
      hotspotCells: hotspotCells.map((c) => ({
        cell: c.cell,
        share: keptShare > 0 ? (c.share * hotShare) / keptShare : hotShare / hotspotCells.length,
      })),
      lowRiskCellShare: lowCells > 0 ? lowShare / lowCells : 0,
      ruralCellShare: ruralCells > 0 ? ruralShare / ruralCells : 0,
      explanation: `${plan.explanation} Amended on review: ${dropped.length} cell${dropped.length === 1 ? '' : 's'} dropped from the hot spots; their time is shared over the hot spots kept.`,
    },
  };
}

/** Percentages for people: whole numbers, or 2 significant figures under 1%. */
export function sharePct(x: number): string {
  const v = x * 100;
  if (v === 0) return '0%';
  return `${v >= 1 ? Math.round(v * 10) / 10 : Number(v.toPrecision(2))}%`;
}

export interface PatrolPlanView {
  rows: Array<{ zone: string; cells: number; share: string; each: string }>;
  explanation: string;
  policy: string;
  ruralDefinition: string;
  hotspotRows: Array<{ rank: number; cell: number; share: string }>;
}

/** The patrol plan in plain words and a table, or null for forecasts made before plans existed. */
export function patrolPlanView(output: HotspotsOutput): PatrolPlanView | null {
  const plan = output.patrolPlan;
  if (!plan) return null;
  const z = plan.zones;
  const rankOf = new Map(output.topCells.map((c) => [c.cell, c.rank]));
  return {
    rows: [
      {
        zone: 'Hot spot cells',
        cells: z.hotspot.cells,
        share: sharePct(z.hotspot.share),
        each: 'in proportion to forecast risk',
      },
      {
        zone: 'Low-risk cells',
        cells: z['low-risk'].cells,
        share: sharePct(z['low-risk'].share),
        each: `${sharePct(plan.lowRiskCellShare)} each`,
      },
      {
        zone: 'Rural cells',
        cells: z.rural.cells,
        share: sharePct(z.rural.share),
        each: z.rural.cells ? `${sharePct(plan.ruralCellShare)} each` : 'none in the study area',
      },
    ],
    explanation: plan.explanation,
    policy:
      `At least ${sharePct(plan.minOutsideShare)} of patrol time goes outside the hot spots, of which at least ` +
      `${sharePct(plan.minRuralShare)} of all patrol time goes to rural cells (the force's safeguard policy).`,
    ruralDefinition: plan.ruralDefinition,
    hotspotRows: plan.hotspotCells.map((c) => ({
      rank: rankOf.get(c.cell) ?? 0,
      cell: c.cell,
      share: sharePct(c.share),
    })),
  };
}

/** What a hot spot input holds, for people: counts and periods, never an event. */
export interface HotspotInputSummary {
  events: number;
  crimeTypes: Array<{ name: string; count: number }>;
  firstMonth: string;
  lastMonth: string;
  crs: string;
  source: string;
  t0: string;
}

const monthName = (iso: string) =>
  new Date(parseIsoMinutes(iso) * 60_000).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/**
 * `importTitle` names the force's crime data import the input came from (looked up by the caller
 * in the run's force), shown instead of the import's id.
 */
export function summariseHotspotInput(input: HotspotsInput, importTitle?: string): HotspotInputSummary {
  const counts = new Map<string, number>();
  let first = input.events[0]!.time;
  let last = first;
  for (const e of input.events) {
    counts.set(e.category || 'Not given', (counts.get(e.category || 'Not given') ?? 0) + 1);
    if (e.time < first) first = e.time;
    if (e.time > last) last = e.time;
  }
  return {
    events: input.events.length,
    crimeTypes: [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
    firstMonth: monthName(first),
    lastMonth: monthName(last),
    crs: input.crs === 'EPSG:27700' ? 'British National Grid (EPSG:27700)' : input.crs,
    source: importTitle
      ? `Your force's data: ${importTitle}${isPoliceUk(input) ? ' (police.uk street crime)' : ''}`
      : input.importId
        ? isPoliceUk(input)
          ? `police.uk street crime: ${input.importId.slice(POLICE_UK_IMPORT_PREFIX.length)}`
          : input.importId
        : 'Not recorded',
    t0: input.t0,
  };
}
