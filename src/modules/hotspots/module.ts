import { z } from 'zod';
import { type AiModule, SILENT } from '../contract.ts';
import { prepareDataset } from './dataset.ts';
import { evaluateMethod } from './evaluate.ts';
import { classifyRural, DEFAULT_RURAL } from './forecast/rural.ts';
import { DEFAULT_POLICY, type HotspotSelection, planPatrols, validatePolicy } from './forecast/safeguards.ts';
import { forecast } from './forecast-api.ts';
import { buildGrid, cellCentre, cellOf, maskBefore } from './grid.ts';
import { allMethods, type MethodName, methodNames, selectBluelampSettings } from './methods/index.ts';
import { parseIsoMinutes } from './time.ts';
import type { CrimeEvent, RiskSurface } from './types.ts';

const eventSchema = z.object({
  /** Naive local time, `YYYY-MM-DDTHH:mm`. */
  time: z.string(),
  x: z.number(),
  y: z.number(),
  category: z.string().default(''),
});

export const hotspotsInputSchema = z.object({
  /** Recorded events, projected to `crs` (metres). The runtime resolves an import into these. */
  events: z.array(eventSchema).min(1),
  /** The import the events came from, recorded for provenance. */
  importId: z.string().optional(),
  /**
   * All recorded crime, of every type, in the training window, counted per square (centre x, y
   * and count): rural areas are judged on the density of all crime, not of the forecast's types
   * alone (a burglary forecast would otherwise find a city centre "rural"). Absent: the events.
   */
  recordedCrime: z
    .object({
      cellSize: z.number().positive(),
      squares: z.array(z.tuple([z.number(), z.number(), z.number().nonnegative()])),
      /** The crime types recorded in the window, so maps can say which were left out. */
      crimeTypes: z.array(z.string()).optional(),
    })
    .optional(),
  crs: z.string().regex(/^EPSG:\d+$/),
  /** Start of the forecast period, `YYYY-MM-DDTHH:mm`. */
  t0: z.string(),
});

export const hotspotsSettingsSchema = z
  .object({
    method: z.enum(methodNames as [MethodName, ...MethodName[]]).default('bluelamp'),
    cellSize: z.number().positive().default(150),
    /** Training window before t0, days. */
    trainDays: z.number().int().positive().default(365),
    /** How many top cells to return. */
    top: z.number().int().positive().default(20),
    /**
     * Coverage cap: a forecast never selects more than this share of the study area, however
     * many cells are asked for (the safeguard against blanket over-policing).
     */
    maxCoverage: z.number().gt(0).max(0.2).default(0.05),
    /**
     * The force's patrol safeguards (see `planPatrols`): the smallest share of patrol time that must
     * go outside the hot spots, and the part of it guaranteed to rural cells. Neither can be
     * switched off (both above 0), and the rural share is part of the outside share.
     */
    minOutsideShare: z
      .number()
      .gt(0, 'must be above 0: patrol time outside the hot spots cannot be switched off')
      .lt(1)
      .default(DEFAULT_POLICY.minOutsideShare),
    minRuralShare: z
      .number()
      .gt(0, 'must be above 0: the rural guarantee cannot be switched off')
      .lt(1)
      .default(DEFAULT_POLICY.minRuralShare),
    /**
     * The authorised scope (pinned when use is authorised; runs outside it are refused): the crime
     * types, the data sources (a run's `importId` without its `police.uk:` prefix) and the area,
     * a box in metres of the input's CRS. Each left out is not restricted.
     */
    crimeTypes: z.array(z.string().trim().min(1).max(200)).min(1).max(100).optional(),
    sources: z.array(z.string().trim().min(1).max(300)).min(1).max(100).optional(),
    area: z
      .object({
        crs: z.string().regex(/^EPSG:\d+$/),
        minX: z.number(),
        minY: z.number(),
        maxX: z.number(),
        maxY: z.number(),
      })
      .refine((a) => a.maxX > a.minX && a.maxY > a.minY, 'max must be above min')
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.minRuralShare > s.minOutsideShare) {
      ctx.addIssue({
        code: 'custom',
        path: ['minRuralShare'],
        message: `must be at most minOutsideShare (${s.minOutsideShare}): the rural share is part of the time outside the hot spots`,
      });
      return;
    }
    try {
      validatePolicy({
        maxCoverage: s.maxCoverage,
        minOutsideShare: s.minOutsideShare,
        minRuralShare: s.minRuralShare,
      });
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: [], message: (error as Error).message });
    }
  });

