import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { dayOf } from '../../../db/dates.ts';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { decryptBytes, encrypt } from '../../../security/encryption.ts';
import { caseFor } from '../../pole/services.ts';
import { numberParties, type Party } from '../analysis/parties.ts';
import type { CsvMapping } from '../extraction/csv.ts';
import { ExtractionError } from '../extraction/errors.ts';
import { readExtraction } from '../extraction/read.ts';
import { applyScope, type DeviceRecord } from '../extraction/records.ts';
import { authorisationFor } from './authorisations.ts';
import { type ImageFacts, imageFacts } from './images.ts';

/**
 * Extractions: the files of one device read under an authorisation, all or nothing (any bad file
 * stops the import, and the error names every file, line or record at fault), kept only as far
 * as the authorisation covers (the rest counted by reason, never stored), and sealed with a data
 * key of their own, itself sealed with the service key. Destroying that key at the end of
 * retention leaves the extraction unreadable; the ledger says so.
 */

/** What an extraction holds once opened. */
export interface ExtractionContent {
  records: DeviceRecord[];
  parties: Party[];
  /** The files as uploaded: name, kind, records read, SHA-256. */
  files: Array<{ name: string; kind: string; records: number; sha256: string }>;
}

export interface ExtractionSummary {
  id: string;
  authorisationId: string;
  records: number;
  images: number;
  excluded: Record<string, number>;
  files: Array<{ name: string; kind: string; records: number; sha256: string }>;
  importedBy: string;
  importedAt: Date;
  destroyedAt: Date | null;
}

export interface ImportOptions {
  /** The device owner's WhatsApp display name, so their messages read as sent. */
  owner?: string;
  timeZone?: string;
  dayFirst?: boolean;
  /** Column mappings of CSV files, by file name (`*` for any CSV), as JSON text. */
  csvMappings?: string;
}

