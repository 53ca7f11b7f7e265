import { z } from 'zod';

export const USE_CASES = [
  'summarising',
  'sensitive-summarising',
  'call-handling',
  'emergency-detection',
  'hotspot-forecasting',
  'reoffending-risk',
  'other',
] as const;

export const USE_CASE_TITLES: Record<(typeof USE_CASES)[number], string> = {
  summarising: 'Summarising information',
  'sensitive-summarising': 'Summarising sensitive material',
  'call-handling': '101 call handling',
  'emergency-detection': 'Emergency and vulnerability detection',
  'hotspot-forecasting': 'Crime hot spot forecasting',
  'reoffending-risk': 'Reoffending risk',
  other: 'Other',
};

/** The capability list of the Algorithmic Transparency Recording Standard. */
export const CAPABILITIES = [
  'computer-vision',
  'computer-audition',
  'computer-linguistics',
  'robotics',
  'forecasting',
  'discovery',
  'planning',
  'creation',
  'analysis',
  'management',
  'other',
] as const;

const text = (min = 3, max = 5000) =>
  z.string().trim().min(min, `must be at least ${min} characters`).max(max);

export const supplierSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('in-house'), team: text(2, 200) }),
  z.object({
    type: z.literal('external'),
    name: text(2, 200),
    companiesHouseNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(
        /^(\d{8}|[A-Z]{2}\d{6})$/,
        'must be a Companies House number: 8 digits, or 2 letters and 6 digits',
      ),
    role: text(),
    procurementRoute: text(),
    dataAccessTerms: text(),
  }),
]);

export const systemInputSchema = z.object({
  name: text(2, 200),
  description: text(10),
  useCase: z.enum(USE_CASES),
  capability: z.enum(CAPABILITIES),
  purpose: text(10),
  expectedBenefits: z.array(text(3, 500)).min(1, 'needs at least one expected benefit'),
  expectedMinutesSavedPerTask: z.number().min(0).max(100_000),
  supplier: supplierSchema,
  processing: z.object({
    provider: text(2, 200),
    processingCountry: text(2, 100),
    storageCountry: text(2, 100),
  }),
  model: z.object({ name: text(1, 200), version: text(1, 100) }),
  trainingData: z.object({ source: text(), period: text(2, 200), knownGaps: text() }),
  affectedGroups: z.array(text(2, 200)).min(1, 'name at least one affected group'),
  projectLeadId: z.uuid().nullable().default(null),
  productManagerId: z.uuid().nullable().default(null),
  overseerIds: z.array(z.uuid()).default([]),
  moduleId: z.string().max(100).nullable().default(null),
  moduleSettings: z.record(z.string(), z.unknown()).default({}),
  /**
   * 'every': each output waits for a named reviewer before release. 'sampled' (real-time uses
   * such as call handling): outputs are released at once and a share of them, plus every run
   * flagged as risky, goes to a reviewer after the fact.
   */
  reviewMode: z.enum(['every', 'sampled']).default('every'),
  reviewSampleRate: z.number().min(0.01, 'must sample at least 1% of runs').max(1).default(0.1),
});
/** A record as callers give it (defaults may be left out). */
export type SystemInput = z.input<typeof systemInputSchema>;
/** A record with every default filled in. */
export type SystemRecord = z.output<typeof systemInputSchema>;

/** A change to some fields; absent fields stay as they are (no defaults are filled in). */
export const systemPatchSchema = systemInputSchema
  .extend({
    projectLeadId: z.uuid().nullable(),
    productManagerId: z.uuid().nullable(),
    overseerIds: z.array(z.uuid()),
    moduleId: z.string().max(100).nullable(),
    moduleSettings: z.record(z.string(), z.unknown()),
    reviewMode: z.enum(['every', 'sampled']),
    reviewSampleRate: z.number().min(0.01).max(1),
  })
  .partial();
export type SystemPatch = z.infer<typeof systemPatchSchema>;

const UK = new Set([
  'united kingdom',
  'uk',
  'england',
  'wales',
  'scotland',
  'northern ireland',
  'great britain',
]);

/** True when the country named is in the UK; shown prominently on every record. */
export function isUk(country: string): boolean {
  return UK.has(country.trim().toLowerCase());
}
