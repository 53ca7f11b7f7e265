import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import { UUID } from '../../../http/input.ts';
import type { Principal } from '../../../identity/model.ts';
import { authorize } from '../../../identity/policy.ts';
import { canonicalJson } from '../../../ledger/merkle.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { alertsOf, alertWithFingerprint } from '../../../monitoring/repository.ts';
import { raiseAlert } from '../../../monitoring/service.ts';
import { systemInForce } from '../../../register/service.ts';
import { londonToday } from '../../../transparency/today.ts';
import { crimeDataPolicy } from '../crime-data/model.ts';
import { loadCrimeEvents } from '../crime-data/service.ts';
import { DEFAULT_FEEDBACK, type FeedbackReport, monitorFeedback } from '../forecast/feedback.ts';
import { hotspotsSettingsSchema } from '../module.ts';
import { forecastPeriod, type HotspotsOutput, parseHotspotsOutput } from '../oversight/hotspot-view.ts';
import { type AssembledPeriod, assembleFeedback, type FeedbackAssembly } from './feedback.ts';
import {
  checkPatrols,
  lastDayOf,
  type PatrolDraft,
  type PatrolRun,
  type PatrolShares,
  type PlanFacts,
  patrolPolicy,
  patrolShares,
} from './model.ts';
import {
  batchesOf,
  dosageByCell,
  type ForecastRunRow,
  forecastRunsByKey,
  releasedForecastRuns,
} from './repository.ts';

type Trx = Transaction<DB>;

export const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

export interface PatrolSource {
  kind: 'api' | 'import' | 'form';
  /** SHA-256 (hex) of what was received. */
  sha256: string;
  fileName?: string | undefined;
  /** The run rows mean when they name none (by id or reference). */
  defaultRun?: string | undefined;
}

export interface RunShares extends PatrolShares {
  runId: string;
  runReference: string;
  /** The alert raised (or still open) when a share is below the minimum. */
  alertId: string | null;
}

export interface PatrolResult {
  batchId: string;
  recorded: number;
  totalMinutes: number;
  period: { from: string; to: string };
  shares: RunShares[];
}

/** A hot spot system of the principal's force, or a clear refusal. */
async function forecastSystem(db: Kysely<DB> | Trx, principal: Principal, systemId: string) {
  const system = await systemInForce(db, principal, systemId);
  if (system.module_id !== 'hotspots')
    throw errors.conflict(
      'not-a-forecast-system',
      `${system.name} does not make hot spot forecasts, so it has no patrols or feedback-loop monitor.`,
    );
  return system;
}

function patrolRun(row: ForecastRunRow): PatrolRun | null {
  const output = parseHotspotsOutput(row.output);
  if (!output) return null;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    grid: output.grid,
    period: forecastPeriod(output.t0),
  };
}

/** The plan facts of a forecast as released: its hot spots, rural cells and the floors it ran with. */
export function planFacts(output: HotspotsOutput, settings: unknown): PlanFacts {
  const plan = output.patrolPlan;
  const policy = hotspotsSettingsSchema.safeParse(settings ?? {});
  return {
    hotspotCells: new Set(output.topCells.map((c) => c.cell)),
    ruralCells: plan ? new Set(plan.ruralCells) : null,
    minOutsideShare: plan?.minOutsideShare ?? (policy.success ? policy.data.minOutsideShare : 0.2),
    minRuralShare: plan?.minRuralShare ?? (policy.success ? policy.data.minRuralShare : 0.05),
  };
}

/**
 * Records a batch of patrol dosage, all or nothing: every row is checked first (problems come
 * back with their line or item and field); rows may only name released forecasts of this system.
 * Then, in one transaction, the rows, one ledger entry for the batch (counts, minutes, period,
 * run references; no names), and the share check of each forecast the batch touched.
 */
