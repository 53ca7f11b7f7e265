import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { projectRoot, sharedDir, sharedFile } from '../../../shared-data.ts';
import { type CrimeImportSummary, listCrimeImports, loadCrimeEvents } from '../crime-data/service.ts';
import { policeUkMapping } from '../ingest/mapping.ts';
import { IngestError, readEvents } from '../ingest/read-events.ts';
import type { hotspotsInputSchema } from '../module.ts';
import { formatMinutes, minutesOf } from '../time.ts';
import type { CrimeEvent } from '../types.ts';

/**
 * Builds the input of a hot spot forecast run from a police.uk street-crime reference file (read
 * through the ingest, all or nothing, errors naming file, line and field, projected to British
 * National Grid) or from one of the force's own crime data imports (already projected, stored
 * encrypted), filtered to the chosen crime types and cut to the training window before the
 * forecast month so the stored input stays small.
 */

export type HotspotsInput = z.infer<typeof hotspotsInputSchema>;

/** The 14 categories of police.uk street-level crime data. */
export const POLICE_UK_CRIME_TYPES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
] as const;

/** A police.uk file a forecast can be built from, with the months it holds. */
export interface HotspotSource {
  id: string;
  title: string;
  /** Path under the shared folder, or (with `bundled`) under the repository. */
  parts: string[];
  /** Shipped in the repository (a small extract the demo needs), not read from the shared folder. */
  bundled?: boolean;
  /** First and last month held, `YYYY-MM`. */
  first: string;
  last: string;
}

/**
 * The reference police.uk files in the shared data folder (Open Government Licence v3.0). A
 * force's own crime data imports are offered beside these (`hotspotSources`).
 */
export const HOTSPOT_SOURCES: readonly HotspotSource[] = [
  {
    id: 'city-of-london',
    title: 'City of London Police, police.uk street crime, April 2018 to November 2020',
    // The columns a forecast reads, shipped with the hot spot module (Open Government Licence
    // v3.0: see src/modules/hotspots/data/README.md), so the demo needs nothing outside the repository.
    parts: ['src', 'modules', 'hotspots', 'data', 'city-of-london-street-2018-04_2020-11.csv.gz'],
    bundled: true,
    first: '2018-04',
    last: '2020-11',
  },
  {
    id: 'northumbria',
    title: 'Northumbria Police, police.uk street crime, May 2020 to February 2023',
    parts: ['data', 'northumbria-street-2020-05_2023-02.csv.gz'],
    first: '2020-05',
    last: '2023-02',
  },
];

/** Where a reference file is: in the repository when bundled, else in the shared folder. */
export function sourceFile(source: HotspotSource): string {
  return source.bundled ? path.join(projectRoot, ...source.parts) : sharedFile(...source.parts);
}

/** Whether a reference file can be read here (a shared one may be missing). */
export function sourceAvailable(source: HotspotSource): boolean {
  return source.bundled ? true : existsSync(path.join(sharedDir, ...source.parts));
}

/** The prefix of `importId` for runs built from police.uk data (their maps carry its caveat). */
export const POLICE_UK_IMPORT_PREFIX = 'police.uk:';

/** The prefix of a source id (and of a run's `importId`) naming one of the force's imports. */
export const IMPORT_SOURCE_PREFIX = 'import:';

/** One of the force's crime data imports, as a source a forecast can be built from. */
export interface ImportSource {
  id: string;
  title: string;
  importId: string;
  kind: CrimeImportSummary['kind'];
  /** The crime types found in the import. */
  crimeTypes: readonly string[];
  first: string;
  last: string;
}

export type ForecastSource = HotspotSource | ImportSource;

const isImport = (s: ForecastSource): s is ImportSource => 'importId' in s;

/** The crime types a source offers: police.uk's 14 categories, or those found in an import. */
export const sourceCrimeTypes = (s: ForecastSource): readonly string[] =>
  isImport(s) ? s.crimeTypes : POLICE_UK_CRIME_TYPES;

/** An import as a forecast source: its months run from its first to its last event. */
export function importSource(s: CrimeImportSummary): ImportSource {
  return {
    id: `${IMPORT_SOURCE_PREFIX}${s.id}`,
    title: `${s.title} (imported ${s.createdAt.slice(0, 10)})`,
    importId: s.id,
    kind: s.kind,
    crimeTypes: s.categories.map((c) => c.name).filter(Boolean),
    first: s.firstMonth,
    last: s.lastMonth,
  };
}