/** CSV column mappings from the JSON an officer gave, or a clear error on the `mappings` field. */
function mappingsOf(text: string | undefined): Record<string, CsvMapping> | undefined {
  if (!text?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw errors.validation([{ path: 'mappings', message: `is not JSON: ${(e as Error).message}` }]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw errors.validation([
      { path: 'mappings', message: 'must be an object of column mappings by file name ("*" for any CSV)' },
    ]);
  return parsed as Record<string, CsvMapping>;
}

const keyContext = (id: string) => `device_extractions.key:${id}`;
const contentContext = (id: string) => `device_extractions.content:${id}`;
const imageContext = (id: string, record: string) => `device_images.image:${id}:${record}`;
const previewContext = (id: string, record: string) => `device_images.preview:${id}:${record}`;

/** Reads, scopes, hashes and seals the files of one device under an authorisation. */
export async function importExtraction(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  authorisationId: string,
  files: Array<{ name: string; bytes: Uint8Array }>,
  options: ImportOptions = {},
) {
  const { authorisation } = await authorisationFor(db, key, principal, caseId, authorisationId);
  if (authorisation.retainUntil <= new Date().toISOString().slice(0, 10))
    throw errors.conflict('retention-ended', 'The retention period of this authorisation has ended.');
  if (!files.length) throw errors.validation([{ path: 'files', message: 'choose at least one file' }]);
  const csvMappings = mappingsOf(options.csvMappings);
  let read: Awaited<ReturnType<typeof readExtraction>>;
  try {
    read = await readExtraction(files, {
      ...(options.owner ? { owner: options.owner } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.dayFirst === undefined ? {} : { dayFirst: options.dayFirst }),
      ...(csvMappings ? { csvMappings } : {}),
    });
  } catch (e) {
    if (e instanceof ExtractionError)
      throw errors.validation(
        e.problems.map((p) => ({
          path: p.file,
          message: p.position ? `${p.position}: ${p.reason}` : p.reason,
        })),
      );
    throw e;
  }
  const scoped = applyScope(read.records, authorisation.scope);
  const excluded: Record<string, number> = { ...scoped.excluded };
  for (const [reason, n] of Object.entries(read.skipped)) excluded[reason] = (excluded[reason] ?? 0) + n;
  const kept = new Set(scoped.records.map((r) => r.id));
  const images: Array<{ record: string; bytes: Uint8Array }> = [];
  for (const [record, bytes] of read.images) if (kept.has(record)) images.push({ record, bytes });
  const facts = await imageFacts(db, principal.forceId, images);

  const id = randomUUID();
  const dataKey = randomBytes(32);
  const fileFacts = read.files.map((f, i) => ({
    name: f.name,
    kind: f.kind,
    records: f.records,
    sha256: createHash('sha256').update(files[i]!.bytes).digest('hex'),
  }));
  const content: ExtractionContent = {
    records: scoped.records,
    parties: numberParties(scoped.records),
    files: fileFacts,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('device_extractions')
      .values({
        id,
        authorisation_id: authorisationId,
        key_sealed: encrypt(key, dataKey, keyContext(id)),
        content_sealed: encrypt(dataKey, JSON.stringify(content), contentContext(id), { compress: true }),
        records: scoped.records.length,
        images: images.length,
        excluded: JSON.stringify(excluded),
        // File names are sealed with the content; kinds, counts and hashes are not personal data.
        files: JSON.stringify(fileFacts.map(({ kind, records, sha256 }) => ({ kind, records, sha256 }))),
        imported_by: principal.personId,
      })
      .execute();
    for (const f of facts) {
      await trx
        .insertInto('device_images')
        .values({
          extraction_id: id,
          record_id: f.record,
          pdq: f.pdq,
          quality: f.quality,
          sha256: f.sha256,
          matches: JSON.stringify(f.matches),
          image_sealed: encrypt(dataKey, f.bytes, imageContext(id, f.record)),
          preview_sealed: f.preview ? encrypt(dataKey, f.preview, previewContext(id, f.record)) : null,
        })
        .execute();
    }
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'device.extraction-imported',
      subjectType: 'case',
      subjectId: caseId,
      payload: {
        extractionId: id,
        authorisationId,
        files: fileFacts.map(({ kind, records, sha256 }) => ({ kind, records, sha256 })),
        records: scoped.records.length,
        excluded,
        images: images.length,
        matchedImages: facts.filter((f) => f.matches.length).length,
      },
    });
  });
  return {
    id,
    records: scoped.records.length,
    images: images.length,
    matchedImages: facts.filter((f) => f.matches.length).length,
    excluded,
    files: fileFacts,
    warnings: read.warnings,
  };
}

function summaryOf(r: {
  id: string;
  authorisation_id: string;
  records: number;
  images: number;
  excluded: unknown;
  files: unknown;
  imported_at: Date;
  destroyed_at: Date | null;
  name: string;
}): ExtractionSummary {
  return {
    id: r.id,
    authorisationId: r.authorisation_id,
    records: r.records,
    images: r.images,
    excluded: r.excluded as Record<string, number>,
    files: r.files as ExtractionSummary['files'],
    importedBy: r.name,
    importedAt: r.imported_at,
    destroyedAt: r.destroyed_at,
  };
}

/** Extractions with who imported them, as `summaryOf` reads them. */
const extractionRows = (db: Kysely<DB>) =>
  db
    .selectFrom('device_extractions')
    .innerJoin('people', 'people.id', 'device_extractions.imported_by')
    .select([
      'device_extractions.id',
      'device_extractions.authorisation_id',
      'device_extractions.records',
      'device_extractions.images',
      'device_extractions.excluded',
      'device_extractions.files',
      'device_extractions.imported_at',
      'device_extractions.destroyed_at',
      'people.name',
    ]);

