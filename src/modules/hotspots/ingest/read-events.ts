import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { projector } from '../projection/index.ts';
import type { CrimeEvent } from '../types.ts';
import type { ColumnMapping } from './mapping.ts';
import { openCsv } from './source.ts';
import { compileTimeFormat } from './time-format.ts';

/** What happened to the rows of one or more files. */
export interface IngestReport {
  read: number;
  kept: number;
  dropped: Record<string, number>;
}

export interface IngestResult {
  events: CrimeEvent[];
  report: IngestReport;
}

/** A malformed row or header: names the file, the line and the field. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}, line ${line}, field '${field}': ${problem}`);
    this.name = 'IngestError';
  }
}

export interface ReadOptions {
  mapping: ColumnMapping;
  /** EPSG code to project coordinates into (default: the file's own CRS). */
  toCrs?: string;
  /** Zip member holding the CSV. */
  member?: string;
  /** Called every 100,000 rows. */
  onProgress?: (rowsRead: number) => void;
  /**
   * The most rows to read, counted across every file read into the same report; one more throws
   * a `TooManyRowsError` naming the file (a compressed file can unpack to far more than it weighs).
   */
  maxRows?: number;
}

/** More rows than `maxRows`: names the file and line where the limit was passed. */
export class TooManyRowsError extends IngestError {
  constructor(
    file: string,
    line: number,
    readonly maxRows: number,
  ) {
    super(file, line, '(rows)', `more than ${maxRows.toLocaleString('en-GB')} rows in total`);
    this.name = 'TooManyRowsError';
  }
}

export const DROP_EMPTY = 'coordinates empty';
export const DROP_ZERO = 'coordinates zero';
export const DROP_FILTER = 'filtered out';

/**
 * Reads crime events from CSV files, streaming, all or nothing: a malformed row (a bad date or
 * a bad number) throws an `IngestError` and nothing is returned. Rows without usable coordinates
 * (empty, or exactly 0 as some forces write for "unknown") are dropped and counted per reason.
 */
export async function readEvents(files: string | string[], options: ReadOptions): Promise<IngestResult> {
  const list = Array.isArray(files) ? files : [files];
  const events: CrimeEvent[] = [];
  const report: IngestReport = { read: 0, kept: 0, dropped: {} };
  for (const file of list) {
    await readOne(file, openCsv(file, options.member), options, events, report);
  }
  return { events, report };
}

/** Reads one CSV stream (exported for tests that feed text directly). */
export async function readStream(
  file: string,
  stream: Readable,
  options: ReadOptions,
  events: CrimeEvent[] = [],
  report: IngestReport = { read: 0, kept: 0, dropped: {} },
): Promise<IngestResult> {
  await readOne(file, stream, options, events, report);
  return { events, report };
}

async function readOne(
  file: string,
  stream: Readable,
  options: ReadOptions,
  events: CrimeEvent[],
  report: IngestReport,
): Promise<void> {
  const { mapping } = options;
  const parseTime = compileTimeFormat(mapping.time.format);
  const project = projector(mapping.coordinates.crs, options.toCrs ?? mapping.coordinates.crs);
  const parser = stream.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // One row of a crime export is a few hundred bytes; a megabyte is not a row.
      max_record_size: 1_000_000,
    }),
  );
  stream.on('error', (e) => parser.destroy(e));

  let header: string[] | undefined;
  let timeIdx: number[] = [];
  let xIdx = -1;
  let yIdx = -1;
  let catIdx = -1;
  let filterIdx = -1;
  const col = (name: string, line: number): number => {
    const i = (header as string[]).indexOf(name);
    if (i < 0)
      throw new IngestError(file, line, name, `column missing from the header (${header?.join(', ')})`);
    return i;
  };

  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = item;
    const line = info.lines;
    if (!header) {
      header = record.map((h) => h.trim());
      timeIdx = mapping.time.columns.map((c) => col(c, line));
      xIdx = col(mapping.coordinates.x, line);
      yIdx = col(mapping.coordinates.y, line);
      if (mapping.category) catIdx = col(mapping.category, line);
      if (mapping.filter) filterIdx = col(mapping.filter.column, line);
      continue;
    }
    report.read++;
    if (options.maxRows !== undefined && report.read > options.maxRows) {
      stream.destroy();
      throw new TooManyRowsError(file, line, options.maxRows);
    }
    if (options.onProgress && report.read % 100_000 === 0) options.onProgress(report.read);
    if (mapping.filter && (record[filterIdx] ?? '') !== mapping.filter.equals) {
      report.dropped[DROP_FILTER] = (report.dropped[DROP_FILTER] ?? 0) + 1;
      continue;
    }
    const timeText = timeIdx.map((i) => (record[i] ?? '').trim()).join(' ');
    const t = parseTime(timeText);
    if (t === undefined) {
      throw new IngestError(
        file,
        line,
        mapping.time.columns.join('+'),
        `'${timeText}' is not a time in the format '${mapping.time.format}'`,
      );
    }
    const xText = (record[xIdx] ?? '').trim();
    const yText = (record[yIdx] ?? '').trim();
    if (xText === '' || yText === '') {
      report.dropped[DROP_EMPTY] = (report.dropped[DROP_EMPTY] ?? 0) + 1;
      continue;
    }
    const x = Number(xText);
    const y = Number(yText);
    if (!Number.isFinite(x))
      throw new IngestError(file, line, mapping.coordinates.x, `'${xText}' is not a number`);
    if (!Number.isFinite(y))
      throw new IngestError(file, line, mapping.coordinates.y, `'${yText}' is not a number`);
    if (x === 0 || y === 0) {
      report.dropped[DROP_ZERO] = (report.dropped[DROP_ZERO] ?? 0) + 1;
      continue;
    }
    const [px, py] = project(x, y);
    events.push({ t, x: px, y: py, category: catIdx >= 0 ? (record[catIdx] ?? '') : '' });
    report.kept++;
  }
  if (!header) throw new IngestError(file, 1, '(header)', 'the file is empty');
}
