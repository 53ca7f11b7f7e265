const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A `date` column as `YYYY-MM-DD`, whichever way the driver gives it: a string, or a Date at
 * local midnight (node-postgres and PGlite parse dates so).
 */
export const dayOf = (d: unknown): string =>
  d instanceof Date
    ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    : String(d).slice(0, 10);