export async function recordPatrols(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  drafts: readonly PatrolDraft[],
  source: PatrolSource,
): Promise<PatrolResult> {
  authorize(patrolPolicy, principal, 'record', 'record patrols');
  await forecastSystem(db, principal, systemId);
  const keys = [...drafts.flatMap((d) => [d.runId, d.runReference]), source.defaultRun]
    .map((k) => (typeof k === 'string' ? k.trim() : ''))
    .filter(Boolean);
  const ids = keys.filter((k) => UUID.test(k));
  const refs = keys.filter((k) => !UUID.test(k)).map((k) => k.toUpperCase());
  const found = await forecastRunsByKey(db, systemId, ids, refs);
  const runs = found.map(patrolRun).filter((r): r is PatrolRun => r !== null);
  const defaultRun = source.defaultRun?.trim();
  const checked = checkPatrols(drafts, {
    runs,
    defaultRun: defaultRun && !UUID.test(defaultRun) ? defaultRun.toUpperCase() : defaultRun,
    today: londonToday(),
  });
  if (checked.notReleased.length) {
    const list = checked.notReleased;
    throw errors.conflict(
      'run-not-released',
      `Patrols can only be recorded against a forecast released for deployment planning. ${list
        .map(
          (r) =>
            `${r.reference} is ${r.status === 'rejected' ? 'rejected' : r.status.replace('_', ' ')} (${r.where.join(', ')}).`,
        )
        .join(' ')} Nothing was recorded.`,
      {
        issues: list.flatMap((r) =>
          r.where.map((w) => ({
            path: w,
            message: `${r.reference} has not been released (${r.status.replace('_', ' ')})`,
          })),
        ),
      },
    );
  }
  if (checked.issues.length) throw errors.validation(checked.issues);
  const rows = checked.rows;
  const batchId = randomUUID();
  const totalMinutes = rows.reduce((a, r) => a + r.minutes, 0);
  const period = {
    from: rows.reduce((a, r) => (r.patrolFrom < a ? r.patrolFrom : a), rows[0]!.patrolFrom),
    to: rows.reduce((a, r) => (r.patrolTo > a ? r.patrolTo : a), rows[0]!.patrolTo),
  };
  const runRefs = [...new Set(rows.map((r) => r.runReference))].sort();

  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('ai_systems').select('id').where('id', '=', systemId).forUpdate().execute();
    const values = rows.map((r) => ({
      force_id: principal.forceId,
      system_id: systemId,
      run_id: r.runId,
      run_reference: r.runReference,
      patrol_from: r.patrolFrom,
      patrol_to: r.patrolTo,
      cell: r.cell,
      easting: r.easting,
      northing: r.northing,
      minutes: r.minutes,
      recorded_by: principal.personId,
      batch_id: batchId,
    }));
    for (let i = 0; i < values.length; i += 1000)
      await trx
        .insertInto('patrol_dosage')
        .values(values.slice(i, i + 1000))
        .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'patrols.recorded',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: {
        batchId,
        count: rows.length,
        totalMinutes,
        period,
        runs: runRefs,
        source: source.kind,
        sha256: source.sha256,
        ...(source.fileName ? { fileName: source.fileName } : {}),
      },
    });
    const shares: RunShares[] = [];
    for (const run of found.filter((r) => rows.some((x) => x.runId === r.id)))
      shares.push(await checkShares(trx, principal.forceId, systemId, run));
    return { batchId, recorded: rows.length, totalMinutes, period, shares };
  });
}

/**
 * The shares a forecast's recorded patrols actually went outside its hot spots and to rural
 * cells. Below a floor, an alert is raised for the product manager (once per forecast while it
 * is not acknowledged), with its ledger entry; the rule acts, so there is no actor.
 */
