import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import { dayOf } from '../../../db/dates.ts';
import type { CasesTable, DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import { assertCan } from '../../../identity/abilities.ts';
import type { Principal } from '../../../identity/model.ts';
import { rolesAt } from '../../../identity/repository.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { decrypt, decryptBytes, encrypt } from '../../../security/encryption.ts';
import { DocumentsError, readDocuments } from '../documents/read.ts';
import { MAX_DOCUMENTS } from '../module.ts';
import {
  documentTerms,
  hashTerm,
  type Passage,
  passages,
  queryTerms,
  tsqueryOf,
  tsvectorOf,
} from './terms.ts';

/**
 * Case files: a case (force-scoped, with a reference, a sealed title and a review date), the
 * officers who may see it (investigators and supervisors of the case), its documents (the file
 * and its text sealed, their SHA-256 in the ledger), search over an index of keyed hashes, and a
 * log of every opening of a document or output. A person who is not on a case is told it does
 * not exist, as for anything outside their force.
 */

export type CaseRole = 'investigator' | 'supervisor';
type CaseRow = Selectable<CasesTable>;

export interface CaseView {
  id: string;
  reference: string;
  title: string;
  reviewOn: string;
  reviewDue: boolean;
  createdAt: Date;
  /** The asker's role on the case. */
  role: CaseRole;
  /** Whether the asker may add people to the case (its creator and its supervisors). */
  manages: boolean;
}

export interface CaseMember {
  personId: string;
  name: string;
  email: string;
  role: CaseRole;
  addedAt: Date;
}

export interface CaseDocument {
  id: string;
  position: number;
  name: string;
  kind: string;
  status: 'ok' | 'no-text-layer';
  sizeBytes: number;
  sha256: string;
  date: string | null;
  pages: number | null;
  uploadedAt: Date;
  uploadedBy: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const titleContext = (id: string) => `cases.title:${id}`;
const nameContext = (id: string) => `case_documents.name:${id}`;
const textContext = (id: string) => `case_documents.text:${id}`;
const originalContext = (id: string) => `case_documents.original:${id}`;
const searchKey = (key: Buffer) => createHmac('sha256', key).update('case-search-key').digest();

export const newCaseSchema = z.object({
  reference: z
    .string()
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(60)
    .regex(/^[A-Za-z0-9][A-Za-z0-9/._-]*$/, 'may hold letters, digits and / . _ - only'),
  title: z.string().trim().min(1, 'is required').max(200),
  reviewOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'is not a real date'),
  supervisor: z.string().trim().toLowerCase().email('must be an email address').optional(),
});
export type NewCase = z.infer<typeof newCaseSchema>;

/** An officer of the force (by e-mail) who may be put on a case. */
async function officerOf(db: Kysely<DB>, principal: Principal, email: string, path: string) {
  const person = await db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'disabled_at'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  const roles = person ? await rolesAt(db, person.id, principal.forceId) : [];
  if (!person || !roles.length || person.disabled_at)
    throw errors.validation([{ path, message: `${email} is not a person in ${principal.forceName}` }]);
  if (!roles.some((r) => r === 'officer' || r === 'analyst'))
    throw errors.validation([
      { path, message: `${email} is not an officer or analyst, so cannot be put on a case` },
    ]);
  return person;
}

/** Opens a case; its creator is its first investigator, and a supervisor may be named at once. */
export async function createCase(db: Kysely<DB>, key: Buffer, principal: Principal, data: unknown) {
  assertCan(principal, 'case.create');
  const parsed = newCaseSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const c = parsed.data;
  const supervisor = c.supervisor ? await officerOf(db, principal, c.supervisor, 'supervisor') : null;
  if (supervisor?.id === principal.personId)
    throw errors.validation([{ path: 'supervisor', message: 'must be someone other than you' }]);
  const clash = await db
    .selectFrom('cases')
    .select('id')
    .where('force_id', '=', principal.forceId)
    .where('reference', '=', c.reference)
    .executeTakeFirst();
  if (clash) throw errors.validation([{ path: 'reference', message: `case ${c.reference} already exists` }]);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('cases')
      .values({
        id,
        force_id: principal.forceId,
        reference: c.reference,
        title_encrypted: encrypt(key, c.title, titleContext(id)),
        review_on: c.reviewOn,
        created_by: principal.personId,
      })
      .execute();
    const members = [
      { person_id: principal.personId, role: 'investigator' as const },
      ...(supervisor ? [{ person_id: supervisor.id, role: 'supervisor' as const }] : []),
    ];
    await trx
      .insertInto('case_members')
      .values(members.map((m) => ({ ...m, case_id: id, added_by: principal.personId })))
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'case.opened',
      subjectType: 'case',
      subjectId: id,
      payload: { reference: c.reference, reviewOn: c.reviewOn, members },
    });
  });
  return { id, reference: c.reference };
}