/** The extractions under an authorisation (the asker must be on its case), newest first. */
export async function listExtractions(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  authorisationId: string,
): Promise<ExtractionSummary[]> {
  await authorisationFor(db, key, principal, caseId, authorisationId);
  const rows = await extractionRows(db)
    .where('authorisation_id', '=', authorisationId)
    .orderBy('imported_at', 'desc')
    .execute();
  return rows.map(summaryOf);
}

/** One extraction of a case the asker is on, with its authorisation; "not found" otherwise. */
export async function extractionFor(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  extractionId: string,
) {
  await caseFor(db, principal, caseId);
  const row = /^[0-9a-f-]{36}$/i.test(extractionId)
    ? await extractionRows(db)
        .innerJoin('device_authorisations', 'device_authorisations.id', 'device_extractions.authorisation_id')
        .where('device_extractions.id', '=', extractionId)
        .where('device_authorisations.case_id', '=', caseId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw errors.notFound(`Extraction ${extractionId} of this case`);
  const { authorisation } = await authorisationFor(db, key, principal, caseId, row.authorisation_id);
  return { extraction: summaryOf(row), authorisation };
}

/** The extraction's data key, opened; a destroyed extraction has none. */
async function dataKeyOf(db: Kysely<DB>, key: Buffer, extractionId: string): Promise<Buffer> {
  const row = await db
    .selectFrom('device_extractions')
    .select(['key_sealed'])
    .where('id', '=', extractionId)
    .executeTakeFirstOrThrow();
  if (!row.key_sealed)
    throw errors.conflict(
      'destroyed',
      'This extraction was destroyed at the end of its retention: its key is gone.',
    );
  return decryptBytes(key, row.key_sealed, keyContext(extractionId));
}

/** The extraction's records and numbered parties (for a caller that has checked access). */
export async function openExtraction(
  db: Kysely<DB>,
  key: Buffer,
  extractionId: string,
): Promise<ExtractionContent> {
  const dataKey = await dataKeyOf(db, key, extractionId);
  const row = await db
    .selectFrom('device_extractions')
    .select('content_sealed')
    .where('id', '=', extractionId)
    .executeTakeFirstOrThrow();
  return JSON.parse(
    decryptBytes(dataKey, row.content_sealed!, contentContext(extractionId)).toString('utf8'),
  );
}

/** The images of an extraction: hashes, quality and matches (never the bytes). */
export async function imagesOf(db: Kysely<DB>, extractionId: string) {
  const rows = await db
    .selectFrom('device_images')
    .select(['record_id', 'pdq', 'quality', 'sha256', 'matches'])
    .where('extraction_id', '=', extractionId)
    .execute();
  return rows
    .map((r) => ({
      record: r.record_id,
      pdq: r.pdq,
      quality: r.quality,
      sha256: r.sha256,
      matches: r.matches as ImageFacts['matches'],
    }))
    .sort((a, b) => Number(a.record.slice(1)) - Number(b.record.slice(1)));
}

/** One image's bytes (the preview, blurred, or the image itself), for a caller that has checked access. */
export async function imageBytes(
  db: Kysely<DB>,
  key: Buffer,
  extractionId: string,
  record: string,
  which: 'preview' | 'image',
): Promise<Buffer | null> {
  const row = await db
    .selectFrom('device_images')
    .select(['image_sealed', 'preview_sealed'])
    .where('extraction_id', '=', extractionId)
    .where('record_id', '=', record)
    .executeTakeFirst();
  if (!row) return null;
  const sealed = which === 'preview' ? row.preview_sealed : row.image_sealed;
  if (!sealed) return null;
  const dataKey = await dataKeyOf(db, key, extractionId);
  return decryptBytes(
    dataKey,
    sealed,
    which === 'preview' ? previewContext(extractionId, record) : imageContext(extractionId, record),
  );
}

/**
 * Destroys an extraction at the end of its retention: its data key is erased (so its content,
 * images and previews can never be opened again, wherever copies of them lie) and the sealed
 * content removed; the summaries run over it lose their sealed inputs and outputs too. The
 * ledger records the destruction.
 */
export async function destroyExtraction(
  db: Kysely<DB>,
  key: Buffer,
  principal: Principal,
  caseId: string,
  extractionId: string,
  options: { force?: boolean } = {},
) {
  const { extraction, authorisation } = await extractionFor(db, key, principal, caseId, extractionId);
  if (extraction.destroyedAt)
    throw errors.conflict('destroyed', 'This extraction has already been destroyed.');
  const c = await caseFor(db, principal, caseId);
  if (c.role !== 'supervisor')
    throw errors.forbidden('Only a supervisor of the case may destroy an extraction.');
  const due = authorisation.retainUntil <= new Date().toISOString().slice(0, 10);
  if (!due && !options.force)
    throw errors.conflict(
      'retention-not-ended',
      `This extraction is kept until ${authorisation.retainUntil}; destroy it earlier only by confirming that it is no longer needed.`,
    );
  await db.transaction().execute(async (trx) => {
    const runsPurged = await erase(trx, extractionId);
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'device.extraction-destroyed',
      subjectType: 'case',
      subjectId: caseId,
      payload: {
        extractionId,
        keyDestroyed: true,
        retainUntil: authorisation.retainUntil,
        early: !due,
        runsPurged,
      },
    });
  });
  return { id: extractionId, destroyed: true };
}

