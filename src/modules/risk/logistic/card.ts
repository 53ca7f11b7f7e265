import { z } from 'zod';
import type { AuditReport, Datasheet, ProxyFinding } from '../../fairness/index.ts';
import { featureSpecSchema } from './encoding.ts';

const objectOf = <T>() => z.custom<T>((value) => typeof value === 'object' && value !== null);

export const MODEL_CARD_SCHEMA = 'bluelamp.risk.logistic-model-card';
export const MODEL_CARD_SCHEMA_VERSION = 1;

const calibrationBinSchema = z.object({
  decile: z.number().int(),
  n: z.number().int(),
  meanPredicted: z.number(),
  observedRate: z.number(),
  minPredicted: z.number(),
  maxPredicted: z.number(),
});

/** One coefficient of the fitted model, with the design column it multiplies. */
export const coefficientSchema = z.object({
  /** Design column, e.g. `priors_count` or `c_charge_degree = M`. */
  column: z.string(),
  feature: z.string(),
  /** For a one-hot column: the level it stands for. */
  level: z.string().optional(),
  /** On the model's scale: per standard deviation for numeric features, vs the reference level for categorical. */
  coefficient: z.number(),
  /** exp(coefficient): the odds ratio for that change. */
  oddsRatio: z.number(),
  /** Numeric features only: the coefficient per unit of the raw feature (coefficient / sd). */
  perUnit: z.number().optional(),
});
export type Coefficient = z.infer<typeof coefficientSchema>;

/**
 * The versioned model card: everything needed to score with the model, to reproduce it, and to
 * judge whether it should be used (validation on held-out data, datasheet, proxies, bias audit).
 */
export const modelCardSchema = z.object({
  schema: z.literal(MODEL_CARD_SCHEMA),
  schemaVersion: z.literal(MODEL_CARD_SCHEMA_VERSION),
  modelId: z.string().min(1),
  version: z.string().min(1),
  createdAt: z.string(),
  intendedUse: z.string(),
  training: z.object({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    rowsRead: z.number().int(),
    filter: z.string().nullable(),
    rowsUsed: z.number().int(),
    trainRows: z.number().int(),
    heldOutRows: z.number().int(),
    holdout: z.number(),
    seed: z.number().int(),
    outcome: z.string(),
    outcomeRate: z.number(),
  }),
  model: z.object({
    kind: z.literal('logistic-regression'),
    optimiser: z.string(),
    l2: z.number().nonnegative(),
    iterations: z.number().int(),
    converged: z.boolean(),
    features: z.array(featureSpecSchema),
    /** Log-odds for a person at the training average of every numeric feature, reference levels. */
    intercept: z.number(),
    /** The intercept for raw (unstandardised) numeric values, for use with `perUnit`. */
    interceptRawScale: z.number(),
    coefficients: z.array(coefficientSchema),
  }),
  protectedAttributes: z.array(z.string()),
  flaggedFeatures: z.array(z.object({ feature: z.string(), reason: z.string() })),
  /** Every feature x protected attribute association measured on the training rows. */
  proxies: z.array(objectOf<ProxyFinding>()),
  /** The associations strong enough to flag the feature as a possible proxy. */
  proxyWarnings: z.array(objectOf<ProxyFinding>()),
  datasheet: objectOf<Datasheet>(),
  validation: z.object({
    population: z.string(),
    n: z.number().int(),
    positives: z.number().int(),
    auc: z.number().nullable(),
    accuracy: z.number(),
    threshold: z.number(),
    brier: z.number(),
    /** Brier score of always predicting the training base rate, for comparison. */
    brierBaseline: z.number(),
    calibration: z.array(calibrationBinSchema),
    unseenLevels: z.number().int(),
  }),
  biasAudit: objectOf<AuditReport>().nullable(),
  limitations: z.array(z.string()),
});
export type ModelCard = z.infer<typeof modelCardSchema>;