async function memberRole(db: Kysely<DB>, caseId: string, personId: string): Promise<CaseRole | null> {
  const row = await db
    .selectFrom('case_members')
    .select('role')
    .where('case_id', '=', caseId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row?.role ?? null;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The case, if the asker is on it in their force; otherwise "not found", whatever the reason. */
export async function caseFor(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
): Promise<CaseRow & { role: CaseRole }> {
  const row = isUuid(caseId)
    ? await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst()
    : undefined;
  const role =
    row && row.force_id === principal.forceId ? await memberRole(db, row.id, principal.personId) : null;
  if (!row || !role) throw errors.notFound(`Case ${caseId} in ${principal.forceName}`);
  return { ...row, role };
}

const view = (key: Buffer, row: CaseRow, role: CaseRole, personId: string): CaseView => ({
  id: row.id,
  reference: row.reference,
  title: decrypt(key, row.title_encrypted, titleContext(row.id)),
  reviewOn: dayOf(row.review_on),
  reviewDue: dayOf(row.review_on) <= today(),
  createdAt: row.created_at,
  role,
  manages: role === 'supervisor' || row.created_by === personId,
});

export async function getCase(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
): Promise<CaseView> {
  const row = await caseFor(db, principal, caseId);
  return view(key, row, row.role, principal.personId);
}

/** The cases the asker is on, newest first. */
export async function listCases(db: Kysely<DB>, key: Buffer, principal: Principal): Promise<CaseView[]> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('case_members', 'case_members.case_id', 'cases.id')
    .selectAll('cases')
    .select('case_members.role as role')
    .where('cases.force_id', '=', principal.forceId)
    .where('case_members.person_id', '=', principal.personId)
    .orderBy('cases.created_at', 'desc')
    .execute();
  return rows.map((r) => view(key, r, r.role, principal.personId));
}

/** The case by reference, for the command line. */
export async function caseByReference(db: Kysely<DB>, principal: Principal, reference: string) {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('force_id', '=', principal.forceId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  const role = row ? await memberRole(db, row.id, principal.personId) : null;
  // Not on the case reads as no such case, as on every other route.
  if (!row || !role) throw errors.notFound(`Case ${reference} in ${principal.forceName}`);
  return caseFor(db, principal, row.id);
}

export async function members(db: Kysely<DB>, principal: Principal, caseId: string): Promise<CaseMember[]> {
  await caseFor(db, principal, caseId);
  const rows = await db
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .select(['people.id', 'people.name', 'people.email', 'case_members.role', 'case_members.added_at'])
    .where('case_id', '=', caseId)
    .orderBy('case_members.added_at')
    .execute();
  return rows.map((r) => ({
    personId: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    addedAt: r.added_at,
  }));
}

export const memberSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  role: z.enum(['investigator', 'supervisor'], { message: 'must be investigator or supervisor' }),
});

/** The case's creator or a supervisor puts another officer on the case, with a ledger entry. */
export async function addMember(db: Kysely<DB>, principal: Principal, caseId: string, data: unknown) {
  const c = await caseFor(db, principal, caseId);
  if (!(c.role === 'supervisor' || c.created_by === principal.personId))
    throw errors.forbidden(
      'Only the officer who opened the case or its supervisor may give others access to it.',
    );
  const parsed = memberSchema.safeParse(data);
  if (!parsed.success)
    throw errors.validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const person = await officerOf(db, principal, parsed.data.email, 'email');
  if (await memberRole(db, caseId, person.id))
    throw errors.validation([{ path: 'email', message: `${person.email} is already on the case` }]);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_members')
      .values({ case_id: caseId, person_id: person.id, role: parsed.data.role, added_by: principal.personId })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'case.member-added',
      subjectType: 'case',
      subjectId: caseId,
      payload: { personId: person.id, role: parsed.data.role },
    });
  });
  return { personId: person.id, role: parsed.data.role };
}

/**
 * Adds files to a case, all or nothing: every file is read first (a file that cannot be read
 * stops the whole upload, and the error names each file and what is wrong), then all are sealed
 * and stored in one transaction with one ledger entry naming each file's SHA-256.
 */
