import type { FeedbackPeriod } from '../forecast/feedback.ts';
import type { ForecastPeriod } from '../forecast/model.ts';
import { cellCentre, cellOf } from '../grid.ts';
import { forecastPeriod } from '../oversight/hotspot-view.ts';
import { parseIsoMinutes } from '../time.ts';
import type { CrimeEvent, Grid } from '../types.ts';

/**
 * The data of the feedback-loop monitor (pure): a system's released forecasts, the patrol minutes
 * recorded against them and the crimes recorded afterwards, as `FeedbackPeriod`s on one grid.
 *
 * - Periods are the forecast periods of the released runs (a calendar month for a forecast from
 *   the 1st, else the week from t0); runs for the same period are taken together.
 * - The common grid is that of the latest run. Each run's forecast cells and dosage cells are
 *   carried onto it by their cell centres (forecasts with the same cell size line up exactly,
 *   since every grid's origin is a multiple of its cell size).
 * - Dosage belongs to the period of the run it was recorded against (patrol dates are checked to
 *   fall inside it when they are recorded).
 * - Crime per cell per period counts the recorded events with start <= t < end, of the crime
 *   types the forecasts were made for (the union of theirs, compared without regard to case). If
 *   any forecast does not state its crime types, all recorded crime is counted, and that is said.
 */

export interface FeedbackRun {
  id: string;
  reference: string;
  /** Start of the forecast, `YYYY-MM-DDTHH:mm`. */
  t0: string;
  crs: string;
  grid: Grid;
  /** Hot spot cells of the forecast as released, on its own grid. */
  forecastCells: readonly number[];
  /** The crime types the forecast was made from; empty when it does not state them. */
  crimeTypes: readonly string[];
}

export interface FeedbackDosage {
  runId: string;
  /** Cell on the run's own grid. */
  cell: number;
  minutes: number;
}

export interface FeedbackAssemblyInput {
  runs: readonly FeedbackRun[];
  dosage: readonly FeedbackDosage[];
  /** Recorded crimes, oldest first, in `crs`. */
  events: readonly CrimeEvent[];
  crs: string;
}

export interface AssembledPeriod extends FeedbackPeriod {
  period: ForecastPeriod;
  /** References of the runs forecasting this period. */
  runs: string[];
  /** Totals, for the table. */
  forecastCellCount: number;
  dosageMinutes: number;
  crimes: number;
}

export interface FeedbackAssembly {
  /** The common grid (the latest run's); null without runs. */
  grid: Grid | null;
  periods: AssembledPeriod[];
  /** Every cell with a forecast, a patrol or a crime in any period (others cannot count). */
  cells: Int32Array;
  /** What could not be placed, said plainly. */
  leftOut: {
    /** Runs whose coordinates are not those of the crime data. */
    runsOtherCrs: string[];
    forecastCells: number;
    dosageMinutes: number;
    /** Crimes inside a period but outside the common grid. */
    events: number;
  };
  crimeTypes: ComparedCrimeTypes;
}

/** The crime types counted: those of the forecasts, or all recorded crime (`compared` null). */
export interface ComparedCrimeTypes {
  compared: string[] | null;
  /** References of the forecasts that do not state their crime types (why all crime is counted). */
  unstatedRuns: string[];
  /** The same, said plainly for the page and the API. */
  statement: string;
}

/** The union of the forecasts' crime types, unless one of them does not state its own. */
export function comparedCrimeTypes(runs: readonly FeedbackRun[]): ComparedCrimeTypes {
  const unstatedRuns = runs.filter((r) => r.crimeTypes.length === 0).map((r) => r.reference);
  if (runs.length === 0)
    return { compared: null, unstatedRuns, statement: 'No forecast to compare, so no crime types.' };
  if (unstatedRuns.length)
    return {
      compared: null,
      unstatedRuns,
      statement: `Crime types compared: all recorded crime, because ${unstatedRuns.length === 1 ? 'forecast' : 'forecasts'} ${unstatedRuns.join(', ')} ${unstatedRuns.length === 1 ? 'does' : 'do'} not state the crime types ${unstatedRuns.length === 1 ? 'it was' : 'they were'} made from.`,
    };
  const byKey = new Map<string, string>();
  for (const r of runs)
    for (const t of r.crimeTypes) byKey.set(typeKey(t), byKey.get(typeKey(t)) ?? t.trim());
  const compared = [...byKey.values()].sort((a, b) => a.localeCompare(b));
  return {
    compared,
    unstatedRuns,
    statement: `Crime types compared: ${compared.join(', ')} (those the forecasts were made from); other recorded crime is not counted.`,
  };
}

