import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, type FieldIssue } from '../../../http/errors.ts';
import type { Role } from '../../../identity/roles.ts';
import { RUN_ROLES } from '../../../oversight/gateway.ts';
import { type ColumnMapping, columnMappingSchema } from '../ingest/mapping.ts';
import { formatMinutes } from '../time.ts';
import type { CrimeEvent } from '../types.ts';

/**
 * Crime data a force imports for its hot spot forecasts: who may import and see it, the request
 * as checked at the edge, and the packed binary form the events are stored in (pure).
 */

/**
 * Who may do what with crime data. Preparing data is the delivery team's and the analyst's job,
 * and the product manager owns it as information asset owner; everyone who may start a forecast
 * (and the delivery team) sees what has been imported.
 */
export const crimeDataPolicy = {
  import: ['delivery-team', 'analyst', 'product-manager'],
  list: [...new Set<Role>([...RUN_ROLES, 'delivery-team', 'analyst', 'product-manager'])],
} as const satisfies Record<string, readonly Role[]>;

export type CrimeDataAction = keyof typeof crimeDataPolicy;

/** Events are always stored projected to British National Grid. */
export const STORED_CRS = 'EPSG:27700' as const;

/** Coordinate systems an import may come in (projected on import to British National Grid). */
export const IMPORT_CRS = [
  { code: 'EPSG:4326', text: 'Longitude and latitude (WGS 84, EPSG:4326)' },
  { code: 'EPSG:27700', text: 'British National Grid eastings and northings (EPSG:27700)' },
] as const;

/** Most files in one import. */
export const MAX_FILES = 50;

/** The most rows read from one import unless configured otherwise (`CRIME_DATA_MAX_ROWS`). */
export const DEFAULT_MAX_ROWS = 10_000_000;

/** Rows whose projected point falls outside Great Britain's national grid (a wrong CRS, mostly). */
export const DROP_OUTSIDE = 'coordinates outside Great Britain';
/** The national grid's extent (metres): a generous box around Great Britain. */
const BNG_EXTENT = { minX: 0, maxX: 700_000, minY: 0, maxY: 1_300_000 };

export const insideGreatBritain = (e: Pick<CrimeEvent, 'x' | 'y'>) =>
  e.x >= BNG_EXTENT.minX && e.x <= BNG_EXTENT.maxX && e.y >= BNG_EXTENT.minY && e.y <= BNG_EXTENT.maxY;

/** The mapping a force's own export needs: a crime type column is required, every map states it. */
export const importMappingSchema = columnMappingSchema.extend({
  category: z.string().min(1, 'name the crime type column: every forecast states the types it used'),
  coordinates: columnMappingSchema.shape.coordinates.extend({
    crs: z.enum(IMPORT_CRS.map((c) => c.code) as [string, ...string[]], {
      message: `must be one of ${IMPORT_CRS.map((c) => c.code).join(', ')}`,
    }),
  }),
});

export const importFieldsSchema = z.object({
  title: z
    .string()
    .trim()
    .min(3, 'enter a title of at least 3 characters')
    .max(200, 'the title must be 200 characters or fewer'),
  preset: z.enum(['police.uk', 'mapped'], { message: "must be 'police.uk' or 'mapped'" }),
  member: z.string().trim().max(500).optional(),
});

export type ImportKind = 'police.uk' | 'mapped';

