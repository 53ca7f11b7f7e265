import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CrimeImportsTable, DB } from '../../../db/schema.ts';
import type { ColumnMapping } from '../ingest/mapping.ts';
import { formatMinutes } from '../time.ts';
import { type CategoryCount, type CrimeImportSummary, STORED_CRS } from './model.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Every column but the events, with the importer's name. */
const SUMMARY_COLUMNS = [
  'crime_imports.id',
  'crime_imports.force_id',
  'crime_imports.title',
  'crime_imports.kind',
  'crime_imports.file_names',
  'crime_imports.mapping',
  'crime_imports.zip_member',
  'crime_imports.rows_read',
  'crime_imports.rows_kept',
  'crime_imports.dropped',
  'crime_imports.first_event_at',
  'crime_imports.last_event_at',
  'crime_imports.categories',
  'crime_imports.events_sha256',
  'crime_imports.created_by',
  'crime_imports.created_at',
  'people.name as created_by_name',
] as const;

type SummaryRow = Omit<Selectable<CrimeImportsTable>, 'events_encrypted' | 'crs'> & {
  created_by_name: string;
};

const minutes = (d: Date) => Math.round(d.getTime() / 60_000);

export function summaryOf(row: SummaryRow): CrimeImportSummary {
  const first = formatMinutes(minutes(row.first_event_at));
  const last = formatMinutes(minutes(row.last_event_at));
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    files: row.file_names as string[],
    member: row.zip_member,
    mapping: row.mapping as ColumnMapping,
    crs: STORED_CRS,
    rowsRead: row.rows_read,
    rowsKept: row.rows_kept,
    dropped: row.dropped as Record<string, number>,
    firstEvent: first,
    lastEvent: last,
    firstMonth: first.slice(0, 7),
    lastMonth: last.slice(0, 7),
    categories: row.categories as CategoryCount[],
    sha256: row.events_sha256,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at.toISOString(),
  };
}

const base = (db: Q) =>
  db.selectFrom('crime_imports').innerJoin('people', 'people.id', 'crime_imports.created_by');

/** A force's imports, newest first. */
export async function importsOf(db: Q, forceId: number): Promise<CrimeImportSummary[]> {
  const rows = await base(db)
    .select(SUMMARY_COLUMNS)
    .where('crime_imports.force_id', '=', forceId)
    .orderBy('crime_imports.created_at', 'desc')
    .orderBy('crime_imports.id')
    .execute();
  return rows.map(summaryOf);
}

/** One import of a force (undefined when absent or another force's). */
export async function importOf(db: Q, forceId: number, id: string): Promise<CrimeImportSummary | undefined> {
  const row = await base(db)
    .select(SUMMARY_COLUMNS)
    .where('crime_imports.force_id', '=', forceId)
    .where('crime_imports.id', '=', id)
    .executeTakeFirst();
  return row ? summaryOf(row) : undefined;
}

/** The sealed events of one import of a force. */
export async function sealedEventsOf(db: Q, forceId: number, id: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('crime_imports')
    .select('events_encrypted')
    .where('force_id', '=', forceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.events_encrypted;
}
