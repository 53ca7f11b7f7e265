import { z } from 'zod';

/**
 * How the columns of a crime CSV map to events: the same shape as the `data` section of a
 * benchmark protocol (PROTOCOL.md section 9).
 */
export const timeMappingSchema = z.object({
  /** One column (`date`) or several (`YEAR`, `MONTH`, `DAY`, `HOUR`, `MINUTE`), joined by one space. */
  columns: z.array(z.string().min(1)).min(1),
  /** Tokens YYYY, MM/M, DD/D, HH/H, mm/m, ss/s; anything else is literal. Missing fields default to the first day, 00:00. */
  format: z.string().min(1),
});

export const coordinateMappingSchema = z.object({
  x: z.string().min(1),
  y: z.string().min(1),
  /** EPSG code of the coordinates in the file, e.g. 'EPSG:4326' (x = longitude, y = latitude). */
  crs: z.string().regex(/^EPSG:\d+$/),
});

export const columnMappingSchema = z.object({
  time: timeMappingSchema,
  coordinates: coordinateMappingSchema,
  /** Column copied into `CrimeEvent.category` (empty string when absent). */
  category: z.string().min(1).optional(),
  /** Keep only rows whose column equals this value (others counted as 'filtered out'). */
  filter: z.object({ column: z.string().min(1), equals: z.string() }).optional(),
});

export type TimeMapping = z.infer<typeof timeMappingSchema>;
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** police.uk "street" CSVs: `Month` YYYY-MM (first day, 00:00), `Longitude`/`Latitude` WGS84, `Crime type`. */
export const policeUkMapping: ColumnMapping = {
  time: { columns: ['Month'], format: 'YYYY-MM' },
  coordinates: { x: 'Longitude', y: 'Latitude', crs: 'EPSG:4326' },
  category: 'Crime type',
};
