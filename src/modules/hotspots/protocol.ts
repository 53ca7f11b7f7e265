import { z } from 'zod';
import { columnMappingSchema, timeMappingSchema } from './ingest/mapping.ts';
import { addDuration, parseDuration, parseIsoMinutes } from './time.ts';

/** A benchmark protocol file (PROTOCOL.md section 9). Paths are relative to the file. */
export const protocolSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  data: z.discriminatedUnion('format', [
    z.object({ path: z.string().min(1), format: z.literal('police.uk'), member: z.string().optional() }),
    z.object({
      path: z.string().min(1),
      format: z.literal('csv'),
      member: z.string().optional(),
      time: timeMappingSchema,
      coordinates: columnMappingSchema.shape.coordinates,
    }),
  ]),
  /** The rows used for training and testing; grid and mask use all rows. */
  events: z.object({ column: z.string().min(1), equals: z.string() }).optional(),
  projection: z.string().regex(/^EPSG:\d+$/),
  grid: z.object({ cellSize: z.number().positive() }),
  mask: z.literal('cells-with-events-before-first-period'),
  periods: z.object({
    start: z.string(),
    step: z.string(),
    count: z.number().int().positive(),
    train: z.string(),
  }),
  coverages: z.array(z.number().gt(0).lte(1)).min(1),
  ties: z.literal('larger-row-major-index-first'),
});

export type Protocol = z.infer<typeof protocolSchema>;

/** One forecast: train on [trainStart, t0), test on [t0, testEnd). Minutes. */
export interface Period {
  trainStart: number;
  t0: number;
  testEnd: number;
}

/** The periods of a protocol: t0 = start + k·step; training window = train before t0. */
export function periodsOf(p: Protocol['periods']): Period[] {
  const step = parseDuration(p.step);
  const train = parseDuration(p.train);
  const start = parseIsoMinutes(p.start);
  const out: Period[] = [];
  let t0 = start;
  for (let k = 0; k < p.count; k++) {
    const testEnd = addDuration(t0, step);
    out.push({ trainStart: addDuration(t0, train, -1), t0, testEnd });
    t0 = testEnd;
  }
  return out;
}
