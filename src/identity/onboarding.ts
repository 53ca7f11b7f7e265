import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import { appendEntry } from '../ledger/service.ts';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * A force is onboarded when it is set up on Bluelamp with an administrator: from then on it is
 * public (its AI tools, challenges and incidents). The other forces of England and Wales exist
 * as tenants but do not use the service, so nothing is published in their name.
 */

/** Onboarded forces, by name (the national tenant included: callers filter by kind). */
export function listOnboardedForces(db: Q) {
  return db
    .selectFrom('forces')
    .select(['id', 'slug', 'name', 'kind', 'onboarded_at'])
    .where('onboarded_at', 'is not', null)
    .orderBy('name')
    .execute();
}

/** Public forces a member of the public can choose (onboarded, not the national tenant). */
export async function publicForceChoices(db: Q) {
  return (await listOnboardedForces(db)).filter((f) => f.kind !== 'national');
}

/**
 * The onboarded force with this slug for a public page or API, or a 404 that says why: a force
 * that does not use Bluelamp is not said to have no AI tools.
 */
export async function publicForceOr404(db: Q, slug: string) {
  const force = await db
    .selectFrom('forces')
    .select(['id', 'slug', 'name', 'kind', 'onboarded_at'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!force) throw errors.notFound(`The force "${slug}"`);
  if (!force.onboarded_at) throw notOnboarded(force.name);
  return force;
}

export const notOnboarded = (name: string) =>
  new AppError(
    404,
    'force-not-onboarded',
    `${name} does not use Bluelamp`,
    `${name} does not publish its AI tools on Bluelamp, so nothing is shown here. This does not mean it uses no AI: ask ${name} directly, or see the forces that do publish at /forces.`,
  );

/**
 * Marks a force onboarded when it gains its first administrator (inside the caller's
 * transaction, with its ledger entry). Does nothing for a force already onboarded.
 */
export async function onboardIfNew(trx: Transaction<DB>, forceId: number, actorId: string | null) {
  const row = await trx
    .updateTable('forces')
    .set({ onboarded_at: new Date() })
    .where('id', '=', forceId)
    .where('onboarded_at', 'is', null)
    .returning(['slug'])
    .executeTakeFirst();
  if (!row) return false;
  await appendEntry(trx, {
    forceId,
    actorId,
    action: 'force.onboarded',
    subjectType: 'force',
    subjectId: String(forceId),
    payload: { slug: row.slug },
  });
  return true;
}
