import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { openIncident } from '../incidents/service.ts';
import { appendEntry } from '../ledger/service.ts';
import type { AfterReview } from '../oversight/runs.ts';
import { latestEvidence } from '../register/repository.ts';
import { systemInForce } from '../register/service.ts';
import { checkDrafts, type OutcomeDraft, type OutcomeRow } from './import.ts';
import {
  breachMessage,
  type CheckResult,
  checkWindow,
  type MonitoringPlan,
  planFrom,
  windowEnding,
} from './model.ts';
import { isRubberStamping, type RelianceRule, relianceMessage, relianceStats } from './reliance.ts';
import { alertsOf, insertAlert, outcomeSpan, outcomesOf, reviewsOf, runsOfSystem } from './repository.ts';

type Trx = Transaction<DB>;

/** Stages in which a system has outputs whose outcomes can come back. */
export const OUTCOME_STAGES = ['trial', 'live', 'suspended', 'closing'] as const;
/** Stages from which a severe breach suspends a system (as the lifecycle's suspend action). */
const SUSPENDABLE = ['trial', 'live'];

export function relianceRule(config: Config): RelianceRule {
  return {
    maxAcceptance: config.relianceMaxAcceptance,
    minMedianSeconds: config.relianceMinMedianSeconds,
    minReviews: config.relianceMinReviews,
  };
}

/** The plan a system is monitored against (monitoring plan, else test design), or null. */
export async function planOf(db: Kysely<DB> | Trx, systemId: string): Promise<MonitoringPlan | null> {
  const evidence = await latestEvidence(db, systemId);
  return planFrom(evidence.get('monitoring-plan')?.data, evidence.get('test-design')?.data);
}

export interface Breach {
  metric: string;
  group: string | null;
  value: number;
  threshold: number;
  direction: 'min' | 'max';
  severe: boolean;
  message: string;
  alertId: string;
}

export interface RecordResult {
  recorded: number;
  sha256: string;
  breaches: Breach[];
  suspended: boolean;
  incidentReference: string | null;
}

export interface OutcomeSource {
  kind: 'api' | 'import';
  /** SHA-256 (hex) of the bytes received. */
  sha256: string;
  fileName?: string | undefined;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Records outcomes for a system, all or nothing: every row is checked first (problems come back
 * with their line or item and field), run references must be this system's runs; then, in one
 * transaction, the rows, their ledger entry, and the evaluation of the current window (alerts,
 * automatic suspension, incident).
 */
export async function recordOutcomes(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  drafts: readonly OutcomeDraft[],
  source: OutcomeSource,
): Promise<RecordResult> {
  assertCan(principal, 'outcome.record');
  const system = await systemInForce(db, principal, systemId);
  if (!(OUTCOME_STAGES as readonly string[]).includes(system.stage))
    throw errors.conflict(
      'no-outcomes-at-stage',
      `This system is at the ${system.stage} stage; outcomes come back once it is in trial or live.`,
    );
  const plan = await planOf(db, systemId);
  if (!plan)
    throw errors.conflict(
      'no-monitoring-plan',
      'This system has no monitoring plan or test design naming its metrics, so outcomes cannot be checked.',
    );
  const checked = checkDrafts(drafts, {
    metrics: plan.metrics.map((m) => m.name),
    groups: plan.groups,
    now: new Date(),
  });
  if (checked.issues.length) throw errors.validation(checked.issues);
  const runIds = await resolveRuns(db, systemId, checked.rows);

  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('ai_systems').select('id').where('id', '=', systemId).forUpdate().execute();
    const rows = checked.rows.map((r, i) => ({
      force_id: principal.forceId,
      system_id: systemId,
      run_id: runIds[i] ?? null,
      observed_at: r.observedAt,
      grp: r.group,
      metrics: JSON.stringify(r.metrics),
      recorded_by: principal.personId,
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('outcomes')
        .values(rows.slice(i, i + 1000))
        .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: source.kind === 'import' ? 'outcomes.imported' : 'outcomes.recorded',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: {
        count: rows.length,
        sha256: source.sha256,
        ...(source.fileName ? { fileName: source.fileName } : {}),
      },
    });
    const evaluation = await evaluate(trx, systemId, plan);
    return { recorded: rows.length, sha256: source.sha256, ...evaluation };
  });
}

