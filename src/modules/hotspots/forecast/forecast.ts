import { forecast } from '../forecast-api.ts';
import { buildGrid, maskBefore } from '../grid.ts';
import { type MethodName, methodNames } from '../methods/index.ts';
import { addDuration, type Duration, formatMinutes, MINUTES_PER_DAY } from '../time.ts';
import type { CrimeEvent, RiskSurface } from '../types.ts';
import { type CrimeTypeStatement, type ForecastPeriod, forecastError } from './model.ts';
import { classifyRural, DEFAULT_RURAL, type RuralDefinition } from './rural.ts';
import {
  type HotspotSelection,
  type PatrolPlan,
  type PatrolRequest,
  planPatrols,
  type SafeguardPolicy,
  selectHotspots,
  statedCrimeTypes,
} from './safeguards.ts';

/** The forecasting methods a forecast can be asked for: the open_cp references and `bluelamp`. */
export const forecastMethods: readonly string[] = methodNames;

export interface ForecastRequest {
  /** Every recorded event, all crime types, projected to `crs`. */
  events: readonly CrimeEvent[];
  crs: string;
  /** Start of the forecast period, minutes (naive local clock). */
  t0: number;
  /** Length of the forecast period (e.g. one month). */
  period: Duration;
  /** Training window before t0 (e.g. twelve months). */
  train: Duration;
  method: string;
  /** Crime types to forecast; default every type in the data. */
  crimeTypes?: readonly string[];
  coverage: number;
  cellSize: number;
  policy: SafeguardPolicy;
  rural?: RuralDefinition;
  patrol?: PatrolRequest;
}

export interface ForecastResult {
  surface: RiskSurface;
  selection: HotspotSelection;
  plan: PatrolPlan;
  crimeTypes: CrimeTypeStatement;
  period: ForecastPeriod;
  method: string;
  /** Training events used (selected types, in the training window). */
  trainingEvents: number;
  /** Rural cells and the definition used. */
  rural: { cells: number; description: string };
}

/**
 * A forecast in use, end to end and pure: grid over all events (PROTOCOL.md section 2), study
 * area = cells with any event before t0 (section 3), the named method on the training events of
 * the chosen crime types, then the safeguards: coverage cap, stated crime types, patrol plan with
 * the outside and rural floors (rural density from all crime types in the training window).
 */
export function buildForecast(req: ForecastRequest): ForecastResult {
  if (!forecastMethods.includes(req.method)) {
    throw forecastError(
      'invalid-input',
      `unknown method '${req.method}' (known: ${forecastMethods.join(', ')})`,
    );
  }
  if (req.events.length === 0) throw forecastError('invalid-input', 'no events to forecast from');
  const available = [...new Set(req.events.map((e) => e.category))].filter((c) => c !== '');
  const wanted = req.crimeTypes && req.crimeTypes.length > 0 ? req.crimeTypes : available;
  const unknown = wanted.filter((c) => !available.includes(c));
  if (unknown.length > 0) {
    throw forecastError(
      'invalid-input',
      `crime type(s) not in the data: ${unknown.join(', ')} (present: ${available.sort().join(', ')})`,
    );
  }
  const crimeTypes = statedCrimeTypes(wanted, available);
  const grid = buildGrid(req.events, req.cellSize);
  const study = maskBefore(grid, req.events as CrimeEvent[], req.t0);
  if (study.cells.length === 0) {
    throw forecastError('invalid-input', `no events before ${formatMinutes(req.t0)}: nothing to learn from`);
  }
  const trainStart = addDuration(req.t0, req.train, -1);
  const inWindow = (e: CrimeEvent) => e.t >= trainStart && e.t < req.t0;
  const used = new Set(crimeTypes.used);
  const training = req.events.filter((e) => inWindow(e) && used.has(e.category)).sort((a, b) => a.t - b.t);
  const surface: RiskSurface = forecast(training, grid, study.cells, req.t0, req.method as MethodName, {
    crs: req.crs,
  });

  const counts = new Float64Array(study.cells.length);
  for (const e of req.events) {
    if (!inWindow(e)) continue;
    const gx = Math.floor((e.x - grid.x0) / grid.cellSize);
    const gy = Math.floor((e.y - grid.y0) / grid.cellSize);
    const p = study.positionOf[gy * grid.ncols + gx];
    if (p !== undefined && p >= 0) counts[p]! += 1;
  }
  const years = (req.t0 - trainStart) / (365.25 * MINUTES_PER_DAY);
  const rural = classifyRural(surface, counts, years, req.rural ?? DEFAULT_RURAL);
  const selection = selectHotspots(surface, req.coverage, req.policy);
  const plan = planPatrols(surface, selection, rural, req.policy, req.patrol);
  const end = addDuration(req.t0, req.period);
  return {
    surface,
    selection,
    plan,
    crimeTypes,
    period: { start: formatMinutes(req.t0).slice(0, 10), end: formatMinutes(end).slice(0, 10) },
    method: req.method,
    trainingEvents: training.length,
    rural: { cells: rural.rural.reduce((a, b) => a + b, 0), description: rural.description },
  };
}
