import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { appendEntry } from '../ledger/service.ts';
import { systemInForce } from '../register/service.ts';
import { impactSummary, REINVESTMENT_CATEGORIES, type Reinvestment, type RunTotals } from './time.ts';

/** Time saved over released runs; energy and CO2e over all runs; one query. */
export async function runTotals(db: Kysely<DB>, systemId: string): Promise<RunTotals> {
  const row = await db
    .selectFrom('runs')
    .select([
      sql<string>`count(*)`.as('runs'),
      sql<string>`count(*) FILTER (WHERE status = 'released')`.as('released'),
      sql<string>`coalesce(sum(minutes_saved) FILTER (WHERE status = 'released'), 0)`.as('minutes'),
      sql<string>`coalesce(sum(energy_wh), 0)`.as('energy'),
      sql<string>`coalesce(sum(co2e_g), 0)`.as('co2e'),
    ])
    .where('system_id', '=', systemId)
    .executeTakeFirstOrThrow();
  return {
    runs: Number(row.runs),
    releasedRuns: Number(row.released),
    minutesSaved: Number(row.minutes),
    energyWh: Number(row.energy),
    co2eG: Number(row.co2e),
  };
}

/** A DATE column as YYYY-MM-DD (drivers return it as a string or as local midnight). */
const isoDay = (d: Date | string) =>
  typeof d === 'string'
    ? d.slice(0, 10)
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export async function reinvestments(db: Kysely<DB>, systemId: string): Promise<Reinvestment[]> {
  const rows = await db
    .selectFrom('time_reinvested')
    .select(['period_start', 'period_end', 'hours', 'category', 'notes'])
    .where('system_id', '=', systemId)
    .orderBy('period_start', 'desc')
    .execute();
  return rows.map((r) => ({
    periodStart: isoDay(r.period_start),
    periodEnd: isoDay(r.period_end),
    hours: Number(r.hours),
    category: r.category,
    notes: r.notes,
  }));
}

/** A system's impact: time saved and where it went, energy and CO2e. */
export async function systemImpact(db: Kysely<DB>, systemId: string) {
  const list = await reinvestments(db, systemId);
  return { summary: impactSummary(await runTotals(db, systemId), list), reinvestments: list };
}

const day = z.iso.date({ message: 'must be a date such as 2026-03-31' });

export const reinvestmentSchema = z
  .object({
    periodStart: day,
    periodEnd: day,
    hours: z.coerce
      .number({ message: 'must be a number of hours' })
      .min(0, 'must be 0 or more')
      .max(1_000_000, 'is too large'),
    category: z.enum(REINVESTMENT_CATEGORIES, { message: 'Select where the time went' }),
    notes: z
      .string()
      .trim()
      .min(5, 'Describe what the time was used for in at least 5 characters')
      .max(2000, 'Notes must be 2000 characters or fewer'),
  })
  .refine((r) => r.periodEnd >= r.periodStart, {
    message: 'must be on or after the start of the period',
    path: ['periodEnd'],
  });
export type ReinvestmentInput = z.infer<typeof reinvestmentSchema>;

/** The product manager records where a period's saved time was reinvested, with its ledger entry. */
export async function recordReinvestment(
  db: Kysely<DB>,
  principal: Principal,
  systemId: string,
  input: ReinvestmentInput,
) {
  const system = await systemInForce(db, principal, systemId);
  assertCan(principal, 'time.reinvest', { productManagerId: system.product_manager_id });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('time_reinvested')
      .values({
        force_id: principal.forceId,
        system_id: systemId,
        period_start: input.periodStart,
        period_end: input.periodEnd,
        hours: input.hours,
        category: input.category,
        notes: input.notes,
        recorded_by: principal.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'time.reinvested',
      subjectType: 'ai-system',
      subjectId: systemId,
      payload: { ...input, id: row.id },
    });
    return { id: row.id };
  });
}
