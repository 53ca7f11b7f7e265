import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type ColumnMapping, columnMappingSchema, policeUkMapping } from '../ingest/mapping.ts';
import { readEvents } from '../ingest/read-events.ts';
import { addDuration, fieldsOf, formatMinutes, parseDuration, parseIsoMinutes } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { buildForecast, type ForecastResult } from './forecast.ts';
import { forecastGeoJson } from './geojson.ts';
import type { MapLabel } from './labels.ts';
import { describePeriod, POLICE_UK_NOTICE } from './model.ts';
import { labelsFromNamedEvents } from './place-names.ts';
import { checkPublicRequest, PUBLIC_MIN_CELL_SIZE, publicSurface } from './public.ts';
import { checkCoverage, type SafeguardPolicy } from './safeguards.ts';
import { renderRiskMap } from './svg.ts';
import { type TopCellRow, topCellsTable } from './table.ts';

/** The options of `bluelamp hotspots forecast`, as parsed from the command line. */
export interface ForecastCommandOptions {
  data: string;
  format: 'police-uk' | 'csv';
  mapping?: string;
  crs?: string;
  at: string;
  method: string;
  period: string;
  train: string;
  crimeTypes?: string;
  coverage: number;
  cellSize: number;
  cap: number;
  minOutside: number;
  minRural: number;
  ruralDensity: number;
  ruralRadius: number;
  svg?: string;
  geojson?: string;
  allCells?: boolean;
  public?: boolean;
  publicCellSize: number;
  publicDelay: number;
  today?: string;
  labelColumn?: string;
  top: number;
  json?: boolean;
}

export interface CommandIo {
  /** Progress lines for people (stderr in the CLI). */
  progress: (line: string) => void;
}

/** What the command reports, also its `--json` output. */
export interface ForecastReport {
  method: string;
  period: { start: string; end: string; text: string };
  crimeTypes: ForecastResult['crimeTypes'];
  studyCells: number;
  cellSize: number;
  crs: string;
  selectedCells: number;
  coverage: number;
  riskShare: number;
  trainingEvents: number;
  patrolPlan: { zones: ForecastResult['plan']['zones']; explanation: string };
  rural: ForecastResult['rural'];
  top: TopCellRow[];
  notices: string[];
  public: boolean;
  written: string[];
}

/**
 * Reads the data through the ingest, builds the forecast with its safeguards, writes the SVG and
 * GeoJSON asked for (only once everything has been computed) and reports the top cells.
 */
export async function runForecastCommand(o: ForecastCommandOptions, io: CommandIo): Promise<ForecastReport> {
  const files = o.data
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of files) if (!existsSync(f)) throw new Error(`--data: file not found: ${f}`);
  const policeUk = o.format === 'police-uk';
  const mapping = policeUk ? policeUkMapping : readMapping(o.mapping);
  const crs = o.crs ?? (policeUk ? 'EPSG:27700' : mapping.coordinates.crs);
  if (crs === 'EPSG:4326') throw new Error('--crs: give a metric grid CRS (e.g. EPSG:27700 or EPSG:32630)');
  const t0 = parseOption('--at', () => parseIsoMinutes(o.at));
  const period = parseOption('--period', () => parseDuration(o.period));
  const train = parseOption('--train', () => parseDuration(o.train));
  if (policeUk) {
    if (fieldsOf(t0).day !== 1 || period.days !== 0) {
      throw new Error(
        '--at/--period: police.uk dates are months only, so forecasts start on the 1st and run whole months',
      );
    }
  }
  const policy: SafeguardPolicy = {
    maxCoverage: o.cap,
    minOutsideShare: o.minOutside,
    minRuralShare: o.minRural,
  };
  checkCoverage(o.coverage, policy);
  const today = o.today ?? new Date().toISOString().slice(0, 10);
  const publicPolicy = { cellSize: PUBLIC_MIN_CELL_SIZE, delayDays: o.publicDelay };
  if (o.public) {
    const end = formatMinutes(addDuration(t0, period)).slice(0, 10);
    checkPublicRequest({ period: { start: o.at, end }, today, cellSize: o.publicCellSize }, publicPolicy);
  }
  const onProgress = (rows: number) => io.progress(`read ${rows.toLocaleString('en-GB')} rows`);
  const { events, report } = await readEvents(files, { mapping, toCrs: crs, onProgress });
  io.progress(`kept ${report.kept.toLocaleString('en-GB')} of ${report.read.toLocaleString('en-GB')} rows`);
  const result = buildForecast({
    events,
    crs,
    t0,
    period,
    train,
    method: o.method,
    ...(o.crimeTypes ? { crimeTypes: o.crimeTypes.split(',').map((s) => s.trim()) } : {}),
    coverage: o.coverage,
    cellSize: o.cellSize,
    policy,
    rural: { maxDensity: o.ruralDensity, radius: o.ruralRadius },
  });
  const notices = policeUk ? [POLICE_UK_NOTICE] : [];
  const meta = { method: result.method, crimeTypes: result.crimeTypes.used, period: result.period };

  let surface = result.surface;
  let selected: Int32Array = result.selection.cells;
  let focus: Int32Array = new Int32Array(0);
  if (o.public) {
    const pub = publicSurface(
      result.surface,
      { period: result.period, today, cellSize: o.publicCellSize },
      publicPolicy,
    );
    surface = pub.surface;
    selected = new Int32Array(0);
    // The public map may zoom on its highest-risk squares (as many as the coverage asked for).
    focus = Int32Array.from(
      topCellsTable(surface, Math.max(1, Math.floor(surface.cells.length * o.coverage))),
      (row) => row.cell,
    );
    notices.push(pub.notice);
  }

  const outputs: Array<[string, string]> = [];
  if (o.svg) {
    const labelColumn = o.labelColumn ?? (policeUk ? 'Location' : undefined);
    const labels = labelColumn
      ? await readLabels(files, mapping, labelColumn, crs, o.public ? [] : Array.from(selected), surface.grid)
      : [];
    const svg = renderRiskMap(surface, {
      selected,
      focus,
      crimeTypes: result.crimeTypes,
      period: result.period,
      method: result.method,
      notices,
      labels,
      ...(o.public ? { title: `Past crime risk (public version): ${titleTypes(result)}` } : {}),
    });
    outputs.push([o.svg, svg]);
  }
  if (o.geojson) {
    const fc = forecastGeoJson(surface, selected, { ...meta, notices }, { allCells: o.allCells || o.public });
    outputs.push([o.geojson, `${JSON.stringify(fc)}\n`]);
  }
  for (const [file, text] of outputs) writeFileSync(file, text);

  const top = o.public ? [] : topCellsTable(result.surface, o.top);
  return {
    method: result.method,
    period: { ...result.period, text: describePeriod(result.period) },
    crimeTypes: result.crimeTypes,
    studyCells: result.selection.studyCells,
    cellSize: result.surface.grid.cellSize,
    crs,
    selectedCells: result.selection.cells.length,
    coverage: result.selection.achievedCoverage,
    riskShare: result.selection.riskShare,
    trainingEvents: result.trainingEvents,
    patrolPlan: { zones: result.plan.zones, explanation: result.plan.explanation },
    rural: result.rural,
    top,
    notices,
    public: Boolean(o.public),
    written: outputs.map(([f]) => f),
  };
}

