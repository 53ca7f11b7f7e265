import type { WorkItem, WorkProvider } from '../http/context.ts';
import { decisionQueue, reviewQueue, waitedFor } from './queue.ts';

/** A review waiting longer than this is shown as overdue. */
const OVERDUE_HOURS = 24;

/**
 * The runtime's contribution to "Waiting for you": outputs waiting for the person's review as a
 * named overseer, and risk scores waiting for their decision as the named decision maker.
 */
export const oversightWork: WorkProvider = async (db, principal) => {
  const now = new Date();
  const overdue = (d: Date) => now.getTime() - d.getTime() > OVERDUE_HOURS * 3_600_000;
  const reviews: WorkItem[] = (await reviewQueue(db, principal)).map((r) => ({
    title: `Review output ${r.reference}: ${r.system}`,
    href: `/runs/${r.id}`,
    hint: `${r.purpose} Waiting ${waitedFor(r.created_at, now)}.`,
    ...(overdue(r.created_at) ? { overdue: true } : {}),
  }));
  const decisions: WorkItem[] = (await decisionQueue(db, principal)).map((r) => ({
    title: `Record your decision on ${r.reference}: ${r.system}`,
    href: `/runs/${r.id}#decision`,
    hint: `Reviewed risk score; you are the named decision maker. Waiting ${waitedFor(r.created_at, now)}.`,
    ...(overdue(r.created_at) ? { overdue: true } : {}),
  }));
  return [...reviews, ...decisions];
};