/** Run ids for rows that name a run (by id or reference); unknown runs are input problems. */
async function resolveRuns(db: Kysely<DB>, systemId: string, rows: readonly OutcomeRow[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.runId ? [r.runId] : [])))];
  const refs = [...new Set(rows.flatMap((r) => (r.runReference ? [r.runReference] : [])))];
  const found = await runsOfSystem(db, systemId, ids, refs);
  const byId = new Set(found.map((r) => r.id));
  const byRef = new Map(found.map((r) => [r.reference, r.id]));
  const issues: Array<{ path: string; message: string }> = [];
  const out = rows.map((r) => {
    if (r.runId && !byId.has(r.runId)) {
      issues.push({ path: `${r.where}, field runId`, message: 'is not a run of this system' });
      return null;
    }
    if (r.runReference) {
      const id = byRef.get(r.runReference);
      if (!id) {
        const field = r.where.startsWith('line') ? 'run_reference' : 'runReference';
        issues.push({ path: `${r.where}, field ${field}`, message: 'is not a run of this system' });
        return null;
      }
      if (r.runId && r.runId !== id) {
        issues.push({ path: `${r.where}, field runReference`, message: 'names a different run from runId' });
      }
      return id;
    }
    return r.runId;
  });
  if (issues.length) throw errors.validation(issues);
  return out;
}

/**
 * Checks the current window (the `windowDays` up to the latest observation) against the plan.
 * Each failing check raises an alert for the product manager unless one for the same metric and
 * group is still unacknowledged. A failing severe metric suspends a system in trial or live
 * (no actor: the rule acts) and opens a serious incident owned by the product manager.
 */
export async function evaluate(
  trx: Trx,
  systemId: string,
  plan: MonitoringPlan,
): Promise<Omit<RecordResult, 'recorded' | 'sha256'>> {
  const system = await trx
    .selectFrom('ai_systems')
    .selectAll()
    .where('id', '=', systemId)
    .executeTakeFirstOrThrow();
  const { last } = await outcomeSpan(trx, systemId);
  if (!last) return { breaches: [], suspended: false, incidentReference: null };
  const window = windowEnding(last, plan.windowDays);
  const failures = checkWindow(plan, await outcomesOf(trx, systemId, window.start), window).filter(
    (c) => !c.pass,
  );
  const open = await alertsOf(trx, system.force_id, { systemId, kind: 'threshold-breach', open: true });
  const breaches: Breach[] = [];
  for (const c of failures) {
    const existing = open.find((a) => a.details.metric === c.metric && (a.details.group ?? null) === c.group);
    const message = breachMessage(c);
    const alertId = existing?.id ?? (await raiseBreachAlert(trx, system.force_id, systemId, c, message));
    breaches.push({
      metric: c.metric,
      group: c.group,
      value: c.value,
      threshold: c.threshold,
      direction: c.direction,
      severe: c.severe,
      message,
      alertId,
    });
  }
  const severe = breaches.filter((b) => b.severe);
  if (severe.length === 0 || !SUSPENDABLE.includes(system.stage))
    return { breaches, suspended: false, incidentReference: null };
  const reasons = `Suspended automatically: a severe threshold of the monitoring plan was breached. ${severe.map((b) => b.message).join(' ')}`;
  await suspend(trx, system, reasons, severe);
  const incidentReference = await openBreachIncident(trx, system, reasons);
  return { breaches, suspended: true, incidentReference };
}

async function raiseBreachAlert(
  trx: Trx,
  forceId: number,
  systemId: string,
  c: CheckResult,
  message: string,
) {
  const details = {
    metric: c.metric,
    group: c.group,
    value: c.value,
    threshold: c.threshold,
    direction: c.direction,
    count: c.count,
    severe: c.severe,
    windowStart: c.window.start.toISOString(),
    windowEnd: c.window.end.toISOString(),
  };
  return raiseAlert(trx, {
    forceId,
    systemId,
    kind: 'threshold-breach',
    severity: c.severe ? 'severe' : 'warning',
    message,
    details,
  });
}

/**
 * Raises an alert for the product manager with its `alert.raised` ledger entry. A rule raises
 * it, so the entry has no actor. Returns the alert's id.
 */
export async function raiseAlert(trx: Trx, alert: Parameters<typeof insertAlert>[1]): Promise<string> {
  const id = await insertAlert(trx, alert);
  await appendEntry(trx, {
    forceId: alert.forceId,
    actorId: null,
    action: 'alert.raised',
    subjectType: 'alert',
    subjectId: id,
    payload: { systemId: alert.systemId, kind: alert.kind, ...alert.details },
  });
  return id;
}

type SystemRow = {
  id: string;
  force_id: number;
  stage: string;
  name: string;
  product_manager_id: string | null;
};

