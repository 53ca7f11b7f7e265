import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { errors } from '../http/errors.ts';
import { appendEntry } from '../ledger/service.ts';
import { assertCan } from './abilities.ts';
import { emailSchema, type Principal } from './model.ts';
import { hashPassword } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';
import { createPerson } from './service.ts';

type Trx = Transaction<DB>;

/**
 * User management by a force's administrators: invite someone with roles in the force (their
 * initial password is shown once, to the administrator, and never stored in clear), change their
 * roles, deactivate and reactivate them, reset their password. Every change has its ledger entry
 * (without personal data). An administrator never deactivates themselves, and a force always
 * keeps at least one active administrator: the force's administrator roles are locked while
 * this is checked, so two administrators removing each other at once cannot both succeed.
 */

export const inviteSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter their full name').max(200, 'Names must be 200 characters or fewer'),
  roles: z.array(z.enum(ROLES)).min(1, 'Select at least one role'),
});
export type Invite = z.infer<typeof inviteSchema>;

export const rolesSchema = z.object({
  roles: z.array(z.enum(ROLES)).min(1, 'Select at least one role (to remove every role, deactivate them)'),
});

/** A password shown once: 20 random characters (120 bits). */
export const oneTimePassword = () => randomBytes(15).toString('base64url');

export interface UserRow {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  active: boolean;
}

/** Everyone who holds, or has held, a role in the administrator's force. */
export async function listUsers(db: Kysely<DB>, admin: Principal): Promise<UserRow[]> {
  assertCan(admin, 'people.list');
  const rows = await db
    .selectFrom('people')
    .innerJoin('role_assignments as r', 'r.person_id', 'people.id')
    .select(['people.id', 'people.name', 'people.email', 'people.disabled_at', 'r.role', 'r.revoked_at'])
    .where('r.force_id', '=', admin.forceId)
    .orderBy('people.name')
    .orderBy('r.role')
    .execute();
  const byId = new Map<string, UserRow>();
  for (const r of rows) {
    const u = byId.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [], active: !r.disabled_at };
    if (!r.revoked_at && !u.roles.includes(r.role as Role)) u.roles.push(r.role as Role);
    byId.set(r.id, u);
  }
  return [...byId.values()];
}

/** One person of the administrator's force, or 404 (people of other forces are not visible). */
export async function userInForce(
  db: Kysely<DB> | Trx,
  admin: Principal,
  personId: string,
): Promise<UserRow> {
  const person = await db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'disabled_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
  const roles = person
    ? await db
        .selectFrom('role_assignments')
        .select(['role', 'revoked_at'])
        .where('person_id', '=', personId)
        .where('force_id', '=', admin.forceId)
        .execute()
    : [];
  if (!person || roles.length === 0) throw errors.notFound(`Person ${personId} in ${admin.forceName}`);
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    roles: [...new Set(roles.filter((r) => !r.revoked_at).map((r) => r.role as Role))].sort(),
    active: !person.disabled_at,
  };
}