/** The mapping sent as JSON text (API and CLI), checked; issues name `mapping.<path>`. */
export function parseMappingJson(text: string | undefined): {
  mapping?: ColumnMapping;
  issues: FieldIssue[];
} {
  if (!text?.trim())
    return { issues: [{ path: 'mapping', message: "is required when the preset is 'mapped'" }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { issues: [{ path: 'mapping', message: `is not valid JSON (${(e as Error).message})` }] };
  }
  return checkMapping(raw);
}

export function checkMapping(raw: unknown): { mapping?: ColumnMapping; issues: FieldIssue[] } {
  const parsed = importMappingSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => ({
        path: ['mapping', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    };
  }
  return { mapping: parsed.data, issues: [] };
}

export const megabytes = (bytes: number) =>
  (bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** Errors of crime data imports, with stable codes. */
export const crimeDataErrors = {
  /** The files could not be read as asked: names the file, and the line and field when known. */
  unreadable: (issue: FieldIssue & { file?: string; line?: number; field?: string }) =>
    new AppError(422, 'crime-data-invalid', 'Crime data not imported', `${issue.path}: ${issue.message}`, {
      issues: [{ path: issue.path, message: issue.message }],
      ...(issue.file ? { file: issue.file } : {}),
      ...(issue.line ? { line: issue.line } : {}),
      ...(issue.field ? { field: issue.field } : {}),
    }),
  tooLarge: (maxBytes: number) =>
    new AppError(
      413,
      'upload-too-large',
      'Upload too large',
      `The files are larger than ${megabytes(maxBytes)} MB together. Split the data into several imports, or compress the files (.gz or .zip).`,
    ),
  /** More files, fields or parts than a form may hold (`limit` names which was reached). */
  tooManyParts: (limit: 'files' | 'fields' | 'parts', maxFields: number) =>
    new AppError(
      413,
      'upload-too-many-parts',
      'Too many files or fields',
      limit === 'files'
        ? `Send at most ${MAX_FILES} files in one import.`
        : limit === 'fields'
          ? `The form has more than ${maxFields} fields.`
          : `Send at most ${MAX_FILES} files and ${maxFields} other fields in one import.`,
    ),
  /** A compressed file that unpacks to too much, or at a zip bomb's ratio; names the file. */
  unpacksTooFar: (file: string, detail: string) =>
    new AppError(413, 'upload-unpacks-too-far', 'File unpacks too far', detail, {
      issues: [{ path: file, message: detail.slice(file.length + 2) }],
      file,
    }),
  /** More rows than allowed once unpacked; names the file where the limit was passed. */
  tooManyRows: (file: string, maxRows: number) =>
    new AppError(
      413,
      'upload-too-many-rows',
      'Too many rows',
      `${file}: the files hold more than ${maxRows.toLocaleString('en-GB')} rows together. Split the data into several imports.`,
      {
        issues: [{ path: file, message: `more than ${maxRows.toLocaleString('en-GB')} rows in total` }],
        file,
      },
    ),
} as const;

/** A category and how many stored events carry it. */
export interface CategoryCount {
  name: string;
  count: number;
}

/** What is shown and sent about an import: everything but the events. */
export interface CrimeImportSummary {
  id: string;
  title: string;
  kind: ImportKind;
  files: string[];
  member: string | null;
  mapping: ColumnMapping;
  crs: typeof STORED_CRS;
  rowsRead: number;
  rowsKept: number;
  /** Rows left out, by reason (no usable coordinates, outside Great Britain, filtered out). */
  dropped: Record<string, number>;
  /** First and last event, `YYYY-MM-DDTHH:mm` on the naive local clock. */
  firstEvent: string;
  lastEvent: string;
  /** First and last month covered, `YYYY-MM`. */
  firstMonth: string;
  lastMonth: string;
  categories: CategoryCount[];
  sha256: string;
  createdBy: { id: string; name: string };
  createdAt: string;
}

/** Counts per category, most common first (ties by name). */
export function countCategories(events: readonly CrimeEvent[]): CategoryCount[] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Events in one canonical order (time, then place, then type), so equal data packs to equal bytes. */
export function canonicalOrder(events: CrimeEvent[]): CrimeEvent[] {
  return events.sort(
    (a, b) =>
      a.t - b.t || a.x - b.x || a.y - b.y || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0),
  );
}

const MAGIC = 0x45434c42; // 'BLCE' little-endian
const FORMAT = 1;

/**
 * Packs events into columns: a header (magic, format, count, the category names as JSON), then
 * `t` (int32 minutes), `c` (uint16 category index), `x` and `y` (float64 metres), little-endian.
 */
export function packEvents(events: readonly CrimeEvent[]): Uint8Array {
  const names = [...new Set(events.map((e) => e.category))].sort();
  if (names.length > 0xffff) throw new Error(`too many crime types to store (${names.length})`);
  const index = new Map(names.map((n, i) => [n, i]));
  const head = Buffer.from(JSON.stringify(names), 'utf8');
  const n = events.length;
  const size = 16 + head.length + n * (4 + 2 + 8 + 8);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT, true);
  view.setUint32(8, n, true);
  view.setUint32(12, head.length, true);
  out.set(head, 16);
  let at = 16 + head.length;
  for (const e of events) {
    if (!Number.isInteger(e.t) || e.t < -0x80000000 || e.t > 0x7fffffff)
      throw new Error(`event time out of range: ${e.t}`);
    view.setInt32(at, e.t, true);
    at += 4;
  }
  for (const e of events) {
    view.setUint16(at, index.get(e.category) as number, true);
    at += 2;
  }
  for (const e of events) {
    view.setFloat64(at, e.x, true);
    at += 8;
  }
  for (const e of events) {
    view.setFloat64(at, e.y, true);
    at += 8;
  }
  return out;
}

/** The inverse of `packEvents`. */
export function unpackEvents(bytes: Uint8Array): CrimeEvent[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== FORMAT)
    throw new Error('not a packed crime event table');
  const n = view.getUint32(8, true);
  const headLength = view.getUint32(12, true);
  const names = JSON.parse(Buffer.from(bytes.subarray(16, 16 + headLength)).toString('utf8')) as string[];
  const tAt = 16 + headLength;
  const cAt = tAt + 4 * n;
  const xAt = cAt + 2 * n;
  const yAt = xAt + 8 * n;
  if (yAt + 8 * n !== bytes.byteLength) throw new Error('packed crime event table has the wrong length');
  const events: CrimeEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    events[i] = {
      t: view.getInt32(tAt + 4 * i, true),
      x: view.getFloat64(xAt + 8 * i, true),
      y: view.getFloat64(yAt + 8 * i, true),
      category: names[view.getUint16(cAt + 2 * i, true)] as string,
    };
  }
  return events;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `YYYY-MM` of a minute count. */
export const monthOf = (t: number) => formatMinutes(t).slice(0, 7);

/** "April 2018" from `YYYY-MM`. */
export function monthName(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
