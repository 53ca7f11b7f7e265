import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isRole, type Role } from './roles.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function findForceBySlug(db: Q, slug: string) {
  return db.selectFrom('forces').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findForceById(db: Q, id: number) {
  return db.selectFrom('forces').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listForces(db: Q) {
  return db.selectFrom('forces').selectAll().orderBy('kind').orderBy('name').execute();
}

export function findPersonByEmail(db: Q, email: string) {
  return db
    .selectFrom('people')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** Roles a person holds in a force at `at` (granted before, not revoked by then). */
export async function rolesAt(
  db: Q,
  personId: string,
  forceId: number,
  at: Date = new Date(),
): Promise<Role[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('role')
    .where('person_id', '=', personId)
    .where('force_id', '=', forceId)
    .where('granted_at', '<=', at)
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', at)]))
    .orderBy('role')
    .execute();
  return [...new Set(rows.map((r) => r.role).filter(isRole))];
}

/** Forces in which a person holds at least one role now. */
export function forcesOf(db: Q, personId: string) {
  return db
    .selectFrom('role_assignments')
    .innerJoin('forces', 'forces.id', 'role_assignments.force_id')
    .select(['forces.id', 'forces.slug', 'forces.name'])
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .groupBy(['forces.id', 'forces.slug', 'forces.name'])
    .orderBy('forces.name')
    .execute();
}

export function listPeopleInForce(db: Q, forceId: number) {
  return db
    .selectFrom('people')
    .innerJoin('role_assignments', 'role_assignments.person_id', 'people.id')
    .select(['people.id', 'people.name', 'people.email', 'role_assignments.role'])
    .where('role_assignments.force_id', '=', forceId)
    .where('role_assignments.revoked_at', 'is', null)
    .orderBy('people.name')
    .orderBy('role_assignments.role')
    .execute();
}
