import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MonitoredRun } from './drift.ts';
import type { Outcome } from './model.ts';
import type { ReviewDecision } from './reliance.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A system's outcomes observed after `since` (all when null), oldest first. */
export async function outcomesOf(db: Q, systemId: string, since: Date | null = null): Promise<Outcome[]> {
  let q = db
    .selectFrom('outcomes')
    .select(['observed_at', 'grp', 'metrics'])
    .where('system_id', '=', systemId)
    .orderBy('observed_at');
  if (since) q = q.where('observed_at', '>', since);
  const rows = await q.execute();
  return rows.map((r) => ({
    observedAt: r.observed_at,
    group: r.grp,
    metrics: r.metrics as Record<string, number>,
  }));
}

export async function outcomeSpan(db: Q, systemId: string) {
  const row = await db
    .selectFrom('outcomes')
    .select((eb) => [eb.fn.min('observed_at').as('first'), eb.fn.max('observed_at').as('last')])
    .where('system_id', '=', systemId)
    .executeTakeFirst();
  const first = row?.first ? new Date(row.first as Date | string) : null;
  const last = row?.last ? new Date(row.last as Date | string) : null;
  return { first, last };
}

/** Runs of a system by id or public reference, to attach outcomes to them. */
export async function runsOfSystem(db: Q, systemId: string, ids: string[], references: string[]) {
  if (ids.length === 0 && references.length === 0) return [];
  return db
    .selectFrom('runs')
    .select(['id', 'reference'])
    .where('system_id', '=', systemId)
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('id', 'in', ids)] : []),
        ...(references.length ? [eb('reference', 'in', references)] : []),
      ]),
    )
    .execute();
}

/** The monitored values of a system's runs created after `since`. */
export async function monitoredRuns(db: Q, systemId: string, since: Date): Promise<MonitoredRun[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['created_at', 'monitored'])
    .where('system_id', '=', systemId)
    .where('created_at', '>', since)
    .execute();
  return rows.map((r) => ({ createdAt: r.created_at, monitored: r.monitored as Record<string, number> }));
}

export async function lastRunAt(db: Q, systemId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('runs')
    .select('created_at')
    .where('system_id', '=', systemId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** When the system last went live (null if it never did). */
export async function goLiveAt(db: Q, systemId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('stage_transitions')
    .select('created_at')
    .where('system_id', '=', systemId)
    .where('action', '=', 'go-live')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

export interface ReviewRow {
  reviewerId: string;
  reviewerName: string;
  decision: ReviewDecision;
  seconds: number;
  at: Date;
}

/** Reviews of a system's outputs (optionally by one reviewer, after a time). */
export async function reviewsOf(
  db: Q,
  systemId: string,
  filter: { reviewerId?: string; after?: Date | null } = {},
): Promise<ReviewRow[]> {
  let q = db
    .selectFrom('reviews')
    .innerJoin('people', 'people.id', 'reviews.reviewer_id')
    .select([
      'reviews.reviewer_id',
      'people.name',
      'reviews.decision',
      'reviews.seconds_spent',
      'reviews.created_at',
    ])
    .where('reviews.system_id', '=', systemId);
  if (filter.reviewerId) q = q.where('reviews.reviewer_id', '=', filter.reviewerId);
  if (filter.after) q = q.where('reviews.created_at', '>', filter.after);
  const rows = await q.orderBy('reviews.created_at').execute();
  return rows.map((r) => ({
    reviewerId: r.reviewer_id,
    reviewerName: r.name,
    decision: r.decision,
    seconds: Number(r.seconds_spent),
    at: r.created_at,
  }));
}

export interface AlertRow {
  id: string;
  systemId: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'severe';
  message: string;
  details: Record<string, unknown>;
  createdAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
}

/** Alerts of a force, newest first (optionally one system's, or only those not acknowledged). */
export async function alertsOf(
  db: Q,
  forceId: number,
  filter: { systemId?: string; kind?: string; open?: boolean; limit?: number } = {},
): Promise<Array<AlertRow & { systemName: string | null; acknowledgedByName: string | null }>> {
  let q = db
    .selectFrom('alerts')
    .leftJoin('ai_systems as s', 's.id', 'alerts.system_id')
    .leftJoin('people as p', 'p.id', 'alerts.acknowledged_by')
    .select([
      'alerts.id',
      'alerts.system_id',
      'alerts.kind',
      'alerts.severity',
      'alerts.message',
      'alerts.details',
      'alerts.created_at',
      'alerts.acknowledged_by',
      'alerts.acknowledged_at',
      's.name as system_name',
      'p.name as acknowledged_by_name',
    ])
    .where('alerts.force_id', '=', forceId);
  if (filter.systemId) q = q.where('alerts.system_id', '=', filter.systemId);
  if (filter.kind) q = q.where('alerts.kind', '=', filter.kind);
  if (filter.open) q = q.where('alerts.acknowledged_at', 'is', null);
  const rows = await q
    .orderBy('alerts.created_at', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    systemId: r.system_id,
    kind: r.kind,
    severity: r.severity,
    message: r.message,
    details: (r.details ?? {}) as Record<string, unknown>,
    createdAt: r.created_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    systemName: r.system_name,
    acknowledgedByName: r.acknowledged_by_name,
  }));
}

/** The alert of a kind raised for a system with this `details.fingerprint`, acknowledged or not. */
export async function alertWithFingerprint(
  db: Q,
  forceId: number,
  systemId: string,
  kind: string,
  fingerprint: string,
): Promise<{ id: string; acknowledgedAt: Date | null } | null> {
  const row = await db
    .selectFrom('alerts')
    .select(['id', 'acknowledged_at'])
    .where('force_id', '=', forceId)
    .where('system_id', '=', systemId)
    .where('kind', '=', kind)
    .where(sql<string>`details->>'fingerprint'`, '=', fingerprint)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, acknowledgedAt: row.acknowledged_at } : null;
}

export async function insertAlert(
  trx: Transaction<DB>,
  a: {
    forceId: number;
    systemId: string;
    kind: string;
    severity: 'info' | 'warning' | 'severe';
    message: string;
    details: Record<string, unknown>;
  },
): Promise<string> {
  const row = await trx
    .insertInto('alerts')
    .values({
      force_id: a.forceId,
      system_id: a.systemId,
      kind: a.kind,
      severity: a.severity,
      message: a.message,
      details: JSON.stringify(a.details),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
