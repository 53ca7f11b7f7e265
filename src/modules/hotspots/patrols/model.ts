import type { FieldIssue } from '../../../http/errors.ts';
import { headerIssues, fieldIssue as issue, readCsv, UUID } from '../../../http/input.ts';
import type { Role } from '../../../identity/roles.ts';
import type { ForecastPeriod } from '../forecast/model.ts';
import { cellOf } from '../grid.ts';
import type { Grid } from '../types.ts';

/**
 * Patrol dosage (pure): the patrol minutes spent in the cells of a released hot spot forecast,
 * sent as CSV or JSON and checked as a whole. Every problem names its line (or item) and field,
 * and nothing is kept unless every row is right. Then the shares actually patrolled outside the
 * hot spots and in rural cells, against the force's floors.
 */

/**
 * Who may do what with patrol dosage: officers and staff record the patrols they planned from a
 * forecast, and the product manager (information asset owner) records them in bulk. Everyone in
 * the force may see the shares and the feedback-loop monitor.
 */
export const patrolPolicy = {
  record: ['officer', 'product-manager'],
} as const satisfies Record<string, readonly Role[]>;

/** Columns of a patrol file. Anything else (an officer's name, a shoulder number) is refused. */
export const PATROL_COLUMNS = [
  'run_reference',
  'patrol_date',
  'patrol_end',
  'cell',
  'easting',
  'northing',
  'minutes',
] as const;

/** Largest minutes on one row: a month of round-the-clock patrols by 20 officers. */
export const MAX_MINUTES = 20 * 31 * 1440;

const RUN_REFERENCE = /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^\d+$/;

/** One row as sent, before checking. `where` locates it ("line 7", "item 3"). */
export interface PatrolDraft {
  where: string;
  style: 'csv' | 'json';
  runId?: unknown;
  runReference?: unknown;
  patrolDate: unknown;
  patrolEnd?: unknown;
  cell?: unknown;
  easting?: unknown;
  northing?: unknown;
  minutes: unknown;
}

/** What a row needs to know about the run it names. */
export interface PatrolRun {
  id: string;
  reference: string;
  status: string;
  grid: Grid;
  /** The forecast period: patrols planned from it fall inside it. */
  period: ForecastPeriod;
}

export interface PatrolRow {
  where: string;
  runId: string;
  runReference: string;
  patrolFrom: string;
  patrolTo: string;
  cell: number;
  easting: number | null;
  northing: number | null;
  minutes: number;
}

export interface PatrolCheckContext {
  /** Runs of the system the drafts name, by id and by reference. */
  runs: readonly PatrolRun[];
  /** The run a row means when it names none (a form or command for one forecast). */
  defaultRun?: string | undefined;
  /** Today, `YYYY-MM-DD`: patrols are recorded once done. */
  today: string;
}

export interface PatrolCheck {
  rows: PatrolRow[];
  issues: FieldIssue[];
  /** Rows naming a run that was not released, by run reference. */
  notReleased: Array<{ reference: string; status: string; where: string[] }>;
}

const FIELDS = {
  csv: {
    run: 'run_reference',
    patrolDate: 'patrol_date',
    patrolEnd: 'patrol_end',
    cell: 'cell',
    easting: 'easting',
    northing: 'northing',
    minutes: 'minutes',
  },
  json: {
    run: 'runReference',
    patrolDate: 'patrolDate',
    patrolEnd: 'patrolEnd',
    cell: 'cell',
    easting: 'easting',
    northing: 'northing',
    minutes: 'minutes',
  },
} as const;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

function number(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  const s = text(v);
  if (s === null) return null;
  return NUMBER.test(s) ? Number(s) : Number.NaN;
}

/** A calendar date `YYYY-MM-DD`, or null when it is not one. */
export function parseDay(raw: string): string | null {
  if (!DAY.test(raw)) return null;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(raw) ? raw : null;
}

