import { isOverdue, NOTE_TITLES, type NoteKind, SEVERITY_TITLES, type Severity } from './model.ts';
import type { closedIncidents, incidentDetail, incidentNotes, listIncidents } from './repository.ts';

type ListRow = Awaited<ReturnType<typeof listIncidents>>[number];
type DetailRow = NonNullable<Awaited<ReturnType<typeof incidentDetail>>>;
type NoteRow = Awaited<ReturnType<typeof incidentNotes>>[number];
type PublicRow = Awaited<ReturnType<typeof closedIncidents>>[number];

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An incident in the force's list (inside the force only). */
export function presentListItem(r: ListRow, now: Date) {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    severity: r.severity,
    source: r.source,
    status: r.status,
    system: r.system_name,
    owner: r.owner_name,
    ownerId: r.owner_id,
    deadline: iso(r.deadline_at),
    overdue: isOverdue(r, now),
    openedAt: r.created_at.toISOString(),
    closedAt: iso(r.closed_at),
  };
}

export function presentNote(n: NoteRow) {
  return {
    id: n.id,
    kind: n.kind,
    text: n.text,
    consequence: n.consequence,
    by: n.author_name,
    at: n.created_at.toISOString(),
  };
}

/** An incident in full (inside the force only). */
export function presentIncident(r: DetailRow, notes: NoteRow[], now: Date) {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    description: r.description,
    severity: r.severity,
    source: r.source,
    status: r.status,
    system: r.system_id ? { id: r.system_id, name: r.system_name, reference: r.system_reference } : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name } : null,
    reportedBy: r.reported_by ? { id: r.reported_by, name: r.reporter_name } : null,
    deadline: iso(r.deadline_at),
    overdue: isOverdue(r, now),
    openedAt: r.created_at.toISOString(),
    closedAt: iso(r.closed_at),
    closedBy: r.closed_by ? { id: r.closed_by, name: r.closer_name } : null,
    publicSummary: r.public_summary,
    notes: notes.map(presentNote),
  };
}

/** A closed incident as the public sees it: the public summary, system and dates; no names. */
export function presentPublicIncident(r: PublicRow) {
  return {
    reference: r.reference,
    severity: r.severity,
    severityTitle: SEVERITY_TITLES[r.severity as Severity],
    system: r.system_name ? { name: r.system_name, reference: r.system_reference } : null,
    openedAt: r.created_at.toISOString(),
    closedAt: iso(r.closed_at),
    publicSummary: r.public_summary ?? '',
  };
}

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  open: { text: 'Open', classes: 'govuk-tag--blue' },
  investigating: { text: 'Investigating', classes: 'govuk-tag--yellow' },
  closed: { text: 'Closed', classes: 'govuk-tag--grey' },
};

export function statusTag(status: string, overdue: boolean) {
  return overdue
    ? { text: 'Overdue', classes: 'govuk-tag--red' }
    : (STATUS_TAGS[status] ?? { text: status, classes: 'govuk-tag--grey' });
}

export const severityTitle = (s: string) => SEVERITY_TITLES[s as Severity] ?? s;
export const noteTitle = (k: string) => NOTE_TITLES[k as NoteKind] ?? k;