const typeKey = (t: string) => t.trim().toLowerCase();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short label: "Nov 2020" for a month, "w/c 2 Nov 2020" for a week. */
export function periodLabel(p: ForecastPeriod): string {
  const [y, m, d] = p.start.split('-').map(Number) as [number, number, number];
  const month = `${MONTHS[m - 1]} ${y}`;
  const endsNextMonth = p.end === new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  return d === 1 && endsNextMonth ? month : `w/c ${d} ${month}`;
}

const minutesAt = (day: string) => parseIsoMinutes(`${day}T00:00`);

/** First index of `events` with t >= t (events sorted by t). */
function lowerBound(events: readonly CrimeEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Turns runs, dosage and recorded crime into the periods the monitor reads. */
export function assembleFeedback(input: FeedbackAssemblyInput): FeedbackAssembly {
  const runsOtherCrs = input.runs.filter((r) => r.crs !== input.crs).map((r) => r.reference);
  const runs = input.runs
    .filter((r) => r.crs === input.crs)
    .map((r) => ({ run: r, period: forecastPeriod(r.t0) }))
    .sort((a, b) => a.period.start.localeCompare(b.period.start) || a.run.t0.localeCompare(b.run.t0));
  const leftOut = { runsOtherCrs, forecastCells: 0, dosageMinutes: 0, events: 0 };
  const crimeTypes = comparedCrimeTypes(runs.map((r) => r.run));
  if (runs.length === 0) return { grid: null, periods: [], cells: new Int32Array(0), leftOut, crimeTypes };
  const counted = crimeTypes.compared ? new Set(crimeTypes.compared.map(typeKey)) : null;
  const grid = [...runs].sort((a, b) => a.run.t0.localeCompare(b.run.t0)).at(-1)!.run.grid;
  const onCommon = (from: Grid, cell: number) => {
    if (sameGrid(from, grid)) return cell;
    const [x, y] = cellCentre(from, cell);
    return cellOf(grid, x, y);
  };

  const byPeriod = new Map<string, AssembledPeriod & { forecast: Set<number> }>();
  const periodOfRun = new Map<string, AssembledPeriod & { forecast: Set<number> }>();
  for (const { run, period } of runs) {
    const key = `${period.start}/${period.end}`;
    let p = byPeriod.get(key);
    if (!p) {
      p = {
        label: periodLabel(period),
        period,
        runs: [],
        forecast: new Set<number>(),
        forecastCells: [],
        dosage: new Map<number, number>(),
        crime: new Map<number, number>(),
        forecastCellCount: 0,
        dosageMinutes: 0,
        crimes: 0,
      };
      byPeriod.set(key, p);
    }
    p.runs.push(run.reference);
    periodOfRun.set(run.id, p);
    for (const c of run.forecastCells) {
      const k = onCommon(run.grid, c);
      if (k < 0) leftOut.forecastCells++;
      else p.forecast.add(k);
    }
  }
  const gridOfRun = new Map(runs.map(({ run }) => [run.id, run.grid]));
  for (const d of input.dosage) {
    const p = periodOfRun.get(d.runId);
    const from = gridOfRun.get(d.runId);
    const k = p && from ? onCommon(from, d.cell) : -1;
    if (!p || k < 0) {
      leftOut.dosageMinutes += d.minutes;
      continue;
    }
    const dosage = p.dosage as Map<number, number>;
    dosage.set(k, (dosage.get(k) ?? 0) + d.minutes);
    p.dosageMinutes += d.minutes;
  }
  const cells = new Set<number>();
  const periods = [...byPeriod.values()];
  for (const p of periods) {
    const crime = p.crime as Map<number, number>;
    const end = minutesAt(p.period.end);
    for (let i = lowerBound(input.events, minutesAt(p.period.start)); i < input.events.length; i++) {
      const e = input.events[i]!;
      if (e.t >= end) break;
      if (counted && !counted.has(typeKey(e.category))) continue;
      const k = cellOf(grid, e.x, e.y);
      if (k < 0) {
        leftOut.events++;
        continue;
      }
      crime.set(k, (crime.get(k) ?? 0) + 1);
      p.crimes++;
    }
    p.forecastCells = Int32Array.from([...p.forecast].sort((a, b) => a - b));
    p.forecastCellCount = p.forecast.size;
    for (const c of p.forecast) cells.add(c);
    for (const c of p.dosage.keys()) cells.add(c);
    for (const c of crime.keys()) cells.add(c);
  }
  return {
    grid,
    periods: periods.map(({ forecast: _, ...p }) => p),
    cells: Int32Array.from([...cells].sort((a, b) => a - b)),
    leftOut,
    crimeTypes,
  };
}

function sameGrid(a: Grid, b: Grid): boolean {
  return (
    a.x0 === b.x0 && a.y0 === b.y0 && a.cellSize === b.cellSize && a.ncols === b.ncols && a.nrows === b.nrows
  );
}
