import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** A hot spot run with the output that stands (the amended one when a review amended it). */
export interface ForecastRunRow {
  id: string;
  reference: string;
  status: string;
  output: unknown;
  settings: unknown;
  releasedAt: Date | null;
}

function forecastRuns(db: Q, systemId: string) {
  return db
    .selectFrom('runs')
    .leftJoin('reviews', (join) =>
      join.onRef('reviews.run_id', '=', 'runs.id').on('reviews.decision', '=', 'amended'),
    )
    .select([
      'runs.id',
      'runs.reference',
      'runs.status',
      'runs.output',
      'runs.settings',
      'runs.released_at',
      'reviews.amended_output',
    ])
    .where('runs.system_id', '=', systemId)
    .where('runs.module_id', '=', 'hotspots');
}

type RawRun = {
  id: string;
  reference: string;
  status: string;
  output: unknown;
  settings: unknown;
  released_at: Date | null;
  amended_output: unknown;
};

const toRow = (r: RawRun): ForecastRunRow => ({
  id: r.id,
  reference: r.reference,
  status: r.status,
  output: r.amended_output ?? r.output,
  settings: r.settings,
  releasedAt: r.released_at,
});

/** Hot spot runs of a system named by id or public reference. */
export async function forecastRunsByKey(
  db: Q,
  systemId: string,
  ids: readonly string[],
  references: readonly string[],
): Promise<ForecastRunRow[]> {
  if (ids.length === 0 && references.length === 0) return [];
  const rows = await forecastRuns(db, systemId)
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('runs.id', 'in', [...ids])] : []),
        ...(references.length ? [eb('runs.reference', 'in', [...references])] : []),
      ]),
    )
    .execute();
  return rows.map(toRow);
}

/** The released hot spot runs of a system, oldest first. */
export async function releasedForecastRuns(db: Q, systemId: string): Promise<ForecastRunRow[]> {
  const rows = await forecastRuns(db, systemId)
    .where('runs.status', '=', 'released')
    .orderBy('runs.created_at')
    .execute();
  return rows.map(toRow);
}

/** Patrol minutes per run and cell. */
export async function dosageByCell(
  db: Q,
  runIds: readonly string[],
): Promise<Array<{ runId: string; cell: number; minutes: number }>> {
  if (runIds.length === 0) return [];
  const rows = await db
    .selectFrom('patrol_dosage')
    .select(['run_id', 'cell', sql<string>`sum(minutes)`.as('minutes')])
    .where('run_id', 'in', [...runIds])
    .groupBy(['run_id', 'cell'])
    .execute();
  return rows.map((r) => ({ runId: r.run_id, cell: Number(r.cell), minutes: Number(r.minutes) }));
}

/** A DATE column as YYYY-MM-DD (drivers return it as a string or as local midnight). */
export const isoDay = (d: Date | string) =>
  typeof d === 'string'
    ? d.slice(0, 10)
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export interface BatchRow {
  batchId: string;
  rows: number;
  minutes: number;
  from: string;
  to: string;
  runs: string[];
  recordedAt: Date;
}

/** A system's patrol batches, newest first. */
export async function batchesOf(db: Q, systemId: string, limit = 50): Promise<BatchRow[]> {
  const rows = await db
    .selectFrom('patrol_dosage')
    .select([
      'batch_id',
      sql<string>`count(*)`.as('n'),
      sql<string>`sum(minutes)`.as('minutes'),
      sql<Date | string>`min(patrol_from)`.as('from'),
      sql<Date | string>`max(patrol_to)`.as('to'),
      sql<string>`string_agg(DISTINCT run_reference, ',' ORDER BY run_reference)`.as('runs'),
      sql<Date>`min(created_at)`.as('at'),
    ])
    .where('system_id', '=', systemId)
    .groupBy('batch_id')
    .orderBy(sql`min(created_at)`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    batchId: r.batch_id,
    rows: Number(r.n),
    minutes: Number(r.minutes),
    from: isoDay(r.from),
    to: isoDay(r.to),
    runs: r.runs.split(','),
    recordedAt: new Date(r.at),
  }));
}
