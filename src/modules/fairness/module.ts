import { z } from 'zod';
import type { AiModule } from '../contract.ts';
import { auditRecordsSync } from './audit.ts';
import { mappingSchema } from './definition.ts';
import { type AuditReport, PARITY_NAMES } from './types.ts';

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const interval = z.object({ lower: z.number(), upper: z.number() });
const rate = z.number().nullable();

/** Input: a small inline set of records and how their columns map onto the audit. */
export const fairnessInputSchema = z.object({
  records: z.array(z.record(z.string(), fieldValue)).min(1).max(200_000),
  mapping: mappingSchema,
  filter: z.string().optional(),
  reference: z.record(z.string(), z.string()).optional(),
});

export const fairnessSettingsSchema = z.object({
  tau: z.number().gt(0).lte(1).default(0.8),
  bootstrap: z.number().int().min(0).max(5000).default(1000),
  seed: z.number().int().default(1),
  bootstrapMethod: z.enum(['rows', 'cells']).default('rows'),
  intersections: z.boolean().default(false),
  favourable: z.enum(['negative', 'positive']).default('negative'),
  minGroupSize: z.number().int().min(1).default(30),
});

const confusion = {
  n: z.number(),
  tp: z.number(),
  fp: z.number(),
  fn: z.number(),
  tn: z.number(),
  baseRate: rate,
  selectionRate: rate,
  tpr: rate,
  tnr: rate,
  fpr: rate,
  fnr: rate,
  ppv: rate,
  npv: rate,
  fdr: rate,
  for: rate,
  accuracy: rate,
};

const intervals = z.record(z.string(), interval.optional());

/** The audit report (see types.ts), in full. */
export const fairnessOutputSchema = z.object({
  title: z.string(),
  source: z.string().nullable(),
  population: z.object({ rowsRead: z.number(), rowsKept: z.number(), filter: z.string().nullable() }),
  mapping: mappingSchema,
  settings: z.object({
    tau: z.number(),
    bootstrap: z.number(),
    bootstrapMethod: z.enum(['rows', 'cells']),
    seed: z.number(),
    favourable: z.enum(['negative', 'positive']),
    minGroupSize: z.number(),
    intersections: z.boolean(),
    aucMethod: z.string(),
    intervalMethod: z.string(),
  }),
  overall: z.object({ ...confusion, auc: rate, aucInterval: interval.nullable(), intervals }),
  groups: z.array(
    z.object({
      attribute: z.string(),
      value: z.string(),
      ...confusion,
      share: z.number(),
      ppr: rate,
      auc: rate,
      aucInterval: interval.nullable(),
      intervals,
      isReference: z.boolean(),
      warnings: z.array(z.string()),
    }),
  ),
  references: z.array(z.object({ attribute: z.string(), value: z.string() })),
  disparities: z.array(
    z.object({
      attribute: z.string(),
      value: z.string(),
      reference: z.string(),
      parity: z.enum(PARITY_NAMES),
      metric: z.string(),
      groupValue: rate,
      referenceValue: rate,
      ratio: rate,
      interval: interval.nullable(),
      pass: z.boolean().nullable(),
    }),
  ),
  attributes: z.array(
    z.object({
      attribute: z.string(),
      reference: z.string(),
      demographicParityDifference: rate,
      demographicParityRatio: rate,
      equalizedOddsDifference: rate,
      intervals,
    }),
  ),
  fourFifths: z.array(
    z.object({
      attribute: z.string(),
      value: z.string(),
      favourableRate: rate,
      impactRatio: rate,
      interval: interval.nullable(),
      pass: z.boolean().nullable(),
    }),
  ),
  calibration: z.array(
    z.object({
      attribute: z.string(),
      bins: z.array(z.object({ label: z.string(), lower: z.number(), upper: z.number() })),
      groups: z.array(
        z.object({
          value: z.string(),
          points: z.array(
            z.object({
              bin: z.number(),
              n: z.number(),
              positives: z.number(),
              observedRate: rate,
              meanScore: rate,
              interval: interval.nullable(),
            }),
          ),
        }),
      ),
    }),
  ),
  warnings: z.array(z.string()),
  findings: z.array(z.string()),
});

type Input = typeof fairnessInputSchema;
type Settings = typeof fairnessSettingsSchema;

function audit(input: z.infer<Input>, settings: z.infer<Settings>): AuditReport {
  return auditRecordsSync(input.records, {
    mapping: input.mapping,
    filter: input.filter,
    reference: input.reference,
    ...settings,
    title: 'Bias audit',
  });
}

/**
 * The bias audit as an oversight-runtime module: given records with predictions, outcomes and
 * group attributes, it returns the audit report; the explanation is its plain-English findings.
 * Any failed parity or four-fifths check marks the run for human review.
 */
export const fairnessModule: AiModule<Input, Settings, typeof fairnessOutputSchema> = {
  id: 'fairness-audit',
  version: '1.0.0',
  title: 'Bias audit of predictions against outcomes',
  personalData: true,
  inputSchema: fairnessInputSchema,
  settingsSchema: fairnessSettingsSchema,
  outputSchema: fairnessOutputSchema,
  run(input, settings) {
    const report = audit(input, settings);
    const failing =
      report.disparities.some((d) => d.pass === false) || report.fourFifths.some((f) => f.pass === false);
    return {
      output: report,
      explanation: report.findings.join('\n'),
      risky: failing || report.warnings.length > 0,
    };
  },
  evaluate(data, settings) {
    const report = audit(fairnessInputSchema.parse(data), fairnessSettingsSchema.parse(settings ?? {}));
    const ratios = report.disparities.map((d) => d.ratio).filter((r): r is number => r !== null && r > 0);
    const worst = ratios.length > 0 ? Math.max(...ratios.map((r) => Math.max(r, 1 / r))) : 1;
    const first = report.attributes[0];
    return {
      rows: report.population.rowsKept,
      accuracy: report.overall.accuracy ?? Number.NaN,
      failedParities: report.disparities.filter((d) => d.pass === false).length,
      failedFourFifths: report.fourFifths.filter((f) => f.pass === false).length,
      worstDisparityRatio: worst,
      demographicParityDifference: first?.demographicParityDifference ?? Number.NaN,
      equalizedOddsDifference: first?.equalizedOddsDifference ?? Number.NaN,
    };
  },
};
