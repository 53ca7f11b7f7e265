import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError, errors } from '../http/errors.ts';
import { assertCan, can } from '../identity/abilities.ts';
import type { Principal } from '../identity/model.ts';
import { rolesAt } from '../identity/repository.ts';
import { appendEntry } from '../ledger/service.ts';
import { systemInForce } from '../register/service.ts';
import {
  closureRefusal,
  deadlineFor,
  type IncidentSource,
  type NoteKind,
  type Severity,
  shortReference,
} from './model.ts';

type Trx = Transaction<DB>;

export interface OpenIncident {
  forceId: number;
  systemId: string | null;
  title: string;
  description: string;
  severity: Severity;
  source: IncidentSource;
  /** The person who reported it; null when monitoring opened it. */
  reportedBy: string | null;
  /** The owner; absent means the system's product manager (if any). */
  ownerId?: string | null | undefined;
}

/**
 * Opens an incident inside the caller's transaction, with its deadline from the severity, its
 * owner (given, or the system's product manager) and its ledger entry. Reports, monitoring and
 * challenges all open incidents through here.
 */
export async function openIncident(
  trx: Trx,
  input: OpenIncident,
): Promise<{ id: string; reference: string }> {
  let owner = input.ownerId ?? null;
  if (owner === null && input.systemId) {
    const system = await trx
      .selectFrom('ai_systems')
      .select('product_manager_id')
      .where('id', '=', input.systemId)
      .executeTakeFirst();
    owner = system?.product_manager_id ?? null;
  }
  const now = new Date();
  const reference = shortReference('I');
  const deadline = deadlineFor(input.severity, now);
  const row = await trx
    .insertInto('incidents')
    .values({
      force_id: input.forceId,
      system_id: input.systemId,
      reference,
      title: input.title,
      description: input.description,
      severity: input.severity,
      source: input.source,
      owner_id: owner,
      reported_by: input.reportedBy,
      deadline_at: deadline,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendEntry(trx, {
    forceId: input.forceId,
    actorId: input.reportedBy,
    action: 'incident.opened',
    subjectType: 'incident',
    subjectId: row.id,
    payload: {
      reference,
      systemId: input.systemId,
      severity: input.severity,
      source: input.source,
      ownerId: owner,
      deadline: deadline?.toISOString() ?? null,
    },
  });
  return { id: row.id, reference };
}

export interface IncidentReport {
  systemId?: string | null | undefined;
  title: string;
  description: string;
  severity: Severity;
}

/** Anyone holding a role in the force reports an incident. */
export async function reportIncident(db: Kysely<DB>, principal: Principal, input: IncidentReport) {
  assertCan(principal, 'incident.report');
  if (input.systemId) await systemInForce(db, principal, input.systemId);
  return db.transaction().execute((trx) =>
    openIncident(trx, {
      forceId: principal.forceId,
      systemId: input.systemId ?? null,
      title: input.title,
      description: input.description,
      severity: input.severity,
      source: 'report',
      reportedBy: principal.personId,
    }),
  );
}

export async function incidentInForce(db: Kysely<DB> | Trx, principal: Principal, id: string) {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.force_id !== principal.forceId)
    throw errors.notFound(`Incident ${id} in ${principal.forceName}`);
  return row;
}

/** The product manager or chief constable names the owner (anyone holding a role in the force). */
export async function assignOwner(db: Kysely<DB>, principal: Principal, id: string, ownerId: string) {
  assertCan(principal, 'incident.assign');
  await db.transaction().execute(async (trx) => {
    const incident = await incidentInForce(trx, principal, id);
    if (incident.status === 'closed') throw errors.conflict('closed', 'This incident is closed.');
    if (
      !can({ personId: ownerId, roles: await rolesAt(trx, ownerId, principal.forceId) }, 'incident.be-owner')
    )
      throw errors.validation([{ path: 'ownerId', message: 'must be someone holding a role in this force' }]);
    await trx.updateTable('incidents').set({ owner_id: ownerId }).where('id', '=', id).execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'incident.owner-assigned',
      subjectType: 'incident',
      subjectId: id,
      payload: { reference: incident.reference, ownerId, previousOwnerId: incident.owner_id },
    });
  });
}

export interface NoteInput {
  kind: NoteKind;
  text: string;
  /** What followed a misuse (required for, and only for, misuse). */
  consequence?: string | undefined;
}

/**
 * The owner, the product manager or the chief constable records an investigation note, a
 * corrective action, or a misuse and the consequence that followed. The first note moves an
 * open incident to investigating.
 */
export async function addNote(db: Kysely<DB>, principal: Principal, id: string, input: NoteInput) {
  const consequence = input.consequence?.trim() ?? '';
  if (input.kind === 'misuse' && consequence.length < 5)
    throw errors.validation([
      { path: 'consequence', message: 'is required for misuse: record the consequence that followed' },
    ]);
  if (input.kind !== 'misuse' && consequence)
    throw errors.validation([{ path: 'consequence', message: 'is recorded only for misuse' }]);
  return db.transaction().execute(async (trx) => {
    const incident = await incidentInForce(trx, principal, id);
    assertCan(principal, 'incident.note', { incidentOwner: incident.owner_id === principal.personId });
    if (incident.status === 'closed')
      throw errors.conflict('closed', 'This incident is closed; its record can no longer change.');
    const note = await trx
      .insertInto('incident_notes')
      .values({
        force_id: principal.forceId,
        incident_id: id,
        author_id: principal.personId,
        kind: input.kind,
        text: input.text,
        consequence: input.kind === 'misuse' ? consequence : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (incident.status === 'open')
      await trx.updateTable('incidents').set({ status: 'investigating' }).where('id', '=', id).execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: `incident.${input.kind}-recorded`,
      subjectType: 'incident',
      subjectId: id,
      payload: {
        reference: incident.reference,
        noteId: note.id,
        kind: input.kind,
        text: input.text,
        ...(input.kind === 'misuse' ? { consequence } : {}),
      },
    });
    return { id: note.id };
  });
}

/** Closure sign-off with the public summary (see `closureRefusal` for the rules). */
export async function closeIncident(db: Kysely<DB>, principal: Principal, id: string, publicSummary: string) {
  await db.transaction().execute(async (trx) => {
    const incident = await incidentInForce(trx, principal, id);
    const refusal = closureRefusal({
      roles: principal.roles,
      personId: principal.personId,
      reportedBy: incident.reported_by,
      status: incident.status,
      publicSummary,
    });
    if (refusal) {
      if (refusal.code === 'forbidden') throw errors.forbidden(refusal.message);
      if (refusal.code === 'public-summary-required')
        throw new AppError(400, refusal.code, 'Public summary needed', refusal.message, {
          issues: [{ path: 'publicSummary', message: refusal.message }],
        });
      throw errors.conflict(refusal.code, refusal.message);
    }
    const closedAt = new Date();
    await trx
      .updateTable('incidents')
      .set({
        status: 'closed',
        public_summary: publicSummary.trim(),
        closed_by: principal.personId,
        closed_at: closedAt,
      })
      .where('id', '=', id)
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'incident.closed',
      subjectType: 'incident',
      subjectId: id,
      payload: {
        reference: incident.reference,
        publicSummary: publicSummary.trim(),
        deadline: incident.deadline_at?.toISOString() ?? null,
        late: incident.deadline_at !== null && closedAt > incident.deadline_at,
      },
    });
  });
}
