import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { appendEntry } from '../ledger/service.ts';
import { assertCan } from './abilities.ts';
import type { Principal } from './model.ts';
import { rolesAt } from './repository.ts';

export interface Posting {
  team: string | null;
  area: string | null;
}

/** A person's team and area in a force (what trial scopes are checked against), if set. */
export async function postingOf(db: Kysely<DB>, personId: string, forceId: number): Promise<Posting> {
  const row = await db
    .selectFrom('postings')
    .select(['team', 'area'])
    .where('person_id', '=', personId)
    .where('force_id', '=', forceId)
    .executeTakeFirst();
  return { team: row?.team ?? null, area: row?.area ?? null };
}

/**
 * The administrator records a person's team and area in their force, with a ledger entry. Trial
 * scope is checked against this record, never against what a request says.
 */
export async function setPosting(
  db: Kysely<DB>,
  admin: Principal,
  personId: string,
  posting: Posting,
): Promise<Posting> {
  assertCan(admin, 'people.post');
  if (!(await rolesAt(db, personId, admin.forceId)).length)
    throw errors.notFound(`Person ${personId} in ${admin.forceName}`);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('postings')
      .values({ person_id: personId, force_id: admin.forceId, ...posting, set_by: admin.personId })
      .onConflict((oc) =>
        oc
          .columns(['person_id', 'force_id'])
          .doUpdateSet({ ...posting, set_by: admin.personId, set_at: new Date() }),
      )
      .execute();
    await appendEntry(trx, {
      forceId: admin.forceId,
      actorId: admin.personId,
      action: 'person.posted',
      subjectType: 'person',
      subjectId: personId,
      payload: { ...posting },
    });
  });
  return posting;
}
