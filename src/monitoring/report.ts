import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';
import { monitoredLabel } from '../modules/registry.ts';
import { systemInForce } from '../register/service.ts';
import { drift, driftWindows } from './drift.ts';
import {
  checkWindow,
  DAY_MS,
  groupsOf,
  type MetricSeries,
  metricSeries,
  rollingWindows,
  type Window,
  windowEnding,
} from './model.ts';
import {
  isEarlyRubberStamping,
  isRubberStamping,
  type RelianceRule,
  type RelianceStats,
  relianceStats,
} from './reliance.ts';
import {
  alertsOf,
  goLiveAt,
  lastRunAt,
  monitoredRuns,
  outcomeSpan,
  outcomesOf,
  reviewsOf,
} from './repository.ts';
import { planOf } from './service.ts';

/** Presenters: what leaves the service about monitoring (ids, numbers, dates; no personal data). */

const iso = (w: Window) => ({ start: w.start.toISOString(), end: w.end.toISOString() });

function presentSeries(s: MetricSeries) {
  return {
    metric: s.metric,
    points: s.points.map((p) => ({ window: iso(p.window), overall: p.overall, groups: p.groups })),
  };
}

export type MonitoringReport = Awaited<ReturnType<typeof monitoringReport>>;

/**
 * A system's monitoring: each metric over rolling windows (overall and per group, with pass or
 * fail), the checks of the current window, drift (PSI) of the monitored run values, and alerts.
 */
export async function monitoringReport(db: Kysely<DB>, principal: Principal, systemId: string) {
  const system = await systemInForce(db, principal, systemId);
  const plan = await planOf(db, systemId);
  const alerts = await alertsOf(db, principal.forceId, { systemId, limit: 100 });
  const { first, last } = await outcomeSpan(db, systemId);
  let series: ReturnType<typeof presentSeries>[] = [];
  let current: ReturnType<typeof checkWindow> = [];
  let groups: string[] = [];
  if (plan && first && last) {
    const windows = rollingWindows(last, plan.windowDays, plan.stepDays, first, 26);
    const earliest = windows[0]!.start;
    const outcomes = await outcomesOf(db, systemId, earliest);
    groups = groupsOf(plan, outcomes);
    series = metricSeries(plan, outcomes, windows, groups).map(presentSeries);
    current = checkWindow(plan, outcomes, windowEnding(last, plan.windowDays));
  }
  const windowDays = plan?.windowDays ?? 30;
  const lastRun = await lastRunAt(db, systemId);
  let driftReport = null;
  if (lastRun) {
    const w = driftWindows(lastRun, windowDays, await goLiveAt(db, systemId));
    const since = new Date(Math.min(w.baseline.start.getTime(), w.current.start.getTime()) - DAY_MS);
    const runs = await monitoredRuns(db, systemId, since);
    driftReport = {
      current: iso(w.current),
      baseline: iso(w.baseline),
      baselineKind: w.baselineKind,
      values: drift(runs, w).map((d) => ({
        key: d.key,
        label: monitoredLabel(system.module_id, d.key),
        baselineCount: d.baselineCount,
        currentCount: d.currentCount,
        psi: d.stability?.psi ?? null,
        band: d.stability?.band ?? null,
      })),
    };
  }
  return {
    system: { id: system.id, reference: system.reference, name: system.name, stage: system.stage },
    plan: plan && {
      source: plan.source,
      windowDays: plan.windowDays,
      stepDays: plan.stepDays,
      metrics: plan.metrics,
    },
    asOf: last?.toISOString() ?? null,
    groups,
    current: current.map((c) => ({ ...c, window: iso(c.window) })),
    series,
    drift: driftReport,
    alerts: alerts.map(presentAlert),
  };
}

export function presentAlert(a: Awaited<ReturnType<typeof alertsOf>>[number]) {
  return {
    id: a.id,
    systemId: a.systemId,
    systemName: a.systemName,
    kind: a.kind,
    severity: a.severity,
    message: a.message,
    details: a.details,
    createdAt: a.createdAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedByName,
  };
}

export interface ReviewerReliance {
  reviewerId: string;
  name: string;
  stats: RelianceStats;
  /** The rule holds over all of this reviewer's reviews of the system. */
  flagged: boolean;
  /** The same pattern on fewer reviews than the rule needs: shown as an early warning. */
  early: boolean;
}

/** Over-reliance measures of a system: overall and per reviewer, with the rule applied. */
export async function relianceReport(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  rule: RelianceRule,
) {
  await systemInForce(db, principal, systemId);
  const reviews = await reviewsOf(db, systemId);
  const byReviewer = new Map<string, typeof reviews>();
  for (const r of reviews) byReviewer.set(r.reviewerId, [...(byReviewer.get(r.reviewerId) ?? []), r]);
  const reviewers: ReviewerReliance[] = [...byReviewer.values()]
    .map((rs) => {
      const stats = relianceStats(rs);
      return {
        reviewerId: rs[0]!.reviewerId,
        name: rs[0]!.reviewerName,
        stats,
        flagged: isRubberStamping(stats, rule),
        early: isEarlyRubberStamping(stats, rule),
      };
    })
    .sort((a, b) => b.stats.reviews - a.stats.reviews || a.name.localeCompare(b.name));
  return { rule, system: relianceStats(reviews), reviewers };
}
