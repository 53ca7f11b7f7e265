import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { assertCan } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { appendEntry } from '../ledger/service.ts';
import type { SystemInput } from './model.ts';
import { createSystem } from './service.ts';

export const horizonItemSchema = z.object({
  title: z.string().trim().min(3).max(200),
  description: z.string().trim().min(10).max(5000),
  source: z.string().trim().min(2).max(500),
});

export function listHorizon(db: Kysely<DB>, forceId: number) {
  return db
    .selectFrom('horizon_items')
    .selectAll()
    .where('force_id', '=', forceId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The AI lead's horizon-scanning log: candidate technologies, each promotable to a proposal. */
export async function recordHorizonItem(
  db: Kysely<DB>,
  principal: Principal,
  input: z.infer<typeof horizonItemSchema>,
) {
  assertCan(principal, 'horizon.keep');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('horizon_items')
      .values({ ...input, force_id: principal.forceId, created_by: principal.personId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'horizon.recorded',
      subjectType: 'horizon-item',
      subjectId: row.id,
      payload: { title: input.title, source: input.source },
    });
    return row;
  });
}

async function openItem(db: Kysely<DB>, principal: Principal, id: string) {
  const item = await db.selectFrom('horizon_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!item || item.force_id !== principal.forceId) throw errors.notFound(`Horizon item ${id}`);
  if (item.status !== 'watching')
    throw errors.conflict('horizon-closed', `This item was already ${item.status}.`);
  return item;
}

/** Promotes a candidate to a proposal in the register (stage horizon), linked to the item. */
export async function promoteHorizonItem(
  db: Kysely<DB>,
  principal: Principal,
  id: string,
  record: SystemInput,
) {
  assertCan(principal, 'horizon.keep');
  await openItem(db, principal, id);
  const system = await createSystem(db, principal, record);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('horizon_items')
      .set({ status: 'promoted', system_id: system.id })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'horizon.promoted',
      subjectType: 'horizon-item',
      subjectId: id,
      payload: { systemId: system.id, reference: system.reference },
    });
  });
  return system;
}

export async function dismissHorizonItem(db: Kysely<DB>, principal: Principal, id: string, reasons: string) {
  assertCan(principal, 'horizon.keep');
  await openItem(db, principal, id);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('horizon_items').set({ status: 'dismissed' }).where('id', '=', id).execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'horizon.dismissed',
      subjectType: 'horizon-item',
      subjectId: id,
      payload: { reasons },
    });
  });
}
