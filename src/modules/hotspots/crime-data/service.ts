import { randomUUID } from 'node:crypto';
import { CsvError } from 'csv-parse';
import { gunzipSync, gzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { errors, type FieldIssue } from '../../../http/errors.ts';
import type { Principal } from '../../../identity/model.ts';
import { authorize } from '../../../identity/policy.ts';
import { appendEntry } from '../../../ledger/service.ts';
import { dataKeyOf, decryptBytes, encrypt } from '../../../security/encryption.ts';
import { type ColumnMapping, policeUkMapping } from '../ingest/mapping.ts';
import { IngestError, type IngestReport, readStream, TooManyRowsError } from '../ingest/read-events.ts';
import { ArchiveError, openCsv, UnpackLimitError } from '../ingest/source.ts';
import { projector } from '../projection/index.ts';
import { formatMinutes } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import {
  type CrimeImportSummary,
  canonicalOrder,
  checkMapping,
  countCategories,
  crimeDataErrors,
  crimeDataPolicy,
  DEFAULT_MAX_ROWS,
  DROP_OUTSIDE,
  type ImportKind,
  importFieldsSchema,
  insideGreatBritain,
  MAX_FILES,
  packEvents,
  STORED_CRS,
  sha256Hex,
  unpackEvents,
} from './model.ts';
import { importOf, importsOf, sealedEventsOf } from './repository.ts';

/**
 * Crime data imports: a force's own crime records, read through the hot spot ingest (plain, gzip
 * or zip CSV, the police.uk preset or a column mapping), projected to British National Grid,
 * packed, compressed and encrypted, stored all or nothing with a ledger entry. Forecasts and the
 * feedback-loop monitor read them back with `loadCrimeEvents`.
 */

export type { CrimeImportSummary } from './model.ts';

/** A file to import: the name people know it by, and where its bytes are now. */
export interface ImportFile {
  name: string;
  path: string;
}

export interface ImportRequest {
  title: string;
  preset: ImportKind;
  /** Required when the preset is 'mapped'; checked here. */
  mapping?: unknown;
  /** The zip member holding the CSV (default: the first .csv member). */
  member?: string | undefined;
  files: readonly ImportFile[];
}

export interface ImportOptions {
  /** The data key (default: the key bound to `db` when the services were built). */
  key?: Buffer;
  /** Called as rows are read (every 100,000 rows), for progress. */
  onProgress?: (rowsRead: number) => void;
  /** The most rows read across all files, once unpacked (default `DEFAULT_MAX_ROWS`); more is a 413. */
  maxRows?: number;
}

const UUID = z.uuid();
const context = (id: string) => `crime-import:${id}`;

function fail(issues: FieldIssue[]): never {
  throw errors.validation(issues);
}

/**
 * Whether an error says the file itself cannot be read: it cannot be opened (file system), is not
 * gzip (zlib) or not a readable zip archive. Anything else is a fault here, not in the file.
 */
function unreadableFile(e: unknown): boolean {
  if (e instanceof ArchiveError) return true;
  const { code, syscall } = e as NodeJS.ErrnoException;
  return typeof syscall === 'string' || (typeof code === 'string' && code.startsWith('Z_'));
}

/** Reads every file, all or nothing; a problem becomes a 422 naming file, line and field. */
async function readAll(
  files: readonly ImportFile[],
  mapping: ColumnMapping,
  member: string | undefined,
  { onProgress, maxRows = DEFAULT_MAX_ROWS }: ImportOptions,
): Promise<{ events: CrimeEvent[]; report: IngestReport }> {
  const events: CrimeEvent[] = [];
  const report: IngestReport = { read: 0, kept: 0, dropped: {} };
  for (const file of files) {
    try {
      await readStream(
        file.name,
        openCsv(file.path, member),
        { mapping, toCrs: STORED_CRS, maxRows, ...(onProgress ? { onProgress } : {}) },
        events,
        report,
      );
    } catch (e) {
      if (e instanceof TooManyRowsError) throw crimeDataErrors.tooManyRows(e.file, e.maxRows);
      if (e instanceof UnpackLimitError)
        throw crimeDataErrors.unpacksTooFar(file.name, e.message.replaceAll(file.path, file.name));
      if (e instanceof IngestError) {
        const where = `${e.file}, line ${e.line}, field '${e.field}'`;
        throw crimeDataErrors.unreadable({
          path: where,
          message: e.message.slice(where.length + 2),
          file: e.file,
          line: e.line,
          field: e.field,
        });
      }
      if (e instanceof CsvError) {
        const line = (e as CsvError & { lines?: number }).lines;
        const reason = e.message.replace(/ (on|at) line \d+$/, '');
        throw crimeDataErrors.unreadable({
          path: line ? `${file.name}, line ${line}` : file.name,
          message: reason,
          file: file.name,
          ...(line ? { line } : {}),
        });
      }
      if (!unreadableFile(e)) throw e;
      const message = (e as Error).message.replaceAll(file.path, file.name);
      throw crimeDataErrors.unreadable({
        path: file.name,
        message: /incorrect header check|invalid/i.test(message)
          ? `cannot be read as ${file.name.toLowerCase().endsWith('.gz') ? 'gzip' : 'CSV'} (${message})`
          : message,
        file: file.name,
      });
    }
  }
  return { events, report };
}

/**
 * Imports crime data for the principal's force, all or nothing: reads every file, keeps events
 * with usable coordinates inside Great Britain (the others are counted by reason), then stores
 * the events encrypted and the ledger entry (counts, digest, files, mapping; never the events)
 * in one transaction.
 */
export async function importCrimeData(
  db: Kysely<DB>,
  principal: Principal,
  req: ImportRequest,
  options: ImportOptions = {},
): Promise<CrimeImportSummary> {
  authorize(crimeDataPolicy, principal, 'import', 'import crime data');
  const key = options.key ?? dataKeyOf(db);
  const fields = importFieldsSchema.safeParse({ title: req.title, preset: req.preset, member: req.member });
  if (!fields.success)
    fail(fields.error.issues.map((i) => ({ path: String(i.path[0] ?? 'request'), message: i.message })));
  if (req.files.length === 0)
    fail([{ path: 'files', message: 'choose at least one CSV file (.csv, .gz or .zip)' }]);
  if (req.files.length > MAX_FILES)
    fail([{ path: 'files', message: `send at most ${MAX_FILES} files in one import` }]);
  const { title, preset } = fields.data;
  const member = fields.data.member || undefined;
  let mapping: ColumnMapping = policeUkMapping;
  if (preset === 'mapped') {
    const checked = checkMapping(req.mapping);
    if (!checked.mapping) fail(checked.issues);
    mapping = checked.mapping;
  }
  try {
    projector(mapping.coordinates.crs, STORED_CRS);
  } catch (e) {
    fail([{ path: 'mapping.coordinates.crs', message: (e as Error).message }]);
  }

  const { events, report } = await readAll(req.files, mapping, member, options);
  const inside = events.filter(insideGreatBritain);
  const dropped = { ...report.dropped };
  if (inside.length < events.length) dropped[DROP_OUTSIDE] = events.length - inside.length;
  const names = req.files.map((f) => f.name);
  if (inside.length === 0) {
    const reasons = Object.entries(dropped).map(([k, n]) => `${n.toLocaleString('en-GB')} ${k}`);
    throw crimeDataErrors.unreadable({
      path: names.join(', '),
      message: `no row has usable coordinates (${report.read.toLocaleString('en-GB')} rows read${reasons.length ? `: ${reasons.join(', ')}` : ''}); check the coordinate columns and their coordinate system`,
    });
  }

  const sorted = canonicalOrder(inside);
  const packed = packEvents(sorted);
  const sha256 = sha256Hex(packed);
  const categories = countCategories(sorted);
  const first = (sorted[0] as CrimeEvent).t;
  const last = (sorted[sorted.length - 1] as CrimeEvent).t;
  const id = randomUUID();
  const sealed = encrypt(key, gzipSync(packed, { level: 6 }), context(id));

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('crime_imports')
      .values({
        id,
        force_id: principal.forceId,
        title,
        kind: preset,
        file_names: JSON.stringify(names),
        mapping: JSON.stringify(mapping),
        zip_member: member ?? null,
        crs: STORED_CRS,
        rows_read: report.read,
        rows_kept: sorted.length,
        dropped: JSON.stringify(dropped),
        first_event_at: new Date(first * 60_000),
        last_event_at: new Date(last * 60_000),
        categories: JSON.stringify(categories),
        events_sha256: sha256,
        events_encrypted: sealed,
        created_by: principal.personId,
      })
      .execute();
    await appendEntry(trx, {
      forceId: principal.forceId,
      actorId: principal.personId,
      action: 'crime-data.imported',
      subjectType: 'crime-import',
      subjectId: id,
      payload: {
        title,
        kind: preset,
        files: names,
        ...(member ? { member } : {}),
        mapping,
        crs: STORED_CRS,
        rowsRead: report.read,
        rowsKept: sorted.length,
        dropped,
        firstEvent: formatMinutes(first),
        lastEvent: formatMinutes(last),
        categories,
        sha256,
      },
    });
  });
  const summary = await importOf(db, principal.forceId, id);
  return summary as CrimeImportSummary;
}

