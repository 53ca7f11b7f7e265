import type { AuditAccumulator } from './accumulator.ts';
import { AuditInputError, type AuditRecord, type ColumnMapping, type FieldValue } from './types.ts';

/** The group value used when a record has no value for an attribute. */
export const MISSING = '(missing)';

const TRUE_VALUES = ['1', '1.0', 'true', 'yes'];
const FALSE_VALUES = ['0', '0.0', 'false', 'no'];

function text(v: FieldValue): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v.trim() : String(v);
}

/**
 * Turns records into accumulator rows under a column mapping, failing with an AuditInputError
 * that names the file, line and field of a bad value.
 */
export class RecordEncoder {
  private readonly positive: Set<string> | null;
  private readonly outcomePositive: Set<string>;
  private readonly outcomeStrict: boolean;
  private readonly ids: Int32Array;

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly acc: AuditAccumulator,
    private readonly source: string,
  ) {
    this.positive =
      mapping.threshold !== undefined
        ? null
        : new Set((mapping.positive ?? TRUE_VALUES).map((v) => v.trim()));
    this.outcomeStrict = mapping.outcomePositive === undefined;
    this.outcomePositive = new Set(
      (mapping.outcomePositive ?? TRUE_VALUES).map((v) => v.trim().toLowerCase()),
    );
    this.ids = new Int32Array(mapping.groups.length);
  }

  /** Checks that a header (list of column names) has every mapped column. */
  checkColumns(columns: readonly string[], line = 1): void {
    const m = this.mapping;
    const wanted = [m.prediction, m.outcome, ...m.groups, ...(m.score ? [m.score] : [])];
    for (const column of wanted) {
      if (!columns.includes(column)) {
        throw new AuditInputError(
          this.source,
          line,
          column,
          `column not found (columns: ${columns.join(', ')})`,
        );
      }
    }
  }

  private fail(line: number, field: string, problem: string): never {
    throw new AuditInputError(this.source, line, field, problem);
  }

  /** Encodes and counts one record found at `line`. */
  add(record: AuditRecord, line: number): void {
    const m = this.mapping;
    const rawPrediction = record[m.prediction];
    const prediction = text(rawPrediction);
    if (rawPrediction === undefined && !(m.prediction in record))
      this.fail(line, m.prediction, 'missing field');
    let predicted: number;
    if (this.positive === null) {
      const x = Number(prediction);
      if (prediction === '' || Number.isNaN(x))
        this.fail(line, m.prediction, `'${prediction}' is not a number`);
      predicted = x >= m.threshold! ? 1 : 0;
    } else {
      if (prediction === '') this.fail(line, m.prediction, 'empty prediction');
      predicted = this.positive.has(prediction) ? 1 : 0;
    }
    const outcomeText = text(record[m.outcome]).toLowerCase();
    let outcome: number;
    if (outcomeText === '') this.fail(line, m.outcome, 'empty outcome');
    if (this.outcomePositive.has(outcomeText)) outcome = 1;
    else if (!this.outcomeStrict || FALSE_VALUES.includes(outcomeText)) outcome = 0;
    else
      this.fail(line, m.outcome, `'${outcomeText}' is not an outcome (expected 0/1, true/false or yes/no)`);
    for (let a = 0; a < m.groups.length; a++) {
      const value = text(record[m.groups[a]!]);
      try {
        this.ids[a] = this.acc.valueId(a, value === '' ? MISSING : value);
      } catch (error) {
        this.fail(line, m.groups[a]!, (error as Error).message);
      }
    }
    let score = Number.NaN;
    if (m.score) {
      const s = text(record[m.score]);
      if (s !== '') {
        score = Number(s);
        if (Number.isNaN(score)) this.fail(line, m.score, `'${s}' is not a number`);
      }
    }
    this.acc.add(this.acc.cellOf(this.ids), predicted, outcome, score);
  }
}
