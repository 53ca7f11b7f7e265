import { CsvError, parse } from 'csv-parse/sync';
import type { FieldIssue } from './errors.ts';

/** A UUID in its usual text form (any version, any case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A problem with one field of an imported line or item, or with the line itself. */
export const fieldIssue = (where: string, field: string | null, message: string): FieldIssue => ({
  path: field ? `${where}, field ${field}` : where,
  message,
});

export interface CsvRecord {
  record: string[];
  /** `lines`: the line the record ends on, counting from 1. */
  info: { lines: number };
}

/**
 * CSV text as its header and records, with line numbers. A file that cannot be read comes back
 * as one issue naming the line (or the file) and the reason; so does an empty file.
 */
export function readCsv(csv: string): { head: CsvRecord; body: CsvRecord[] } | { issue: FieldIssue } {
  let records: CsvRecord[];
  try {
    records = parse(csv, { info: true, bom: true, skip_empty_lines: true, trim: true }) as never;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    const reason = error.message.replace(/ (on|at) line \d+$/, '');
    return { issue: fieldIssue(line ? `line ${line}` : 'file', null, reason) };
  }
  const [head, ...body] = records;
  return head ? { head, body } : { issue: fieldIssue('file', null, 'is empty') };
}

/**
 * Problems with a CSV header: a column with no name, a column named twice, and (when `unknown`
 * is given) a column it says is not expected, with its reason.
 */
export function headerIssues(
  columns: readonly string[],
  unknown: (column: string) => string | null = () => null,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    const reason = c === '' ? null : seen.has(c) ? 'appears twice' : unknown(c);
    if (c === '') issues.push(fieldIssue('line 1', null, 'has a column with no name'));
    else if (reason) issues.push(fieldIssue('line 1', c, reason));
    seen.add(c);
  }
  return issues;
}