/**
 * Erases an extraction's key and sealed content, its images, and the sealed inputs and outputs of
 * the summaries run over it; returns the runs purged.
 */
async function erase(trx: Transaction<DB>, extractionId: string): Promise<string[]> {
  await trx
    .updateTable('device_extractions')
    .set({ key_sealed: null, content_sealed: null, destroyed_at: new Date() })
    .where('id', '=', extractionId)
    .execute();
  await trx
    .updateTable('device_images')
    .set({ image_sealed: null, preview_sealed: null })
    .where('extraction_id', '=', extractionId)
    .execute();
  const runs = (
    await trx
      .selectFrom('device_analyses')
      .select('run_id')
      .where('extraction_id', '=', extractionId)
      .execute()
  ).map((r) => r.run_id);
  if (runs.length) {
    await trx
      .updateTable('runs')
      .set({ input_encrypted: null, output_encrypted: null })
      .where('id', 'in', runs)
      .execute();
    await trx
      .updateTable('reviews')
      .set({ amended_output_encrypted: null })
      .where('run_id', 'in', runs)
      .execute();
  }
  return runs;
}

/**
 * Destroys every extraction whose authorisation's retention has ended (the service's hourly
 * upkeep), each with a ledger entry; returns how many.
 */
export async function destroyDue(
  db: Kysely<DB>,
  today = new Date().toISOString().slice(0, 10),
): Promise<number> {
  const due = await db
    .selectFrom('device_extractions')
    .innerJoin('device_authorisations', 'device_authorisations.id', 'device_extractions.authorisation_id')
    .innerJoin('cases', 'cases.id', 'device_authorisations.case_id')
    .select([
      'device_extractions.id',
      'cases.id as caseId',
      'cases.force_id',
      'device_authorisations.retain_until',
    ])
    .where('device_extractions.destroyed_at', 'is', null)
    .where('device_authorisations.retain_until', '<=', today)
    .execute();
  for (const d of due) {
    await db.transaction().execute(async (trx) => {
      const runsPurged = await erase(trx, d.id);
      await appendEntry(trx, {
        forceId: d.force_id,
        actorId: null,
        action: 'device.extraction-destroyed',
        subjectType: 'case',
        subjectId: d.caseId,
        payload: {
          extractionId: d.id,
          keyDestroyed: true,
          retainUntil: dayOf(d.retain_until),
          early: false,
          runsPurged,
        },
      });
    });
  }
  return due.length;
}