export async function uploadDocuments(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  files: Array<{ name: string; bytes: Uint8Array }>,
) {
  await caseFor(db, principal, caseId);
  if (!files.length) throw errors.validation([{ path: 'files', message: 'choose at least one file' }]);
  let read: Awaited<ReturnType<typeof readDocuments>>;
  try {
    read = await readDocuments(files);
  } catch (e) {
    if (e instanceof DocumentsError)
      throw errors.validation(e.errors.map((d) => ({ path: d.file, message: d.reason })));
    throw e;
  }
  const uploadId = randomUUID();
  const skey = searchKey(key);
  return db.transaction().execute(async (trx) => {
    // One upload at a time per case: positions stay dense and the cap holds.
    await trx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().executeTakeFirst();
    const count = await trx
      .selectFrom('case_documents')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('position').as('last')])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) + read.length > MAX_DOCUMENTS)
      throw errors.validation([
        {
          path: 'files',
          message: `the case holds ${count.n} documents; ${read.length} more would pass the limit of ${MAX_DOCUMENTS}`,
        },
      ]);
    let position = Number(count.last ?? 0);
    const added: Array<{
      id: string;
      position: number;
      sha256: string;
      sizeBytes: number;
      kind: string;
      status: string;
    }> = [];
    for (const [i, doc] of read.entries()) {
      const id = randomUUID();
      const bytes = files[i]!.bytes;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      position += 1;
      const terms = documentTerms(doc.text).map((t) => hashTerm(skey, caseId, t));
      await trx
        .insertInto('case_documents')
        .values({
          id,
          case_id: caseId,
          position,
          upload_id: uploadId,
          name_encrypted: encrypt(key, doc.name, nameContext(id)),
          kind: doc.kind,
          status: doc.status,
          size_bytes: bytes.byteLength,
          sha256,
          original_encrypted: encrypt(key, bytes, originalContext(id), {
            compress: doc.kind === 'text' || doc.kind === 'csv' || doc.kind === 'eml',
          }),
          text_encrypted: encrypt(key, doc.text, textContext(id), { compress: true }),
          document_date: doc.date ? new Date(doc.date) : null,
          pages: doc.pages ?? null,
          search_terms: sql`${tsvectorOf(terms)}::tsvector` as unknown as string,
          uploaded_by: principal.personId,
        })
        .execute();
      added.push({ id, position, sha256, sizeBytes: bytes.byteLength, kind: doc.kind, status: doc.status });
    }
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'case.documents-added',
      subjectType: 'case',
      subjectId: caseId,
      payload: { uploadId, documents: added },
    });
    return {
      uploadId,
      documents: added.map((a, i) => ({ ...a, name: read[i]!.name, warnings: read[i]!.warnings })),
    };
  });
}

/** The case's documents (names opened for the asker). */
export async function listDocuments(db: Kysely<DB>, key: Buffer, principal: Principal, caseId: string) {
  await caseFor(db, principal, caseId);
  const rows = await db
    .selectFrom('case_documents')
    .innerJoin('people', 'people.id', 'case_documents.uploaded_by')
    .select([
      'case_documents.id',
      'position',
      'name_encrypted',
      'kind',
      'status',
      'size_bytes',
      'sha256',
      'document_date',
      'pages',
      'uploaded_at',
      'people.name as uploader',
    ])
    .where('case_id', '=', caseId)
    .orderBy('position')
    .execute();
  return rows.map(
    (r): CaseDocument => ({
      id: r.id,
      position: r.position,
      name: decrypt(key, r.name_encrypted, nameContext(r.id)),
      kind: r.kind,
      status: r.status,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
      date: r.document_date ? r.document_date.toISOString() : null,
      pages: r.pages,
      uploadedAt: r.uploaded_at,
      uploadedBy: r.uploader,
    }),
  );
}

/** Writes one line of the case's access log. */
export async function logAccess(
  db: Kysely<DB>,
  principal: Principal,
  caseId: string,
  action:
    | 'opened-document'
    | 'downloaded-document'
    | 'opened-analysis'
    | 'searched'
    | 'opened-case'
    | 'opened-device-summary'
    | 'revealed-contact'
    | 'viewed-image'
    | 'viewed-matched-image',
  subject: string | null,
) {
  await db
    .insertInto('case_access_log')
    .values({ case_id: caseId, person_id: principal.personId, action, subject })
    .execute();
}