/** A force's imports, newest first (no events). Callers check who is asking. */
export function listCrimeImports(db: Kysely<DB>, forceId: number): Promise<CrimeImportSummary[]> {
  return importsOf(db, forceId);
}

/** One import of a force (no events); 404 when absent or another force's. */
export async function crimeImportSummary(
  db: Kysely<DB>,
  forceId: number,
  importId: string,
): Promise<CrimeImportSummary> {
  const summary = UUID.safeParse(importId).success ? await importOf(db, forceId, importId) : undefined;
  if (!summary) throw errors.notFound(`Crime data import ${importId}`);
  return summary;
}

export interface LoadedCrimeEvents {
  /** Projected to British National Grid, oldest first. */
  events: CrimeEvent[];
  crs: typeof STORED_CRS;
  summary: CrimeImportSummary;
}

/**
 * The events of one import of a force, decrypted and checked against the digest recorded when
 * they were imported; 404 when the import is absent or another force's. Callers check who is asking.
 */
export async function loadCrimeEvents(
  db: Kysely<DB>,
  forceId: number,
  importId: string,
  key: Buffer = dataKeyOf(db),
): Promise<LoadedCrimeEvents> {
  const summary = await crimeImportSummary(db, forceId, importId);
  const sealed = await sealedEventsOf(db, forceId, importId);
  if (!sealed) throw errors.notFound(`Crime data import ${importId}`);
  const packed = gunzipSync(decryptBytes(key, sealed, context(importId)));
  if (sha256Hex(packed) !== summary.sha256)
    throw new Error(`crime data import ${importId}: stored events do not match their recorded digest`);
  return { events: unpackEvents(packed), crs: STORED_CRS, summary };
}
