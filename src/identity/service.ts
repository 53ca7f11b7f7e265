import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import { appendEntry } from '../ledger/service.ts';
import type { NewPerson, Principal } from './model.ts';
import { onboardIfNew } from './onboarding.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { findForceBySlug, findPersonByEmail, forcesOf, rolesAt } from './repository.ts';
import type { Role } from './roles.ts';
import type { SignInThrottle } from './throttle.ts';

export const SESSION_HOURS = 8;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Creates a person with roles in one force; the ledger records it without personal data. */
export async function createPerson(
  db: Kysely<DB>,
  input: NewPerson,
  forceId: number,
  actorId: string | null,
): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findPersonByEmail(trx, input.email)) {
      throw errors.conflict(
        'email-taken',
        `Someone is already registered with the email address ${input.email}.`,
      );
    }
    const person = await trx
      .insertInto('people')
      .values({ email: input.email, name: input.name, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const roles = [...new Set(input.roles)];
    await trx
      .insertInto('role_assignments')
      .values(roles.map((role) => ({ person_id: person.id, force_id: forceId, role, granted_by: actorId })))
      .execute();
    await appendEntry(trx, {
      forceId,
      actorId,
      action: 'person.created',
      subjectType: 'person',
      subjectId: person.id,
      payload: { roles },
    });
    if (roles.includes('admin')) await onboardIfNew(trx, forceId, actorId);
    return person;
  });
}

/**
 * Checks an email and password, throttled per account and per client address (see
 * `throttle.ts`): while a wait is running the attempt is refused with the seconds left, without
 * checking the password; after it, the right password always gets in.
 */
export async function authenticate(
  db: Kysely<DB>,
  email: string,
  password: string,
  guard: { throttle: SignInThrottle; ip: string },
) {
  const wait = await guard.throttle.waitSeconds(email, guard.ip);
  if (wait > 0) throw errors.throttled(wait);
  const person = await findPersonByEmail(db, email.trim());
  const ok = person
    ? !person.disabled_at && (await verifyPassword(person.password_hash, password))
    : (await verifyPassword(await dummyHash(), password)) && false;
  if (!person || !ok) {
    await guard.throttle.failed(email, guard.ip);
    throw errors.badCredentials();
  }
  await guard.throttle.succeeded(email);
  return person;
}

/** Opens a session in one of the person's forces (the named one, or their first). */
export async function openSession(
  db: Kysely<DB>,
  personId: string,
  forceSlug?: string,
): Promise<{ token: string; expiresAt: Date }> {
  const forces = await forcesOf(db, personId);
  const force = forceSlug ? forces.find((f) => f.slug === forceSlug) : forces[0];
  if (!force) {
    throw forceSlug
      ? errors.forbidden(`You hold no role in the force "${forceSlug}".`)
      : errors.forbidden('You hold no role in any force, so you cannot sign in. Ask your administrator.');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      person_id: personId,
      force_id: force.id,
      csrf_token: randomBytes(24).toString('base64url'),
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

export async function closeSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** The principal behind a session token, or undefined when the session is unknown or expired. */
export async function principalFromToken(db: Kysely<DB>, token: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .innerJoin('forces', 'forces.id', 'sessions.force_id')
    .select([
      'sessions.id as sessionId',
      'sessions.csrf_token as csrfToken',
      'sessions.expires_at as expiresAt',
      'people.id as personId',
      'people.name',
      'people.email',
      'people.disabled_at as disabledAt',
      'forces.id as forceId',
      'forces.slug as forceSlug',
      'forces.name as forceName',
    ])
    .where('sessions.id', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expiresAt <= new Date() || row.disabledAt) return undefined;
  const roles: Role[] = await rolesAt(db, row.personId, row.forceId);
  return {
    personId: row.personId,
    name: row.name,
    email: row.email,
    forceId: row.forceId,
    forceSlug: row.forceSlug,
    forceName: row.forceName,
    roles,
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
  };
}

export async function forceIdBySlug(db: Kysely<DB>, slug: string): Promise<number> {
  const force = await findForceBySlug(db, slug);
  if (!force) throw new AppError(404, 'not-found', 'Not found', `No force with the slug "${slug}".`);
  return force.id;
}

/** The principal of a person acting in a force (for the CLI, demo data and tests). */
export async function principalFor(db: Kysely<DB>, personId: string, forceId: number): Promise<Principal> {
  const person = await db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const force = await db.selectFrom('forces').selectAll().where('id', '=', forceId).executeTakeFirstOrThrow();
  return {
    personId,
    name: person.name,
    email: person.email,
    forceId,
    forceSlug: force.slug,
    forceName: force.name,
    roles: await rolesAt(db, personId, forceId),
    sessionId: '',
    csrfToken: '',
  };
}