const zoneSchema = z.object({ cells: z.number(), share: z.number() });

/**
 * The patrol plan of a forecast, as shares of patrol time (see `planPatrols`): the zones, one
 * share per hot spot cell, and the even share of each low-risk and each rural cell. The rural
 * cells of the study area are listed so recorded patrols can be checked against the floors.
 */
export const patrolPlanSchema = z.object({
  minOutsideShare: z.number(),
  minRuralShare: z.number(),
  zones: z.object({ hotspot: zoneSchema, 'low-risk': zoneSchema, rural: zoneSchema }),
  hotspotCells: z.array(z.object({ cell: z.number(), share: z.number() })),
  lowRiskCellShare: z.number(),
  ruralCellShare: z.number(),
  /** Every rural cell of the study area (row-major), hot spots included. */
  ruralCells: z.array(z.number()),
  /** How rural was defined. */
  ruralDefinition: z.string(),
  explanation: z.string(),
});

const cellSchema = z.object({
  rank: z.number(),
  cell: z.number(),
  x: z.number(),
  y: z.number(),
  risk: z.number(),
});

export const hotspotsOutputSchema = z.object({
  method: z.string(),
  crs: z.string(),
  t0: z.string(),
  grid: z.object({
    x0: z.number(),
    y0: z.number(),
    cellSize: z.number(),
    ncols: z.number(),
    nrows: z.number(),
  }),
  studyCells: z.number(),
  trainingEvents: z.number(),
  /** The crime types the forecast was built from, stated on every map. */
  crimeTypes: z.array(z.string()),
  /** The most cells the coverage cap allows. */
  coverageCap: z.number(),
  topCells: z.array(cellSchema),
  /** Absent on forecasts made before patrol plans were part of the output. */
  patrolPlan: patrolPlanSchema.optional(),
});

type Input = typeof hotspotsInputSchema;
type Settings = typeof hotspotsSettingsSchema;
type Output = typeof hotspotsOutputSchema;

const descriptions: Record<MethodName, string> = {
  naive: 'counts the recorded crimes in each cell over the training window',
  retro: 'adds up nearby past crimes within 400 m, closer ones counting more (retrospective hot spots)',
  prospective: 'adds up crimes within two cells and eight weeks, recent and close ones counting more',
  kde: 'smooths past crimes with a 200 m bell-shaped kernel, recent ones counting more (60-day decay)',
  seppexp:
    'fits a self-exciting model: a steady background rate per cell plus a short-lived boost after each crime',
  bluelamp:
    'counts past crimes in each cell, can give recent ones extra weight (near-repeat risk) and lend weight from neighbouring cells; how much of each was chosen by testing on the latest weeks or months of the training data',
};

function toEvents(input: z.infer<Input>): CrimeEvent[] {
  return input.events.map((e) => ({ t: parseIsoMinutes(e.time), x: e.x, y: e.y, category: e.category }));
}

/**
 * The patrol plan of a forecast under the force's safeguard policy: the top cells are the hot
 * spots; rural cells are classed from the density of all recorded events in the training window
 * (`classifyRural`); `planPatrols` keeps the outside and rural floors. Shares only: per-cell
 * allocations are kept for the hot spots, the even share for each low-risk and rural cell.
 */
