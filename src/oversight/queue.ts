import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from '../identity/model.ts';

/** An output waiting for someone, oldest first. */
export interface QueueItem {
  id: string;
  reference: string;
  status: string;
  purpose: string;
  created_at: Date;
  review_mode: 'every' | 'sampled';
  systemId: string;
  system: string;
}

/** The principal's force's runs, with the columns a queue shows. */
function runsOfForce(db: Kysely<DB>, p: Principal) {
  return db
    .selectFrom('runs')
    .innerJoin('ai_systems as s', 's.id', 'runs.system_id')
    .select([
      'runs.id',
      'runs.reference',
      'runs.status',
      'runs.purpose',
      'runs.created_at',
      'runs.review_mode',
      's.id as systemId',
      's.name as system',
    ])
    .where('runs.force_id', '=', p.forceId);
}

/**
 * Outputs waiting for the principal's review as a named overseer of their system: not run by
 * them, waiting for review (every output, or sampled or risky ones), and not yet reviewed.
 * Oldest first.
 */
export function reviewQueue(db: Kysely<DB>, p: Principal): Promise<QueueItem[]> {
  return runsOfForce(db, p)
    .innerJoin('system_overseers as o', 'o.system_id', 'runs.system_id')
    .where('o.person_id', '=', p.personId)
    .where('runs.status', '=', 'awaiting_review')
    .where('runs.actor_id', '!=', p.personId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('reviews').select('reviews.id').whereRef('reviews.run_id', '=', 'runs.id'))),
    )
    .orderBy('runs.created_at')
    .execute();
}

/** Reviewed risk scores waiting for the principal's own decision as the named decision maker. */
export function decisionQueue(db: Kysely<DB>, p: Principal): Promise<QueueItem[]> {
  return runsOfForce(db, p)
    .where('runs.decision_maker_id', '=', p.personId)
    .where('runs.status', '=', 'awaiting_decision')
    .orderBy('runs.created_at')
    .execute();
}

/** How long something has waited, in words ("under a minute", "3 hours", "2 days"). */
export function waitedFor(since: Date, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return unit(hours, 'hour');
  return unit(Math.floor(hours / 24), 'day');
}