/** Locks the force's administrator roles and counts the active administrators other than `personId`. */
async function otherActiveAdmins(trx: Trx, forceId: number, personId: string): Promise<number> {
  await trx
    .selectFrom('role_assignments')
    .select('id')
    .where('force_id', '=', forceId)
    .where('role', '=', 'admin')
    .where('revoked_at', 'is', null)
    .forUpdate()
    .execute();
  const row = await trx
    .selectFrom('role_assignments as r')
    .innerJoin('people', 'people.id', 'r.person_id')
    .select((eb) => eb.fn.count<number>('r.person_id').distinct().as('n'))
    .where('r.force_id', '=', forceId)
    .where('r.role', '=', 'admin')
    .where('r.revoked_at', 'is', null)
    .where('people.disabled_at', 'is', null)
    .where('r.person_id', '!=', personId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const lastAdmin = (what: string) =>
  errors.conflict(
    'last-administrator',
    `${what} would leave the force without an active administrator: make someone else an administrator first.`,
  );

async function endSessions(trx: Trx, personId: string) {
  await trx.deleteFrom('sessions').where('person_id', '=', personId).execute();
}

/** Invites someone with roles in the force; the initial password is returned once. */
export async function inviteUser(
  db: Kysely<DB>,
  admin: Principal,
  given: Invite,
): Promise<{ id: string; initialPassword: string }> {
  assertCan(admin, 'people.invite');
  const input = inviteSchema.parse(given);
  const initialPassword = oneTimePassword();
  const { id } = await createPerson(
    db,
    { ...input, password: initialPassword },
    admin.forceId,
    admin.personId,
  );
  return { id, initialPassword };
}

/** Sets a person's roles in the force to exactly `roles` (added ones granted, others revoked). */
export async function changeRoles(
  db: Kysely<DB>,
  admin: Principal,
  personId: string,
  roles: readonly Role[],
): Promise<{ added: Role[]; removed: Role[] }> {
  assertCan(admin, 'people.change-roles');
  const wanted = [...new Set(rolesSchema.parse({ roles }).roles)];
  return db.transaction().execute(async (trx) => {
    const user = await userInForce(trx, admin, personId);
    const added = wanted.filter((r) => !user.roles.includes(r));
    const removed = user.roles.filter((r) => !wanted.includes(r));
    if (removed.includes('admin') && (await otherActiveAdmins(trx, admin.forceId, personId)) === 0)
      throw lastAdmin('Removing this administrator role');
    const now = new Date();
    if (removed.length)
      await trx
        .updateTable('role_assignments')
        .set({ revoked_at: now })
        .where('person_id', '=', personId)
        .where('force_id', '=', admin.forceId)
        .where('role', 'in', removed)
        .where('revoked_at', 'is', null)
        .execute();
    if (added.length)
      await trx
        .insertInto('role_assignments')
        .values(
          added.map((role) => ({
            person_id: personId,
            force_id: admin.forceId,
            role,
            granted_by: admin.personId,
          })),
        )
        .execute();
    await appendEntry(trx, {
      forceId: admin.forceId,
      actorId: admin.personId,
      action: 'person.roles-changed',
      subjectType: 'person',
      subjectId: personId,
      payload: { added, removed, roles: wanted },
    });
    return { added, removed };
  });
}

/**
 * Deactivates or reactivates a person: a deactivated person cannot sign in and their sessions
 * end at once. Someone holding roles in another force is that force's concern too, so only a
 * person whose roles are all in this force can be deactivated here.
 */
export async function setActive(
  db: Kysely<DB>,
  admin: Principal,
  personId: string,
  active: boolean,
): Promise<void> {
  assertCan(admin, 'people.deactivate');
  if (!active && personId === admin.personId)
    throw errors.conflict('self-deactivation', 'You cannot deactivate yourself: ask another administrator.');
  await db.transaction().execute(async (trx) => {
    const user = await userInForce(trx, admin, personId);
    if (!active) {
      const elsewhere = await trx
        .selectFrom('role_assignments')
        .select('id')
        .where('person_id', '=', personId)
        .where('force_id', '!=', admin.forceId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (elsewhere)
        throw errors.conflict(
          'roles-elsewhere',
          `${user.name} also holds roles in another force, so their administrator must agree: remove their roles here instead.`,
        );
      if (user.roles.includes('admin') && (await otherActiveAdmins(trx, admin.forceId, personId)) === 0)
        throw lastAdmin('Deactivating this administrator');
    }
    await trx
      .updateTable('people')
      .set({ disabled_at: active ? null : new Date() })
      .where('id', '=', personId)
      .execute();
    if (!active) await endSessions(trx, personId);
    await appendEntry(trx, {
      forceId: admin.forceId,
      actorId: admin.personId,
      action: active ? 'person.reactivated' : 'person.deactivated',
      subjectType: 'person',
      subjectId: personId,
      payload: {},
    });
  });
}

/** Sets a new one-time password (returned once) and ends the person's sessions. */
export async function resetPassword(
  db: Kysely<DB>,
  admin: Principal,
  personId: string,
): Promise<{ password: string }> {
  assertCan(admin, 'people.reset-password');
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await userInForce(trx, admin, personId);
    await trx.updateTable('people').set({ password_hash: hash }).where('id', '=', personId).execute();
    await endSessions(trx, personId);
    await appendEntry(trx, {
      forceId: admin.forceId,
      actorId: admin.personId,
      action: 'person.password-reset',
      subjectType: 'person',
      subjectId: personId,
      payload: {},
    });
  });
  return { password };
}
