import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { decrypt, encrypt } from '../../../security/encryption.ts';
import { caseFor, logAccess } from '../../pole/services.ts';

/**
 * Revealing a third party: by default everyone who is not a named subject of the case is "Contact
 * N", their number masked and their messages hidden. An investigator may reveal one contact of
 * one extraction, saying why it is necessary and proportionate; the reveal is written to the
 * ledger and the case's access log, and waits for a supervisor of the case, who upholds it or
 * withdraws it (a withdrawn reveal hides the contact again).
 */

export const revealSchema = z.object({
  contact: z.coerce.number().int().min(1, 'must be a contact number'),
  justification: z
    .string()
    .trim()
    .min(30, 'must say why seeing this person is necessary and proportionate (at least 30 characters)')
    .max(2000),
});

export const revealReviewSchema = z.object({
  decision: z.enum(['upheld', 'withdrawn'], { message: 'must be upheld or withdrawn' }),
  note: z.string().trim().max(2000).default(''),
});

export interface Reveal {
  id: string;
  extractionId: string;
  contact: number;
  justification: string;
  revealedBy: string;
  revealedAt: Date;
  review: 'pending' | 'upheld' | 'withdrawn';
  reviewedBy: string | null;
  reviewNote: string | null;
}

const justificationContext = (id: string) => `device_reveals.justification:${id}`;

async function extractionOfCase(db: Kysely<DB>, caseId: string, extractionId: string) {
  const row = /^[0-9a-f-]{36}$/i.test(extractionId)
    ? await db
        .selectFrom('device_extractions')
        .innerJoin('device_authorisations', 'device_authorisations.id', 'device_extractions.authorisation_id')
        .select(['device_extractions.id', 'device_extractions.destroyed_at'])
        .where('device_extractions.id', '=', extractionId)
        .where('device_authorisations.case_id', '=', caseId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw errors.notFound(`Extraction ${extractionId} of this case`);
  return row;
}

/** Reveals one contact of one extraction to the case, with the officer's justification. */
export async function revealContact(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  extractionId: string,
  data: unknown,
  contacts: number,
): Promise<Reveal> {
  const c = await caseFor(db, principal, caseId);
  if (c.role !== 'investigator')
    throw errors.forbidden(
      'Only an investigator on the case may reveal a contact; a supervisor reviews reveals.',
    );
  const extraction = await extractionOfCase(db, caseId, extractionId);
  if (extraction.destroyed_at)
    throw errors.conflict('destroyed', 'This extraction was destroyed at the end of its retention.');
  const parsed = revealSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const { contact, justification } = parsed.data;
  if (contact > contacts)
    throw errors.validation([{ path: 'contact', message: `the extraction has contacts 1 to ${contacts}` }]);
  const existing = await db
    .selectFrom('device_reveals')
    .select(['id', 'review'])
    .where('extraction_id', '=', extractionId)
    .where('contact', '=', contact)
    .executeTakeFirst();
  if (existing && existing.review !== 'withdrawn')
    throw errors.conflict('already-revealed', `Contact ${contact} is already revealed in this extraction.`);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    if (existing) await trx.deleteFrom('device_reveals').where('id', '=', existing.id).execute();
    await trx
      .insertInto('device_reveals')
      .values({
        id,
        case_id: caseId,
        extraction_id: extractionId,
        contact,
        justification_encrypted: encrypt(key, justification, justificationContext(id)),
        revealed_by: principal.personId,
      })
      .execute();
    await logAccess(trx, principal, caseId, 'revealed-contact', `${extractionId}#contact-${contact}`);
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'device.contact-revealed',
      subjectType: 'case',
      subjectId: caseId,
      payload: { revealId: id, extractionId, contact, replaces: existing?.id ?? null },
    });
  });
  const [reveal] = (await revealsOf(db, key, caseId, extractionId)).filter((r) => r.id === id);
  return reveal!;
}

/** A supervisor of the case upholds or withdraws a pending reveal. */
export async function reviewReveal(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
  revealId: string,
  data: unknown,
) {
  const c = await caseFor(db, principal, caseId);
  if (c.role !== 'supervisor') throw errors.forbidden('Only a supervisor of the case may review a reveal.');
  const parsed = revealReviewSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const row = /^[0-9a-f-]{36}$/i.test(revealId)
    ? await db
        .selectFrom('device_reveals')
        .select(['id', 'review', 'revealed_by', 'extraction_id', 'contact'])
        .where('id', '=', revealId)
        .where('case_id', '=', caseId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw errors.notFound(`Reveal ${revealId} of this case`);
  if (row.review !== 'pending')
    throw errors.conflict('already-reviewed', 'This reveal has already been reviewed.');
  if (row.revealed_by === principal.personId)
    throw errors.conflict(
      'separation-of-duties',
      'You made this reveal, so another supervisor must review it.',
    );
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('device_reveals')
      .set({
        review: parsed.data.decision,
        reviewed_by: principal.personId,
        reviewed_at: new Date(),
        review_note: parsed.data.note || null,
      })
      .where('id', '=', row.id)
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: `device.reveal-${parsed.data.decision}`,
      subjectType: 'case',
      subjectId: caseId,
      payload: { revealId: row.id, extractionId: row.extraction_id, contact: row.contact },
    });
  });
  return { id: row.id, review: parsed.data.decision };
}

/** The reveals of an extraction (or of every extraction of the case), newest first. */
export async function revealsOf(
  db: Kysely<DB>,
  key: Buffer,
  caseId: string,
  extractionId?: string,
): Promise<Reveal[]> {
  let query = db
    .selectFrom('device_reveals')
    .innerJoin('people as by', 'by.id', 'device_reveals.revealed_by')
    .leftJoin('people as reviewer', 'reviewer.id', 'device_reveals.reviewed_by')
    .select([
      'device_reveals.id',
      'device_reveals.extraction_id',
      'device_reveals.contact',
      'device_reveals.justification_encrypted',
      'device_reveals.revealed_at',
      'device_reveals.review',
      'device_reveals.review_note',
      'by.name as by',
      'reviewer.name as reviewer',
    ])
    .where('device_reveals.case_id', '=', caseId);
  if (extractionId) query = query.where('device_reveals.extraction_id', '=', extractionId);
  const rows = await query.orderBy('device_reveals.revealed_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    extractionId: r.extraction_id,
    contact: r.contact,
    justification: decrypt(key, r.justification_encrypted, justificationContext(r.id)),
    revealedBy: r.by,
    revealedAt: r.revealed_at,
    review: r.review,
    reviewedBy: r.reviewer,
    reviewNote: r.review_note,
  }));
}

/** The contacts of an extraction revealed now (pending review or upheld). */
export async function revealedContacts(db: Kysely<DB>, extractionId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('device_reveals')
    .select('contact')
    .where('extraction_id', '=', extractionId)
    .where('review', '!=', 'withdrawn')
    .execute();
  return new Set(rows.map((r) => r.contact));
}