/** The sources a force can forecast from: the reference files, then its own imports (newest first). */
export async function hotspotSources(db: Kysely<DB>, forceId: number): Promise<ForecastSource[]> {
  return [...HOTSPOT_SOURCES, ...(await listCrimeImports(db, forceId)).map(importSource)];
}

export interface HotspotRunRequest {
  /** A reference file's id, or `import:<id>` for one of the force's imports. */
  sourceId: string;
  /** Crime types to keep (of those the source offers); at least one. */
  crimeTypes: readonly string[];
  /** First month of the forecast, `YYYY-MM`. */
  forecastMonth: string;
  /** Days of history before the forecast kept in the input (the module's training window). */
  trainDays: number;
}

export interface HotspotRunProblem {
  field: 'sourceId' | 'crimeTypes' | 'forecastMonth';
  message: string;
}

export interface HotspotRunBuilt {
  input: HotspotsInput;
  rowsRead: number;
  /** Rows without usable coordinates, by reason. */
  dropped: Record<string, number>;
}

const monthIndex = (ym: string) => {
  const [y, m] = ym.split('-').map(Number);
  return (y ?? 0) * 12 + (m ?? 1) - 1;
};
const monthText = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** The forecast months a source supports: a full training window before, at most a month after. */
export function forecastMonths(
  source: Pick<HotspotSource, 'first' | 'last'>,
  trainDays: number,
): { first: string; last: string } {
  return {
    first: monthText(monthIndex(source.first) + Math.ceil(trainDays / 30.4)),
    last: monthText(monthIndex(source.last) + 1),
  };
}

/** A request that does not fit the sources offered; `problems` says what is wrong, field by field. */
export class HotspotRequestError extends Error {
  constructor(readonly problems: HotspotRunProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'HotspotRequestError';
  }
}

/**
 * A hot spot input as a caller sent it, without `importId`: only inputs built here from a
 * source (`buildHotspotInput`) say where their data came from, so a caller cannot borrow an
 * import's title or the police.uk caveat for data of its own.
 */
export function callerInput(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !('importId' in input))
    return input;
  const { importId: _dropped, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** What is wrong with a request, field by field, against the sources offered (pure). */
export function checkHotspotRequest(
  req: HotspotRunRequest,
  sources: readonly ForecastSource[] = HOTSPOT_SOURCES,
): HotspotRunProblem[] {
  const problems: HotspotRunProblem[] = [];
  const source = sources.find((s) => s.id === req.sourceId);
  if (!source) problems.push({ field: 'sourceId', message: 'Choose the crime data to forecast from' });
  const known = new Set<string>(source ? sourceCrimeTypes(source) : POLICE_UK_CRIME_TYPES);
  if (req.crimeTypes.length === 0)
    problems.push({ field: 'crimeTypes', message: 'Choose at least one crime type' });
  else if (req.crimeTypes.some((t) => !known.has(t)))
    problems.push({
      field: 'crimeTypes',
      message:
        source && isImport(source)
          ? `Choose crime types found in this data (${[...known].join(', ')})`
          : 'Choose crime types from the list',
    });
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(req.forecastMonth)) {
    problems.push({
      field: 'forecastMonth',
      message: 'Enter the forecast month and year, for example 11 2020',
    });
  } else if (source) {
    const range = forecastMonths(source, req.trainDays);
    if (range.first > range.last) {
      problems.push({
        field: 'sourceId',
        message: `This data (${source.first} to ${source.last}) is too short to forecast from: ${req.trainDays} days of history are needed before the forecast month`,
      });
    } else if (req.forecastMonth < range.first || req.forecastMonth > range.last) {
      problems.push({
        field: 'forecastMonth',
        message: `The forecast month must be between ${range.first} and ${range.last} for this data (a year of history is needed before it)`,
      });
    }
  }
  return problems;
}

/** The events of the training window `[t0 - trainDays, t0)` of the chosen types, oldest first (pure). */
export function trainingWindow(
  events: readonly CrimeEvent[],
  t0: number,
  trainDays: number,
  crimeTypes: readonly string[],
): CrimeEvent[] {
  const start = t0 - trainDays * 1440;
  const types = new Set(crimeTypes);
  return events.filter((e) => e.t >= start && e.t < t0 && types.has(e.category)).sort((a, b) => a.t - b.t);
}