/** The report as text for people. */
export function formatReport(r: ForecastReport): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `Forecast by ${r.method} for ${r.period.text} (${r.trainingEvents.toLocaleString('en-GB')} training events).`,
    `Crime types: ${r.crimeTypes.notice}`,
    `Study area: ${r.studyCells.toLocaleString('en-GB')} cells of ${r.cellSize} m (${r.crs}).`,
    `Hot spots: ${r.selectedCells} cells (${pct(r.coverage)} of the study area) holding ${pct(r.riskShare)} of forecast risk.`,
    `Patrol plan: ${r.patrolPlan.explanation}`,
    ...r.notices.map((n) => `Note: ${n}`),
  ];
  if (r.top.length > 0) {
    lines.push('', 'rank  cell        easting   northing  longitude   latitude    risk        share');
    for (const t of r.top) {
      lines.push(
        [
          String(t.rank).padEnd(5),
          String(t.cell).padEnd(11),
          t.easting.toFixed(0).padEnd(9),
          t.northing.toFixed(0).padEnd(9),
          t.lon.toFixed(6).padEnd(11),
          t.lat.toFixed(6).padEnd(11),
          Number(t.risk.toPrecision(4)).toString().padEnd(11),
          pct(t.share),
        ].join(' '),
      );
    }
  }
  for (const f of r.written) lines.push(`Wrote ${f}`);
  return lines;
}

function titleTypes(r: ForecastResult): string {
  return r.crimeTypes.allTypes ? 'all crime types' : r.crimeTypes.used.join(', ');
}

function parseOption<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

/** `--mapping`: inline JSON or the path of a JSON file, validated against the ingest's schema. */
function readMapping(text: string | undefined): ColumnMapping {
  if (!text)
    throw new Error('--mapping is required with --format csv (a JSON column mapping or a file holding one)');
  let json: unknown;
  try {
    json = JSON.parse(text.trim().startsWith('{') ? text : readFileSync(text, 'utf8'));
  } catch (e) {
    throw new Error(`--mapping: not readable JSON (${(e as Error).message})`);
  }
  const parsed = columnMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--mapping: invalid at '${issue?.path.join('.')}': ${issue?.message}`);
  }
  return parsed.data;
}

/** Place-name labels: the data read again through the ingest with the name column as category. */
async function readLabels(
  files: string[],
  mapping: ColumnMapping,
  column: string,
  crs: string,
  priorityCells: number[],
  grid: ForecastResult['surface']['grid'],
): Promise<MapLabel[]> {
  const named: CrimeEvent[] = (
    await readEvents(files, { mapping: { ...mapping, category: column }, toCrs: crs })
  ).events;
  return labelsFromNamedEvents(named, grid, priorityCells);
}