function patrolPlanFor(
  surface: RiskSurface,
  positionOf: Int32Array,
  events: readonly CrimeEvent[],
  start: number,
  t0: number,
  chosen: readonly number[],
  settings: z.infer<Settings>,
  recordedCrime: z.infer<Input>['recordedCrime'],
) {
  const { grid } = surface;
  const counts = new Float64Array(surface.cells.length);
  const add = (x: number, y: number, n: number) => {
    const c = cellOf(grid, x, y);
    const p = c >= 0 ? (positionOf[c] ?? -1) : -1;
    if (p >= 0) counts[p]! += n;
  };
  if (recordedCrime) for (const [x, y, n] of recordedCrime.squares) add(x, y, n);
  else for (const e of events) if (e.t >= start && e.t < t0) add(e.x, e.y, 1);
  const rural = classifyRural(surface, counts, settings.trainDays / 365.25, DEFAULT_RURAL);
  const positions = Int32Array.from(chosen);
  let selectedRisk = 0;
  let totalRisk = 0;
  for (const r of surface.risk) totalRisk += r;
  for (const p of positions) selectedRisk += surface.risk[p] ?? 0;
  const n = surface.cells.length;
  const selection: HotspotSelection = {
    cells: Int32Array.from(positions, (p) => surface.cells[p] ?? 0),
    positions,
    coverage: settings.maxCoverage,
    achievedCoverage: n === 0 ? 0 : positions.length / n,
    studyCells: n,
    riskShare: totalRisk > 0 ? selectedRisk / totalRisk : 0,
  };
  const policy = {
    maxCoverage: settings.maxCoverage,
    minOutsideShare: settings.minOutsideShare,
    minRuralShare: settings.minRuralShare,
  };
  const plan = planPatrols(surface, selection, rural, policy);
  const zone = (z: { cells: number; share: number }) => ({ cells: z.cells, share: z.share });
  const ruralCells: number[] = [];
  for (let p = 0; p < n; p++) if (rural.rural[p] === 1) ruralCells.push(surface.cells[p] ?? 0);
  const each = (z: { cells: number; share: number }) => (z.cells > 0 ? z.share / z.cells : 0);
  return {
    minOutsideShare: policy.minOutsideShare,
    minRuralShare: policy.minRuralShare,
    zones: {
      hotspot: zone(plan.zones.hotspot),
      'low-risk': zone(plan.zones['low-risk']),
      rural: zone(plan.zones.rural),
    },
    hotspotCells: plan.allocations
      .filter((a) => a.zone === 'hotspot')
      .map((a) => ({ cell: a.cell, share: a.share })),
    lowRiskCellShare: each(plan.zones['low-risk']),
    ruralCellShare: each(plan.zones.rural),
    ruralCells,
    ruralDefinition: rural.description,
    explanation: plan.explanation,
  };
}

/**
 * Crime hot spot forecasting as an AI module: ranks 150 m cells by forecast risk for the period
 * starting at t0, from the events of the training window only, and explains how.
 */
/** The smallest box holding every event. */
function extent(events: ReadonlyArray<{ x: number; y: number }>) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const e of events) {
    minX = Math.min(minX, e.x);
    minY = Math.min(minY, e.y);
    maxX = Math.max(maxX, e.x);
    maxY = Math.max(maxY, e.y);
  }
  return { minX, minY, maxX, maxY };
}