async function checkShares(
  trx: Trx,
  forceId: number,
  systemId: string,
  run: ForecastRunRow,
): Promise<RunShares> {
  const output = parseHotspotsOutput(run.output)!;
  const shares = patrolShares(await dosageByCell(trx, [run.id]), planFacts(output, run.settings));
  let alertId: string | null = null;
  if (shares.outsideBelow || shares.ruralBelow) {
    const open = await alertsOf(trx, forceId, { systemId, kind: 'patrol-share', open: true });
    alertId = open.find((a) => a.details.runId === run.id)?.id ?? null;
    if (!alertId) {
      const details = {
        runId: run.id,
        runReference: run.reference,
        totalMinutes: shares.totalMinutes,
        outsideShare: shares.outsideShare,
        ruralShare: shares.ruralShare,
        minOutsideShare: shares.minOutsideShare,
        minRuralShare: shares.minRuralShare,
      };
      alertId = await raiseAlert(trx, {
        forceId,
        systemId,
        kind: 'patrol-share',
        severity: 'warning',
        message: `Patrols planned from ${run.reference}: ${shares.message}`,
        details,
      });
    }
  }
  return { ...shares, runId: run.id, runReference: run.reference, alertId };
}

/** What the patrols page and API show: each released forecast with its patrol shares, and the batches. */
export async function patrolOverview(db: Kysely<DB>, principal: Principal, systemId: string) {
  const system = await forecastSystem(db, principal, systemId);
  const released = await releasedForecastRuns(db, systemId);
  const dosage = await dosageByCell(
    db,
    released.map((r) => r.id),
  );
  const alerts = await alertsOf(db, principal.forceId, { systemId, kind: 'patrol-share', limit: 100 });
  const runs = released.flatMap((run) => {
    const output = parseHotspotsOutput(run.output);
    if (!output) return [];
    const mine = dosage.filter((d) => d.runId === run.id);
    const period = forecastPeriod(output.t0);
    return [
      {
        id: run.id,
        reference: run.reference,
        period: { start: period.start, last: lastDayOf(period) },
        hotspotCells: output.topCells.length,
        plan: output.patrolPlan ?? null,
        shares: mine.length ? patrolShares(mine, planFacts(output, run.settings)) : null,
      },
    ];
  });
  return {
    system: { id: system.id, name: system.name, reference: system.reference, stage: system.stage },
    runs: runs.reverse(),
    batches: await batchesOf(db, systemId),
    alerts: alerts.map((a) => ({
      id: a.id,
      message: a.message,
      severity: a.severity,
      runReference: String(a.details.runReference ?? ''),
      createdAt: a.createdAt.toISOString(),
      acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    })),
  };
}

export interface FeedbackOptions {
  importId?: string | undefined;
  baselinePeriods?: number | undefined;
}

export interface FeedbackResult {
  system: { id: string; name: string; reference: string };
  importId: string | null;
  crimeData: { title: string; firstMonth: string; lastMonth: string } | null;
  releasedRuns: number;
  assembly: Omit<FeedbackAssembly, 'periods' | 'cells'> & { periods: PeriodRow[]; cells: number };
  report: FeedbackReport | null;
  /** The alert for this result: raised now, or earlier for the same result (and maybe acknowledged). */
  alertId: string | null;
  alertAcknowledged: boolean;
}

export interface PeriodRow {
  label: string;
  start: string;
  end: string;
  runs: string[];
  forecastCells: number;
  dosageMinutes: number;
  crimes: number;
}

const periodRow = (p: AssembledPeriod): PeriodRow => ({
  label: p.label,
  start: p.period.start,
  end: p.period.end,
  runs: p.runs,
  forecastCells: p.forecastCellCount,
  dosageMinutes: p.dosageMinutes,
  crimes: p.crimes,
});

/**
 * The feedback-loop monitor of a hot spot system: its released forecasts, the patrols recorded
 * against them and the crimes recorded in a chosen crime data import, through `monitorFeedback`.
 * A suspected loop raises an alert for the product manager once per result: the same system,
 * crime data, latest forecast period and baseline never raise a second one, acknowledged or not.
 */
