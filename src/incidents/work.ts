import type { WorkItem, WorkProvider } from '../http/context.ts';
import { can } from '../identity/abilities.ts';
import { isOverdue } from './model.ts';
import { openIncidentsFor } from './repository.ts';

/**
 * Incidents on "Waiting for you": those you own and have not closed (overdue first), and, for
 * the product manager and chief constable, incidents still without an owner.
 */
export const incidentWork: WorkProvider = async (db, principal) => {
  const assigner = can(principal, 'incident.assign');
  const rows = await openIncidentsFor(db, principal.forceId, principal.personId, assigner);
  const now = new Date();
  const items: WorkItem[] = rows.map((r) => {
    const overdue = isOverdue(r, now);
    const due = r.deadline_at
      ? `${overdue ? 'Was due' : 'Due'} ${r.deadline_at.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' })}.`
      : 'No deadline.';
    return r.owner_id === principal.personId
      ? {
          title: `Investigate incident ${r.reference}: ${r.title}`,
          href: `/incidents/${r.id}`,
          hint: `You own this incident. ${due}`,
          ...(overdue ? { overdue } : {}),
        }
      : {
          title: `Assign an owner to incident ${r.reference}: ${r.title}`,
          href: `/incidents/${r.id}`,
          hint: `Nobody owns this incident yet. ${due}`,
          ...(overdue ? { overdue } : {}),
        };
  });
  return items.sort((a, b) => Number(Boolean(b.overdue)) - Number(Boolean(a.overdue)));
};