export const hotspotsModule: AiModule<Input, Settings, Output> = {
  id: 'hotspots',
  version: '1.0.0',
  title: 'Crime hot spot forecast',
  // Outputs are 150 m cells, not personal data; the input holds the exact time and place of every
  // crime in the training window (a force's own records can point to victims' homes), so every
  // run's input is stored encrypted.
  personalData: false,
  sensitiveInput: true,
  inputSchema: hotspotsInputSchema,
  settingsSchema: hotspotsSettingsSchema,
  outputSchema: hotspotsOutputSchema,
  scopeOf: (settings) => ({
    ...(settings.crimeTypes ? { crimeTypes: { label: 'crime type', values: settings.crimeTypes } } : {}),
    ...(settings.sources ? { sources: { label: 'data source', values: settings.sources } } : {}),
    ...(settings.area ? { area: { label: 'area', box: settings.area } } : {}),
  }),
  inputScope: (input) => ({
    crimeTypes: { label: 'crime type', values: [...new Set(input.events.map((e) => e.category))].sort() },
    sources: {
      label: 'data source',
      values: [input.importId ? input.importId.replace(/^police\.uk:/, '') : '(not named)'],
    },
    area: { label: 'area', box: { crs: input.crs, ...extent(input.events) } },
  }),
  run(input, settings, context = SILENT) {
    const t0 = parseIsoMinutes(input.t0);
    context.progress(0.02, 'Reading recorded crimes');
    const events = toEvents(input);
    const grid = buildGrid(events, settings.cellSize);
    const study = maskBefore(grid, events, t0);
    context.progress(0.1, 'Building the grid of cells');
    const start = t0 - settings.trainDays * 1440;
    const training = events.filter((e) => e.t >= start && e.t < t0);
    const sorted = [...training].sort((a, b) => a.t - b.t);
    if (settings.method === 'bluelamp') context.progress(0.15, 'Choosing settings on earlier months');
    const chosen =
      settings.method === 'bluelamp' ? selectBluelampSettings({ events: sorted, study, t0 }) : undefined;
    context.progress(0.7, 'Forecasting');
    const surface = forecast(sorted, grid, study.cells, t0, settings.method, {
      crs: input.crs,
      ...(chosen ? { settings: { bluelamp: chosen } } : {}),
    });
    const order = Array.from(surface.risk.keys()).sort(
      (a, b) => (surface.risk[b] as number) - (surface.risk[a] as number) || b - a,
    );
    const coverageCap = Math.floor(study.cells.length * settings.maxCoverage);
    const crimeTypes = [...new Set(training.map((e) => e.category).filter(Boolean))].sort();
    const chosenPositions = order.slice(0, Math.min(settings.top, coverageCap));
    const topCells = chosenPositions.map((k, rank) => {
      const cell = surface.cells[k] as number;
      const [x, y] = cellCentre(grid, cell);
      return { rank: rank + 1, cell, x, y, risk: surface.risk[k] as number };
    });
    context.progress(0.9, 'Planning patrols');
    const patrolPlan = patrolPlanFor(
      surface,
      study.positionOf,
      events,
      start,
      t0,
      chosenPositions,
      settings,
      input.recordedCrime,
    );
    const explanation =
      `This forecast ${descriptions[settings.method]}. It used ${training.length} recorded crimes from the ` +
      `${settings.trainDays} days before ${input.t0} and ranked ${study.cells.length} cells of ${settings.cellSize} m ` +
      `that had any recorded crime before then. The ${topCells.length} highest-ranked cells are listed ` +
      `(the coverage cap allows at most ${coverageCap}, ${Math.round(settings.maxCoverage * 100)}% of the area). ` +
      `Crime types used: ${crimeTypes.length ? crimeTypes.join(', ') : 'not recorded'}. ` +
      (chosen
        ? `Chosen settings: recent crimes weighted up to ${1 + chosen.recencyWeight} times (fading over ${chosen.recencyDays} days), ` +
          `neighbouring cells weighted ${chosen.smoothing} (within about ${chosen.bandwidth} m). `
        : '') +
      'Recorded crime reflects where crime was reported and policed, not only where it happened; a high rank is a ' +
      `reason to look, not evidence about any person or place. Patrol plan: ${patrolPlan.explanation}`;
    return {
      output: {
        method: settings.method,
        crs: input.crs,
        t0: input.t0,
        grid,
        studyCells: study.cells.length,
        trainingEvents: training.length,
        crimeTypes,
        coverageCap,
        topCells,
        patrolPlan,
      },
      explanation,
    };
  },
  /**
   * Rolling-origin evaluation: `data` = { input, periods: { start, step, count, train } } with
   * the events of `input`; returns pooled hit rate and PAI at 5% coverage.
   */
  evaluate(data, settings) {
    const d = data as {
      input: z.infer<Input>;
      periods: { start: string; step: string; count: number; train: string };
    };
    const input = hotspotsInputSchema.parse(d.input);
    const dataset = prepareDataset(toEvents(input), {
      name: 'evaluation',
      data: { path: '', format: 'police.uk' },
      projection: input.crs,
      grid: { cellSize: settings.cellSize },
      mask: 'cells-with-events-before-first-period',
      periods: d.periods,
      coverages: [0.05],
      ties: 'larger-row-major-index-first',
    });
    const r = evaluateMethod(dataset, settings.method, allMethods[settings.method], { coverages: [0.05] });
    return {
      hitRate5: r.hitRate['0.05'] ?? 0,
      pai5: r.pai['0.05'] ?? 0,
      testEvents: r.testEvents,
      seconds: r.seconds,
    };
  },
};
