import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { WorkItem, WorkProvider } from '../http/context.ts';
import type { Principal } from '../identity/model.ts';
import { handlerRefusal } from './model.ts';
import { listChallenges, overseenSystems, reviewedRuns } from './repository.ts';
import { isOverdue } from './service-standard.ts';

type ListRow = Awaited<ReturnType<typeof listChallenges>>[number];

/** The ids of the given undecided challenges this person may decide (same rule as deciding). */
export async function decidableBy(
  db: Kysely<DB>,
  principal: Principal,
  rows: ListRow[],
): Promise<Set<string>> {
  const open = rows.filter((r) => r.status === 'received' || r.status === 'under-review');
  const overseen = await overseenSystems(db, principal.personId);
  const reviewed = await reviewedRuns(
    db,
    principal.personId,
    open.flatMap((r) => (r.run_id ? [r.run_id] : [])),
  );
  const ids = open
    .filter(
      (r) =>
        handlerRefusal({
          roles: principal.roles,
          personId: principal.personId,
          overseer: r.system_id !== null && overseen.has(r.system_id),
          reviewerIds: r.run_id && reviewed.has(r.run_id) ? [principal.personId] : [],
          runActorId: r.run_actor_id,
          status: r.status,
        }) === null,
    )
    .map((r) => r.id);
  return new Set(ids);
}

/** Challenges from the public this person may decide, on "Waiting for you". */
export const challengeWork: WorkProvider = async (db, principal) => {
  const rows = await listChallenges(db, principal.forceId);
  const mine = await decidableBy(db, principal, rows);
  const now = new Date();
  return rows
    .filter((r) => mine.has(r.id))
    .map((r): WorkItem => {
      // Past the service standard's answer date (20 working days, well within the month UK GDPR
      // Article 12(3) allows for answering a request about an automated decision).
      const overdue = isOverdue(r.created_at, now);
      return {
        title: `Decide challenge ${r.reference}${r.system_name ? `: ${r.system_name}` : ''}`,
        href: `/challenges/${r.id}`,
        hint: `A member of the public challenges ${r.run_reference ? `output ${r.run_reference}` : 'an AI-influenced decision'}. You did not review the original output.`,
        ...(overdue ? { overdue } : {}),
      };
    });
};
