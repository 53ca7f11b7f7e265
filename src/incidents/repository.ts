import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The force's incidents, open first, then by deadline and newest. */
export function listIncidents(db: Kysely<DB>, forceId: number, filter: { status?: string | undefined } = {}) {
  let q = db
    .selectFrom('incidents as i')
    .leftJoin('ai_systems as s', 's.id', 'i.system_id')
    .leftJoin('people as o', 'o.id', 'i.owner_id')
    .select([
      'i.id',
      'i.reference',
      'i.title',
      'i.severity',
      'i.source',
      'i.status',
      'i.owner_id',
      'i.deadline_at',
      'i.created_at',
      'i.closed_at',
      's.name as system_name',
      'o.name as owner_name',
    ])
    .where('i.force_id', '=', forceId);
  if (filter.status) q = q.where('i.status', '=', filter.status as 'open');
  return q
    .orderBy((eb) => eb.case().when('i.status', '=', 'closed').then(1).else(0).end())
    .orderBy('i.deadline_at', (ob) => ob.asc().nullsLast())
    .orderBy('i.created_at', 'desc')
    .limit(500)
    .execute();
}

export function incidentDetail(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('incidents as i')
    .leftJoin('ai_systems as s', 's.id', 'i.system_id')
    .leftJoin('people as o', 'o.id', 'i.owner_id')
    .leftJoin('people as r', 'r.id', 'i.reported_by')
    .leftJoin('people as c', 'c.id', 'i.closed_by')
    .selectAll('i')
    .select([
      's.name as system_name',
      's.reference as system_reference',
      'o.name as owner_name',
      'r.name as reporter_name',
      'c.name as closer_name',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export function incidentNotes(db: Kysely<DB>, incidentId: string) {
  return db
    .selectFrom('incident_notes as n')
    .innerJoin('people as p', 'p.id', 'n.author_id')
    .select(['n.id', 'n.kind', 'n.text', 'n.consequence', 'n.created_at', 'p.name as author_name'])
    .where('n.incident_id', '=', incidentId)
    .orderBy('n.created_at')
    .execute();
}

/** Closed incidents of a force with only what is public: no names, no descriptions. */
export function closedIncidents(db: Kysely<DB>, forceId: number) {
  return db
    .selectFrom('incidents as i')
    .leftJoin('ai_systems as s', 's.id', 'i.system_id')
    .select([
      'i.reference',
      'i.severity',
      'i.created_at',
      'i.closed_at',
      'i.public_summary',
      's.name as system_name',
      's.reference as system_reference',
    ])
    .where('i.force_id', '=', forceId)
    .where('i.status', '=', 'closed')
    .orderBy('i.closed_at', 'desc')
    .execute();
}

/** Incidents not closed that wait on this person (owner) or, with no owner, on those who assign one. */
export function openIncidentsFor(db: Kysely<DB>, forceId: number, personId: string, assigner: boolean) {
  return db
    .selectFrom('incidents')
    .select(['id', 'reference', 'title', 'status', 'owner_id', 'deadline_at'])
    .where('force_id', '=', forceId)
    .where('status', '!=', 'closed')
    .where((eb) =>
      assigner
        ? eb.or([eb('owner_id', '=', personId), eb('owner_id', 'is', null)])
        : eb('owner_id', '=', personId),
    )
    .orderBy('deadline_at', (ob) => ob.asc().nullsLast())
    .execute();
}