/** Side of the squares all recorded crime is counted over for the rural classification, metres. */
const SQUARE = 150;

/**
 * All recorded crime of every type in the training window, counted per 150 m square of the
 * British National Grid (centre x, y and count), so the forecast judges rural areas on all crime
 * rather than on the forecast's crime types alone (pure).
 */
export function recordedCrimeSquares(
  events: readonly CrimeEvent[],
  t0: number,
  trainDays: number,
): NonNullable<HotspotsInput['recordedCrime']> {
  const start = t0 - trainDays * 1440;
  const counts = new Map<string, [number, number, number]>();
  const types = new Set<string>();
  for (const e of events) {
    if (e.t < start || e.t >= t0) continue;
    if (e.category) types.add(e.category);
    const x = (Math.floor(e.x / SQUARE) + 0.5) * SQUARE;
    const y = (Math.floor(e.y / SQUARE) + 0.5) * SQUARE;
    const key = `${x},${y}`;
    const square = counts.get(key);
    if (square) square[2] += 1;
    else counts.set(key, [x, y, 1]);
  }
  return { cellSize: SQUARE, squares: [...counts.values()], crimeTypes: [...types].sort() };
}

/** Where a forecast's data is looked up: the force whose imports may be used. */
export interface HotspotContext {
  db: Kysely<DB>;
  forceId: number;
}

/**
 * Reads the chosen source and returns the module input. Imports are looked up in the given force
 * only (another force's import is not offered, so not found). Throws a `HotspotRequestError`
 * for a request that does not fit the sources, an `IngestError` for a malformed file or an empty
 * training window.
 */
export async function buildHotspotInput(
  req: HotspotRunRequest,
  ctx?: HotspotContext,
): Promise<HotspotRunBuilt> {
  const sources = ctx ? await hotspotSources(ctx.db, ctx.forceId) : HOTSPOT_SOURCES;
  const problems = checkHotspotRequest(req, sources);
  if (problems.length) throw new HotspotRequestError(problems);
  const source = sources.find((s) => s.id === req.sourceId)!;
  const [year, month] = req.forecastMonth.split('-').map(Number);
  const t0 = minutesOf(year!, month!, 1);
  const empty = (file: string, field: string) =>
    new IngestError(
      file,
      0,
      field,
      `no ${req.crimeTypes.join(', ')} records in the ${req.trainDays} days before ${req.forecastMonth}`,
    );
  if (isImport(source) && ctx) {
    const loaded = await loadCrimeEvents(ctx.db, ctx.forceId, source.importId);
    const kept = trainingWindow(loaded.events, t0, req.trainDays, req.crimeTypes);
    if (kept.length === 0) throw empty(loaded.summary.title, 'time');
    const id = `${IMPORT_SOURCE_PREFIX}${source.importId}`;
    return {
      input: {
        events: kept.map((e) => ({ time: formatMinutes(e.t), x: e.x, y: e.y, category: e.category })),
        importId: source.kind === 'police.uk' ? `${POLICE_UK_IMPORT_PREFIX}${id}` : id,
        recordedCrime: recordedCrimeSquares(loaded.events, t0, req.trainDays),
        crs: loaded.crs,
        t0: formatMinutes(t0),
      },
      rowsRead: loaded.summary.rowsRead,
      dropped: Object.fromEntries(
        Object.entries(loaded.summary.dropped).filter(([k]) => k !== 'filtered out'),
      ),
    };
  }
  const reference = source as HotspotSource;
  const file = sourceFile(reference);
  const { events, report } = await readEvents(file, { mapping: policeUkMapping, toCrs: 'EPSG:27700' });
  const kept = trainingWindow(events, t0, req.trainDays, req.crimeTypes);
  if (kept.length === 0) throw empty(path.basename(file), 'Month');
  return {
    input: {
      events: kept.map((e) => ({ time: formatMinutes(e.t), x: e.x, y: e.y, category: e.category })),
      importId: `${POLICE_UK_IMPORT_PREFIX}${path.basename(file)}`,
      recordedCrime: recordedCrimeSquares(events, t0, req.trainDays),
      crs: 'EPSG:27700',
      t0: formatMinutes(t0),
    },
    rowsRead: report.read,
    dropped: Object.fromEntries(Object.entries(report.dropped).filter(([k]) => k !== 'filtered out')),
  };
}
