import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { dayOf } from '../../../db/dates.ts';
import type { DB, DeviceAuthorisationsTable } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { decrypt, encrypt } from '../../../security/encryption.ts';
import { caseFor } from '../../pole/services.ts';
import { DATA_KINDS, type DataKind, type ExtractionScope } from '../extraction/records.ts';

/**
 * The authorisation an officer records before anything on a device is read (Police, Crime,
 * Sentencing and Courts Act 2022 s.37 and its code of practice): the case, the device and whose
 * it is, why it is necessary, the period and kinds of data authorised, who authorised it (a
 * supervisor of the case) and how long what is extracted may be kept. It goes to the ledger;
 * imports under it keep only what it covers.
 */

export const OWNER_ROLES = ['suspect', 'victim', 'witness', 'other'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'is not a real date');

export const authorisationSchema = z
  .object({
    device: z.string().trim().min(3, 'must describe the device (make, model, exhibit number)').max(200),
    owner: z.string().trim().min(1, 'is required: whose device it is').max(120),
    ownerRole: z.enum(OWNER_ROLES, { message: 'must be suspect, victim, witness or other' }),
    purpose: z
      .string()
      .trim()
      .min(20, 'must say why reading the device is necessary and proportionate (at least 20 characters)')
      .max(2000),
    from: isoDate,
    to: isoDate,
    kinds: z
      .array(z.enum(DATA_KINDS, { message: `must be among ${DATA_KINDS.join(', ')}` }))
      .min(1, 'choose at least one kind of data'),
    authorisedBy: z.string().trim().toLowerCase().email('must be the e-mail of the authorising supervisor'),
    retainUntil: isoDate,
  })
  .superRefine((a, ctx) => {
    if (a.from > a.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after the start of the period' });
    if (a.retainUntil <= new Date().toISOString().slice(0, 10))
      ctx.addIssue({ code: 'custom', path: ['retainUntil'], message: 'must be in the future' });
  });

export interface Authorisation {
  id: string;
  caseId: string;
  device: string;
  owner: string;
  ownerRole: OwnerRole;
  purpose: string;
  scope: ExtractionScope;
  authorisedBy: { id: string; name: string };
  retainUntil: string;
  recordedBy: string;
  recordedAt: Date;
}

const context = (field: string, id: string) => `device_authorisations.${field}:${id}`;

function view(
  key: Buffer,
  row: Selectable<DeviceAuthorisationsTable>,
  names: Map<string, string>,
): Authorisation {
  return {
    id: row.id,
    caseId: row.case_id,
    device: decrypt(key, row.device_encrypted, context('device', row.id)),
    owner: decrypt(key, row.owner_encrypted, context('owner', row.id)),
    ownerRole: row.owner_role,
    purpose: decrypt(key, row.purpose_encrypted, context('purpose', row.id)),
    scope: { from: dayOf(row.period_from), to: dayOf(row.period_to), kinds: row.kinds as DataKind[] },
    authorisedBy: { id: row.authorised_by, name: names.get(row.authorised_by) ?? '' },
    retainUntil: dayOf(row.retain_until),
    recordedBy: names.get(row.recorded_by) ?? '',
    recordedAt: row.recorded_at,
  };
}

async function namesOf(db: Kysely<DB>, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Records an authorisation on a case the asker is on; the authoriser must supervise the case. */
export async function recordAuthorisation(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  data: unknown,
): Promise<Authorisation> {
  const c = await caseFor(db, principal, caseId);
  const parsed = authorisationSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const a = parsed.data;
  const authoriser = await db
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .select(['people.id', 'people.name'])
    .where('case_members.case_id', '=', caseId)
    .where('case_members.role', '=', 'supervisor')
    .where('people.email', '=', a.authorisedBy)
    .executeTakeFirst();
  if (!authoriser)
    throw errors.validation([
      { path: 'authorisedBy', message: `${a.authorisedBy} is not a supervisor of case ${c.reference}` },
    ]);
  const id = randomUUID();
  const kinds = DATA_KINDS.filter((k) => a.kinds.includes(k));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('device_authorisations')
      .values({
        id,
        case_id: caseId,
        device_encrypted: encrypt(key, a.device, context('device', id)),
        owner_encrypted: encrypt(key, a.owner, context('owner', id)),
        owner_role: a.ownerRole,
        purpose_encrypted: encrypt(key, a.purpose, context('purpose', id)),
        period_from: a.from,
        period_to: a.to,
        kinds,
        authorised_by: authoriser.id,
        retain_until: a.retainUntil,
        recorded_by: principal.personId,
      })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'device.authorised',
      subjectType: 'case',
      subjectId: caseId,
      payload: {
        authorisationId: id,
        ownerRole: a.ownerRole,
        from: a.from,
        to: a.to,
        kinds,
        authorisedBy: authoriser.id,
        retainUntil: a.retainUntil,
      },
    });
  });
  return (await authorisationFor(db, key, principal, caseId, id)).authorisation;
}

/** The case's authorisations, newest first. */
export async function listAuthorisations(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
): Promise<Authorisation[]> {
  await caseFor(db, principal, caseId);
  const rows = await db
    .selectFrom('device_authorisations')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('recorded_at', 'desc')
    .execute();
  const names = await namesOf(db, [...new Set(rows.flatMap((r) => [r.authorised_by, r.recorded_by]))]);
  return rows.map((r) => view(key, r, names));
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** One authorisation of a case the asker is on, with the case; "not found" otherwise. */
export async function authorisationFor(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  authorisationId: string,
) {
  const c = await caseFor(db, principal, caseId);
  const row = isUuid(authorisationId)
    ? await db
        .selectFrom('device_authorisations')
        .selectAll()
        .where('id', '=', authorisationId)
        .where('case_id', '=', caseId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw errors.notFound(`Device authorisation ${authorisationId} of this case`);
  const names = await namesOf(db, [row.authorised_by, row.recorded_by]);
  return { case: c, authorisation: view(key, row, names) };
}
