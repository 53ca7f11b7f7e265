/**
 * Flattening records into dotted columns and writing CSV as RFC 4180 describes: fields holding
 * a comma, a double quote, CR or LF are enclosed in double quotes, a double quote inside is
 * written twice, and records end with CRLF. Formulas are neutralised (see `csvField`).
 */

export type Cell = string | number | boolean | null;

/**
 * Flattens nested objects into dotted keys (`tier1.name`). Lists of plain values become one
 * cell joined with "; "; lists of objects are numbered (`waivers.0.reasons`).
 */
export function flatten(value: unknown, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = null;
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      out[prefix] = value.map((v) => String(v ?? '')).join('; ');
    } else {
      value.forEach((v, i) => {
        flatten(v, `${prefix}.${i}`, out);
      });
    }
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = value as Cell;
  }
  return out;
}

/**
 * One field. Text that a spreadsheet would run as a formula (beginning with `=`, `+`, `-`, `@`,
 * tab or carriage return) is neutralised as OWASP's CSV injection guidance advises: a leading `'`
 * makes it text, and the field is quoted. Numbers are written as numbers.
 */
export function csvField(value: Cell): string {
  const raw = value === null ? '' : String(value);
  const formula = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw);
  const text = formula ? `'${raw}` : raw;
  return formula || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV document: the union of every row's columns (in first-seen order) as the header. */
export function toCsv(rows: ReadonlyArray<Record<string, Cell>>): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