/** The day before an exclusive period end, for people ("to 30 November 2020"). */
export function lastDayOf(period: ForecastPeriod): string {
  return new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Checks every draft against the runs it names; rows only when there is no problem at all. */
export function checkPatrols(drafts: readonly PatrolDraft[], ctx: PatrolCheckContext): PatrolCheck {
  const issues: FieldIssue[] = [];
  const rows: PatrolRow[] = [];
  const notReleased = new Map<string, { reference: string; status: string; where: string[] }>();
  const byKey = new Map<string, PatrolRun>();
  for (const r of ctx.runs) {
    byKey.set(r.id, r);
    byKey.set(r.reference, r);
  }
  if (drafts.length === 0) issues.push(issue('file', null, 'has no patrols'));
  for (const d of drafts) {
    const before = issues.length;
    const f = FIELDS[d.style];
    // Which run.
    const runId = text(d.runId);
    const reference = text(d.runReference)?.toUpperCase() ?? null;
    let run: PatrolRun | undefined;
    if (runId !== null && !UUID.test(runId)) issues.push(issue(d.where, 'runId', 'must be a run id (UUID)'));
    else if (reference !== null && !RUN_REFERENCE.test(reference))
      issues.push(issue(d.where, f.run, 'must be a run reference like R-4F7K-2M9Q'));
    else {
      const key = runId ?? reference ?? ctx.defaultRun ?? null;
      if (key === null)
        issues.push(
          issue(d.where, f.run, 'is required: name the released forecast the patrols were planned from'),
        );
      else {
        run = byKey.get(key);
        if (!run) issues.push(issue(d.where, runId ? 'runId' : f.run, 'is not a forecast of this system'));
        else if (runId && reference && run.reference !== reference)
          issues.push(issue(d.where, f.run, 'names a different run from runId'));
      }
    }
    if (run && run.status !== 'released') {
      const entry = notReleased.get(run.reference) ?? {
        reference: run.reference,
        status: run.status,
        where: [],
      };
      entry.where.push(d.where);
      notReleased.set(run.reference, entry);
    }
    // When.
    const rawFrom = text(d.patrolDate);
    const rawTo = text(d.patrolEnd);
    const from = rawFrom === null ? null : parseDay(rawFrom);
    const to = rawTo === null ? from : parseDay(rawTo);
    if (rawFrom === null) issues.push(issue(d.where, f.patrolDate, 'is required'));
    else if (!from) issues.push(issue(d.where, f.patrolDate, 'must be a date such as 2020-11-03'));
    if (rawTo !== null && !to) issues.push(issue(d.where, f.patrolEnd, 'must be a date such as 2020-11-09'));
    if (from && to) {
      if (to < from) issues.push(issue(d.where, f.patrolEnd, 'must be on or after the patrol date'));
      else if (to > ctx.today)
        issues.push(issue(d.where, rawTo ? f.patrolEnd : f.patrolDate, 'must not be in the future'));
      else if (run && (from < run.period.start || to >= run.period.end))
        issues.push(
          issue(
            d.where,
            from < run.period.start || !rawTo ? f.patrolDate : f.patrolEnd,
            `must fall within the forecast period of ${run.reference}, ${run.period.start} to ${lastDayOf(run.period)}`,
          ),
        );
    }
    // Where.
    const rawCell = text(d.cell);
    const easting = number(d.easting);
    const northing = number(d.northing);
    let cell: number | null = null;
    if (rawCell !== null) {
      if (!INTEGER.test(rawCell))
        issues.push(issue(d.where, f.cell, 'must be a cell number as shown in the forecast (0 or more)'));
      else if (run && Number(rawCell) >= run.grid.ncols * run.grid.nrows)
        issues.push(
          issue(
            d.where,
            f.cell,
            `is not a cell of the forecast's grid (0 to ${run.grid.ncols * run.grid.nrows - 1})`,
          ),
        );
      else cell = Number(rawCell);
    }
    if (Number.isNaN(easting))
      issues.push(issue(d.where, f.easting, 'must be a number of metres (British National Grid)'));
    if (Number.isNaN(northing))
      issues.push(issue(d.where, f.northing, 'must be a number of metres (British National Grid)'));
    const hasXY = easting !== null || northing !== null;
    if (hasXY && (easting === null || northing === null))
      issues.push(
        issue(d.where, easting === null ? f.easting : f.northing, 'is required with the other coordinate'),
      );
    else if (hasXY && run && Number.isFinite(easting) && Number.isFinite(northing)) {
      const fromXY = cellOf(run.grid, easting!, northing!);
      if (fromXY < 0)
        issues.push(
          issue(
            d.where,
            f.easting,
            `with ${f.northing} is outside the forecast's grid (${gridExtent(run.grid)})`,
          ),
        );
      else if (cell !== null && fromXY !== cell)
        issues.push(issue(d.where, f.cell, `is not the cell at that easting and northing (cell ${fromXY})`));
      else cell = fromXY;
    }
    if (rawCell === null && !hasXY)
      issues.push(issue(d.where, f.cell, 'is required (or easting and northing)'));
    // How long.
    const minutes = number(d.minutes);
    if (minutes === null) issues.push(issue(d.where, f.minutes, 'is required'));
    else if (Number.isNaN(minutes)) issues.push(issue(d.where, f.minutes, 'must be a number of minutes'));
    else if (!(minutes > 0)) issues.push(issue(d.where, f.minutes, 'must be more than 0'));
    else if (minutes > MAX_MINUTES) issues.push(issue(d.where, f.minutes, `must be at most ${MAX_MINUTES}`));

    if (issues.length === before && run && from && to && cell !== null && minutes !== null)
      rows.push({
        where: d.where,
        runId: run.id,
        runReference: run.reference,
        patrolFrom: from,
        patrolTo: to,
        cell,
        easting: hasXY ? easting : null,
        northing: hasXY ? northing : null,
        minutes,
      });
  }
  const list = [...notReleased.values()];
  return issues.length || list.length
    ? { rows: [], issues, notReleased: list }
    : { rows, issues, notReleased: list };
}

function gridExtent(g: Grid): string {
  const x1 = g.x0 + g.ncols * g.cellSize;
  const y1 = g.y0 + g.nrows * g.cellSize;
  return `eastings ${g.x0} to ${x1}, northings ${g.y0} to ${y1}`;
}

/**
 * Drafts from CSV text: a header of known columns (`patrol_date`, `minutes`, and `cell` or
 * `easting` and `northing`; `run_reference` unless the upload is for one forecast; optional
 * `patrol_end`). Line numbers count from the header (line 1).
 */
export function patrolDraftsFromCsv(
  csv: string,
  options: { runGiven?: boolean } = {},
): { drafts: PatrolDraft[]; issues: FieldIssue[] } {
  const read = readCsv(csv);
  if ('issue' in read) return { drafts: [], issues: [read.issue] };
  const { head, body } = read;
  const columns = head.record.map((c) => c.trim().toLowerCase());
  const issues = headerIssues(columns, (c) =>
    (PATROL_COLUMNS as readonly string[]).includes(c)
      ? null
      : `is not a column of a patrol file (${PATROL_COLUMNS.join(', ')})`,
  );
  const seen = new Set(columns);
  for (const c of ['patrol_date', 'minutes'])
    if (!seen.has(c)) issues.push(issue('line 1', c, 'column is missing'));
  if (!seen.has('cell') && !(seen.has('easting') && seen.has('northing')))
    issues.push(issue('line 1', 'cell', 'column is missing (or give easting and northing columns)'));
  if (!options.runGiven && !seen.has('run_reference'))
    issues.push(
      issue('line 1', 'run_reference', 'column is missing (name the forecast each patrol was planned from)'),
    );
  if (issues.length) return { drafts: [], issues };
  const drafts = body.map(({ record, info }) => {
    const cell = (name: string) => (columns.includes(name) ? record[columns.indexOf(name)] : undefined);
    return {
      where: `line ${info.lines}`,
      style: 'csv' as const,
      runReference: cell('run_reference'),
      patrolDate: cell('patrol_date'),
      patrolEnd: cell('patrol_end'),
      cell: cell('cell'),
      easting: cell('easting'),
      northing: cell('northing'),
      minutes: cell('minutes'),
    };
  });
  return { drafts, issues };
}

/** A patrol as sent in JSON (already shaped by the route's schema). */
export interface PatrolItem {
  runId?: string | undefined;
  runReference?: string | undefined;
  patrolDate: string;
  patrolEnd?: string | undefined;
  cell?: number | undefined;
  easting?: number | undefined;
  northing?: number | undefined;
  minutes: number;
}

/** Drafts from a JSON array, located as "item N". */
export function patrolDraftsFromJson(items: readonly PatrolItem[]): PatrolDraft[] {
  return items.map((o, i) => ({ where: `item ${i + 1}`, style: 'json' as const, ...o }));
}

/** What a share check needs to know about a forecast's plan. */
export interface PlanFacts {
  /** Hot spot cells of the forecast as released (after any amendment). */
  hotspotCells: ReadonlySet<number>;
  /** Rural cells of the study area; null for forecasts made before plans recorded them. */
  ruralCells: ReadonlySet<number> | null;
  minOutsideShare: number;
  minRuralShare: number;
}

export interface PatrolShares {
  totalMinutes: number;
  hotspotMinutes: number;
  outsideMinutes: number;
  ruralMinutes: number | null;
  /** Share of patrol minutes outside the hot spot cells (0 with no minutes). */
  outsideShare: number;
  /** Share in rural cells outside the hot spots; null when not known or no cell is rural. */
  ruralShare: number | null;
  minOutsideShare: number;
  minRuralShare: number;
  outsideBelow: boolean;
  ruralBelow: boolean;
  /** Plain words. */
  message: string;
}

/** A share as a percentage to one decimal place: 0.254 is "25.4%". */
export const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The shares actually patrolled outside the hot spots and in rural cells, against the floors. */
export function patrolShares(
  dosage: ReadonlyArray<{ cell: number; minutes: number }>,
  plan: PlanFacts,
): PatrolShares {
  let total = 0;
  let hot = 0;
  let rural = 0;
  for (const d of dosage) {
    total += d.minutes;
    if (plan.hotspotCells.has(d.cell)) hot += d.minutes;
    else if (plan.ruralCells?.has(d.cell)) rural += d.minutes;
  }
  const ruralApplies =
    plan.ruralCells !== null && [...plan.ruralCells].some((c) => !plan.hotspotCells.has(c));
  const outsideShare = total > 0 ? (total - hot) / total : 0;
  const ruralShare = ruralApplies && total > 0 ? rural / total : null;
  const outsideBelow = total > 0 && outsideShare < plan.minOutsideShare - 1e-9;
  const ruralBelow = ruralShare !== null && ruralShare < plan.minRuralShare - 1e-9;
  const minutes = Math.round(total).toLocaleString('en-GB');
  const parts = [
    `${pct(outsideShare)} of the ${minutes} patrol minutes recorded were outside the hot spots ` +
      `(the force's minimum is ${pct(plan.minOutsideShare)}).`,
    plan.ruralCells === null
      ? 'Rural cells are not known for this forecast (it was made before patrol plans were recorded).'
      : ruralShare === null
        ? 'No cell of the study area is rural, so the rural minimum does not apply.'
        : `${pct(ruralShare)} were in rural cells (minimum ${pct(plan.minRuralShare)}).`,
  ];
  if (outsideBelow || ruralBelow)
    parts.push(
      `Below the minimum${outsideBelow && ruralBelow ? 's' : ''}: ` +
        [
          outsideBelow ? 'too little time outside the hot spots' : '',
          ruralBelow ? 'too little time in rural areas' : '',
        ]
          .filter(Boolean)
          .join(' and ') +
        '. Patrols concentrated on forecast hot spots can feed back into the records the next forecast learns from.',
    );
  return {
    totalMinutes: total,
    hotspotMinutes: hot,
    outsideMinutes: total - hot,
    ruralMinutes: plan.ruralCells === null ? null : rural,
    outsideShare,
    ruralShare,
    minOutsideShare: plan.minOutsideShare,
    minRuralShare: plan.minRuralShare,
    outsideBelow,
    ruralBelow,
    message: parts.join(' '),
  };
}
