import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { challengeStats } from './model.ts';

/** The force's challenges, undecided first (oldest first), then decided (newest first). */
export function listChallenges(db: Kysely<DB>, forceId: number) {
  return db
    .selectFrom('challenges as c')
    .leftJoin('ai_systems as s', 's.id', 'c.system_id')
    .leftJoin('runs as r', 'r.id', 'c.run_id')
    .select([
      'c.id',
      'c.reference',
      'c.status',
      'c.system_id',
      'c.run_id',
      'c.created_at',
      'c.decided_at',
      's.name as system_name',
      'r.reference as run_reference',
      'r.actor_id as run_actor_id',
    ])
    .where('c.force_id', '=', forceId)
    .orderBy((eb) => eb.case().when('c.decided_at', 'is', null).then(0).else(1).end())
    .orderBy('c.created_at')
    .limit(500)
    .execute();
}

/** Counts per system and status for a force (public). */
export async function statsForForce(db: Kysely<DB>, forceId: number) {
  const rows = await db
    .selectFrom('challenges as c')
    .leftJoin('ai_systems as s', 's.id', 'c.system_id')
    .select(['s.reference as system_reference', 's.name as system_name', 'c.status'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('c.force_id', '=', forceId)
    .groupBy(['s.reference', 's.name', 'c.status'])
    .execute();
  return challengeStats(rows);
}

/** Systems the person is a named overseer of. */
export async function overseenSystems(db: Kysely<DB>, personId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('system_overseers')
    .select('system_id')
    .where('person_id', '=', personId)
    .execute();
  return new Set(rows.map((r) => r.system_id));
}

/** Runs (of those given) the person reviewed. */
export async function reviewedRuns(db: Kysely<DB>, personId: string, runIds: string[]): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('reviews')
    .select('run_id')
    .where('reviewer_id', '=', personId)
    .where('run_id', 'in', runIds)
    .execute();
  return new Set(rows.map((r) => r.run_id));
}