export async function feedbackReport(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  options: FeedbackOptions = {},
): Promise<FeedbackResult> {
  const system = await forecastSystem(db, principal, systemId);
  if (options.importId) authorize(crimeDataPolicy, principal, 'list', 'use crime data');
  const released = await releasedForecastRuns(db, systemId);
  const runs = released.flatMap((r) => {
    const output = parseHotspotsOutput(r.output);
    return output
      ? [
          {
            id: r.id,
            reference: r.reference,
            t0: output.t0,
            crs: output.crs,
            grid: output.grid,
            forecastCells: output.topCells.map((c) => c.cell),
            crimeTypes: output.crimeTypes,
          },
        ]
      : [];
  });
  const dosage = await dosageByCell(
    db,
    runs.map((r) => r.id),
  );
  const loaded = options.importId ? await loadCrimeEvents(db, principal.forceId, options.importId) : null;
  const assembly = assembleFeedback({
    runs,
    dosage,
    events: loaded?.events ?? [],
    crs: loaded?.crs ?? 'EPSG:27700',
  });
  const settings = {
    ...DEFAULT_FEEDBACK,
    ...(options.baselinePeriods ? { baselinePeriods: options.baselinePeriods } : {}),
  };
  const report = loaded ? monitorFeedback(assembly.cells, assembly.periods, settings) : null;
  const alert =
    report?.flag && loaded
      ? await raiseLoopAlert(db, principal.forceId, systemId, report, loaded.summary, assembly)
      : null;
  return {
    system: { id: system.id, name: system.name, reference: system.reference },
    importId: options.importId ?? null,
    crimeData: loaded
      ? {
          title: loaded.summary.title,
          firstMonth: loaded.summary.firstMonth,
          lastMonth: loaded.summary.lastMonth,
        }
      : null,
    releasedRuns: runs.length,
    assembly: {
      grid: assembly.grid,
      leftOut: assembly.leftOut,
      crimeTypes: assembly.crimeTypes,
      cells: assembly.cells.length,
      periods: assembly.periods.map(periodRow),
    },
    report,
    alertId: alert?.id ?? null,
    alertAcknowledged: alert?.acknowledged ?? false,
  };
}

/**
 * What identifies a feedback-loop result: the system, the crime data, the latest forecast period
 * and the baseline. Asking again for the same result finds its alert instead of raising another.
 */
export function loopFingerprint(f: {
  systemId: string;
  crimeImportId: string;
  lastPeriod: string;
  baselinePeriods: number;
}): string {
  return sha256(canonicalJson(f));
}

async function raiseLoopAlert(
  db: Kysely<DB>,
  forceId: number,
  systemId: string,
  report: FeedbackReport,
  crimeData: { id: string; title: string },
  assembly: FeedbackAssembly,
): Promise<{ id: string; acknowledged: boolean }> {
  const key = {
    systemId,
    crimeImportId: crimeData.id,
    lastPeriod: assembly.periods.at(-1)?.label ?? '',
    baselinePeriods: report.settings.baselinePeriods,
  };
  const fingerprint = loopFingerprint(key);
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('ai_systems').select('id').where('id', '=', systemId).forUpdate().execute();
    const earlier = await alertWithFingerprint(trx, forceId, systemId, 'feedback-loop', fingerprint);
    if (earlier) return { id: earlier.id, acknowledged: earlier.acknowledgedAt !== null };
    const details = {
      fingerprint,
      lastPeriod: key.lastPeriod,
      baselinePeriods: key.baselinePeriods,
      ratio: report.ratio,
      patrolledIndex: report.patrolledIndex,
      comparisonIndex: report.comparisonIndex,
      patrolledCells: report.patrolledCells,
      comparisonCells: report.comparisonCells,
      periods: report.periods.map((p) => p.label),
      threshold: report.settings.threshold,
      crimeTypes: assembly.crimeTypes.compared ?? 'all',
      crimeImportId: crimeData.id,
      crimeImportTitle: crimeData.title,
    };
    const id = await raiseAlert(trx, {
      forceId,
      systemId,
      kind: 'feedback-loop',
      severity: 'warning',
      message: `Possible feedback loop: ${report.explanation}`,
      details,
    });
    return { id, acknowledged: false };
  });
}