/** The lifecycle's suspension, taken by the monitoring rule: stage, transition, ledger entry. */
async function suspend(trx: Trx, system: SystemRow, reasons: string, severe: readonly Breach[]) {
  const now = new Date();
  await trx
    .updateTable('ai_systems')
    .set({
      stage: 'suspended',
      previous_stage: system.stage,
      suspended_at: now,
      stage_entered_at: now,
      updated_at: now,
    })
    .where('id', '=', system.id)
    .execute();
  await trx
    .insertInto('stage_transitions')
    .values({
      force_id: system.force_id,
      system_id: system.id,
      action: 'suspend',
      from_stage: system.stage,
      to_stage: 'suspended',
      actor_id: null,
      reasons,
    })
    .execute();
  await appendEntry(trx, {
    forceId: system.force_id,
    actorId: null,
    action: 'system.suspended-automatically',
    subjectType: 'ai-system',
    subjectId: system.id,
    payload: {
      from: system.stage,
      to: 'suspended',
      reasons,
      breaches: severe.map((b) => ({
        metric: b.metric,
        group: b.group,
        value: b.value,
        threshold: b.threshold,
        alertId: b.alertId,
      })),
    },
  });
}

/** A severe breach opens a serious incident owned by the product manager (the incidents module sets the deadline). */
async function openBreachIncident(trx: Trx, system: SystemRow, reasons: string): Promise<string> {
  const { reference } = await openIncident(trx, {
    forceId: system.force_id,
    systemId: system.id,
    title: `Severe monitoring breach: ${system.name} suspended`,
    description: reasons,
    severity: 'serious',
    source: 'monitoring',
    reportedBy: null,
    ownerId: system.product_manager_id,
  });
  return reference;
}

/** The product manager acknowledges an alert (it leaves their list; the record stays). */
export async function acknowledgeAlert(db: Kysely<DB>, principal: Principal, alertId: string) {
  assertCan(principal, 'alert.acknowledge');
  return db.transaction().execute(async (trx) => {
    const alert = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', alertId)
      .forUpdate()
      .executeTakeFirst();
    if (!alert || alert.force_id !== principal.forceId)
      throw errors.notFound(`Alert ${alertId} in ${principal.forceName}`);
    if (alert.acknowledged_at)
      throw errors.conflict('already-acknowledged', 'This alert has already been acknowledged.');
    const now = new Date();
    await trx
      .updateTable('alerts')
      .set({ acknowledged_by: principal.personId, acknowledged_at: now })
      .where('id', '=', alertId)
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'alert.acknowledged',
      subjectType: 'alert',
      subjectId: alertId,
      payload: { systemId: alert.system_id, kind: alert.kind },
    });
    return { id: alertId, acknowledgedAt: now };
  });
}

/**
 * After each review: if this reviewer's reviews of this system look like rubber-stamping, raise
 * a reliance alert, once per reviewer and system until acknowledged. After an acknowledgement,
 * only reviews since then count, so the pattern must recur to alert again.
 */
export async function checkReliance(
  db: Kysely<DB>,
  rule: RelianceRule,
  review: { systemId: string; reviewerId: string; forceId: number },
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('ai_systems').select('id').where('id', '=', review.systemId).forUpdate().execute();
    const previous = (
      await alertsOf(trx, review.forceId, { systemId: review.systemId, kind: 'reliance' })
    ).filter((a) => a.details.reviewerId === review.reviewerId);
    if (previous.some((a) => !a.acknowledgedAt)) return null;
    const since = previous.reduce<Date | null>(
      (latest, a) => (a.acknowledgedAt && (!latest || a.acknowledgedAt > latest) ? a.acknowledgedAt : latest),
      null,
    );
    const reviews = await reviewsOf(trx, review.systemId, { reviewerId: review.reviewerId, after: since });
    const stats = relianceStats(reviews);
    if (!isRubberStamping(stats, rule)) return null;
    const name = reviews[0]?.reviewerName ?? 'A reviewer';
    const details = { reviewerId: review.reviewerId, ...stats, since: since?.toISOString() ?? null, rule };
    const id = await insertAlert(trx, {
      forceId: review.forceId,
      systemId: review.systemId,
      kind: 'reliance',
      severity: 'warning',
      message: relianceMessage(name, stats, rule),
      details,
    });
    await appendEntry(trx, {
      forceId: review.forceId,
      actorId: null,
      action: 'alert.raised',
      subjectType: 'alert',
      subjectId: id,
      payload: { systemId: review.systemId, kind: 'reliance', ...details },
    });
    return id;
  });
}

/** The over-reliance check as a hook the review command runs after each review. */
export function relianceHook(config: Config): AfterReview {
  const rule = relianceRule(config);
  return async (db, review) => {
    await checkReliance(db, rule, review);
  };
}
