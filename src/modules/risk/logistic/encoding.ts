import { z } from 'zod';

/**
 * How raw columns become model inputs. Numeric features are standardised with the training mean
 * and (population) standard deviation, so coefficients are per standard deviation and comparable.
 * Categorical features are one-hot encoded against a reference level (the most common one in the
 * training data), which gets no column: its effect is in the intercept.
 */
export const numericSpecSchema = z.object({
  name: z.string(),
  kind: z.literal('numeric'),
  mean: z.number(),
  sd: z.number().positive(),
});
export const categoricalSpecSchema = z.object({
  name: z.string(),
  kind: z.literal('categorical'),
  reference: z.string(),
  /** Levels with their own column, in column order. */
  levels: z.array(z.string()),
});
export const featureSpecSchema = z.discriminatedUnion('kind', [numericSpecSchema, categoricalSpecSchema]);
export type FeatureSpec = z.infer<typeof featureSpecSchema>;

export type RawRow = Readonly<Record<string, unknown>>;

/** Why a value could not be encoded. */
export class EncodingError extends Error {
  constructor(
    readonly column: string,
    readonly row: number,
    problem: string,
  ) {
    super(problem);
    this.name = 'EncodingError';
  }
}

/** A cell as text ('' for missing). */
export function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** A numeric cell, or an EncodingError naming the row and column. */
export function numericCell(row: RawRow, column: string, rowNumber: number): number {
  const text = cellText(row[column]);
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new EncodingError(column, rowNumber, text === '' ? 'is missing' : `"${text}" is not a number`);
  }
  return value;
}

/** Learns standardisation and levels from the training rows. */
export function fitEncoding(
  rows: readonly RawRow[],
  numeric: readonly string[],
  categorical: readonly string[],
): FeatureSpec[] {
  const specs: FeatureSpec[] = [];
  for (const name of numeric) {
    const values = rows.map((row, i) => numericCell(row, name, i));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    if (!(sd > 0))
      throw new EncodingError(name, 0, 'has the same value in every training row, so it cannot predict');
    specs.push({ name, kind: 'numeric', mean, sd });
  }
  for (const name of categorical) {
    const counts = new Map<string, number>();
    rows.forEach((row, i) => {
      const level = cellText(row[name]);
      if (level === '') throw new EncodingError(name, i, 'is missing');
      counts.set(level, (counts.get(level) ?? 0) + 1);
    });
    const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (byFrequency.length < 2) throw new EncodingError(name, 0, 'has only one level in the training data');
    const reference = byFrequency[0]![0];
    const levels = byFrequency
      .slice(1)
      .map(([level]) => level)
      .sort((a, b) => a.localeCompare(b));
    specs.push({ name, kind: 'categorical', reference, levels });
  }
  return specs;
}

/** Column names of the encoded design, e.g. `priors_count` or `c_charge_degree = M`. */
export function designColumns(specs: readonly FeatureSpec[]): string[] {
  return specs.flatMap((spec) =>
    spec.kind === 'numeric' ? [spec.name] : spec.levels.map((level) => `${spec.name} = ${level}`),
  );
}

/**
 * Encodes one row. A categorical level not seen in training is an error when `unseen` is
 * 'error' (scoring a person) or counted as the reference level when 'reference' (held-out rows).
 */
export function encodeRow(
  specs: readonly FeatureSpec[],
  row: RawRow,
  rowNumber: number,
  unseen: 'error' | 'reference' = 'error',
): number[] {
  const out: number[] = [];
  for (const spec of specs) {
    if (spec.kind === 'numeric') {
      out.push((numericCell(row, spec.name, rowNumber) - spec.mean) / spec.sd);
      continue;
    }
    const level = cellText(row[spec.name]);
    if (level !== spec.reference && !spec.levels.includes(level) && unseen === 'error') {
      throw new EncodingError(
        spec.name,
        rowNumber,
        `"${level}" is not a level the model knows (${[spec.reference, ...spec.levels].join(', ')})`,
      );
    }
    for (const known of spec.levels) out.push(level === known ? 1 : 0);
  }
  return out;
}