async function documentRow(db: Kysely<DB>, principal: Principal, caseId: string, documentId: string) {
  await caseFor(db, principal, caseId);
  const row = isUuid(documentId)
    ? await db
        .selectFrom('case_documents')
        .selectAll()
        .where('id', '=', documentId)
        .where('case_id', '=', caseId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw errors.notFound(`Document ${documentId} of this case`);
  return row;
}

/** A document's text for the asker, written to the access log. */
export async function openDocument(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  documentId: string,
) {
  const row = await documentRow(db, principal, caseId, documentId);
  await logAccess(db, principal, caseId, 'opened-document', documentId);
  return {
    id: row.id,
    name: decrypt(key, row.name_encrypted, nameContext(row.id)),
    kind: row.kind,
    status: row.status,
    sha256: row.sha256,
    date: row.document_date ? row.document_date.toISOString() : null,
    text: decrypt(key, row.text_encrypted, textContext(row.id)),
  };
}

/**
 * The file as uploaded, written to the access log. Its SHA-256 is checked against the one
 * recorded at upload (and in the ledger) before it is handed over.
 */
export async function downloadDocument(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  documentId: string,
) {
  const row = await documentRow(db, principal, caseId, documentId);
  const bytes = decryptBytes(key, row.original_encrypted, originalContext(row.id));
  if (createHash('sha256').update(bytes).digest('hex') !== row.sha256)
    throw errors.conflict(
      'integrity',
      'The stored file does not match the SHA-256 recorded when it was uploaded.',
    );
  await logAccess(db, principal, caseId, 'downloaded-document', documentId);
  return { name: decrypt(key, row.name_encrypted, nameContext(row.id)), kind: row.kind, bytes };
}

/** The texts of every readable document, for an analysis (the runtime seals its input). */
export async function documentTexts(db: Kysely<DB>, key: Buffer, principal: Principal, caseId: string) {
  await caseFor(db, principal, caseId);
  const rows = await db
    .selectFrom('case_documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: decrypt(key, r.name_encrypted, nameContext(r.id)),
    status: r.status,
    kind: r.kind,
    text: r.status === 'ok' ? decrypt(key, r.text_encrypted, textContext(r.id)) : '',
    ...(r.document_date ? { date: r.document_date.toISOString() } : {}),
  }));
}

export interface SearchHit {
  documentId: string;
  name: string;
  passages: Passage[];
}

/**
 * Documents holding every term of the query (stems and identifiers, any spelling of a phone or
 * registration mark), optionally only among `documentIds` (an entity's documents), with the
 * matching passages marked. Written to the access log (the query itself is not kept).
 */
export async function searchCase(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  query: string,
  documentIds?: readonly string[],
): Promise<{ terms: number; hits: SearchHit[] }> {
  await caseFor(db, principal, caseId);
  const q = query.slice(0, 500);
  const terms = queryTerms(q);
  if (!terms.length && !documentIds) return { terms: 0, hits: [] };
  const skey = searchKey(key);
  let select = db
    .selectFrom('case_documents')
    .select(['id', 'name_encrypted', 'text_encrypted', 'position'])
    .where('case_id', '=', caseId)
    .orderBy('position')
    .limit(200);
  if (terms.length)
    select = select.where(
      sql<boolean>`search_terms @@ ${tsqueryOf(terms.map((t) => hashTerm(skey, caseId, t)))}::tsquery`,
    );
  if (documentIds)
    select = select.where(
      'id',
      'in',
      documentIds.length ? [...documentIds] : ['00000000-0000-0000-0000-000000000000'],
    );
  const rows = await select.execute();
  await logAccess(db, principal, caseId, 'searched', `${rows.length} documents`);
  return {
    terms: terms.length,
    hits: rows.map((r) => {
      const text = decrypt(key, r.text_encrypted, textContext(r.id));
      return {
        documentId: r.id,
        name: decrypt(key, r.name_encrypted, nameContext(r.id)),
        passages: passages(text, q),
      };
    }),
  };
}

export async function accessLog(db: Kysely<DB>, principal: Principal, caseId: string, limit = 200) {
  await caseFor(db, principal, caseId);
  return db
    .selectFrom('case_access_log')
    .innerJoin('people', 'people.id', 'case_access_log.person_id')
    .select(['people.name', 'action', 'subject', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('case_access_log.id', 'desc')
    .limit(limit)
    .execute();
}
