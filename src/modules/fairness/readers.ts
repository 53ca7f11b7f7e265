import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { LocatedRecord } from './audit.ts';
import { AuditInputError, type AuditRecord, type FieldValue } from './types.ts';

/** Input formats: CSV or JSON Lines, optionally gzipped; chosen by the file name. */
export type InputFormat = 'csv' | 'jsonl';

export function formatOf(file: string): InputFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  return name.endsWith('.jsonl') || name.endsWith('.ndjson') ? 'jsonl' : 'csv';
}

function open(file: string): Readable {
  const stream = createReadStream(file);
  return file.toLowerCase().endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

/**
 * Streams the records of a CSV or JSON Lines file with their line numbers, keeping only the
 * `wanted` columns when given. The first CSV row is the header (a repeated name keeps its first
 * column). A malformed row fails with an AuditInputError naming the file and line.
 */
export async function* readRecords(
  file: string,
  wanted: string[] | null = null,
): AsyncGenerator<LocatedRecord> {
  const name = path.basename(file);
  if (formatOf(file) === 'jsonl') {
    yield* readJsonLines(file, name, wanted);
    return;
  }
  const parser = open(file).pipe(parse({ info: true, bom: true, skip_empty_lines: true }));
  let header: string[] | null = null;
  let picks: Array<[string, number]> = [];
  try {
    for await (const row of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = row.info.lines;
      if (header === null) {
        header = row.record.map((h) => h.trim());
        const seen = new Set<string>();
        picks = [];
        header.forEach((h, i) => {
          if (!seen.has(h) && (wanted === null || wanted.includes(h))) picks.push([h, i]);
          seen.add(h);
        });
        if (wanted !== null) {
          for (const column of wanted) {
            if (!seen.has(column)) {
              throw new AuditInputError(
                name,
                line,
                column,
                `column not found (columns: ${header.join(', ')})`,
              );
            }
          }
        }
        continue;
      }
      if (row.record.length !== header.length) {
        throw new AuditInputError(
          name,
          line,
          null,
          `${row.record.length} fields where the header has ${header.length}`,
        );
      }
      const record: Record<string, FieldValue> = {};
      for (const [column, i] of picks) record[column] = row.record[i];
      yield { record, line };
    }
  } catch (error) {
    if (error instanceof AuditInputError) throw error;
    const e = error as { message: string; lines?: number };
    throw new AuditInputError(name, e.lines ?? null, null, `malformed CSV (${e.message})`);
  }
  if (header === null) throw new AuditInputError(name, 1, null, 'the file is empty (no header row)');
}

async function* readJsonLines(
  file: string,
  name: string,
  wanted: string[] | null,
): AsyncGenerator<LocatedRecord> {
  const lines = createInterface({ input: open(file), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new AuditInputError(name, line, null, `not valid JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new AuditInputError(name, line, null, 'expected a JSON object');
    }
    const source = value as Record<string, unknown>;
    const record: Record<string, FieldValue> = {};
    for (const column of wanted ?? Object.keys(source)) {
      const v = source[column];
      if (v !== null && v !== undefined && typeof v === 'object') {
        throw new AuditInputError(name, line, column, 'expected a string, number or boolean');
      }
      record[column] = v as FieldValue;
    }
    yield { record: record as AuditRecord, line };
  }
}
