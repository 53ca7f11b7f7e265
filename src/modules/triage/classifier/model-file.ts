import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_FEATURES, type FeatureOptions } from './features.ts';
import type { SoftmaxWeights } from './softmax.ts';

/**
 * The trained triage classifier as committed JSON: one line per feature with its weight for each
 * class in `classes` order, as whole thousandths (SCALE), the thresholds chosen on the validation
 * split, and what it was trained on.
 */
export const MODEL_FORMAT = 'bluelamp-triage-softmax/1';
const SCALE = 1000;

export const thresholdsSchema = z.object({
  /** P(emergency) at or above this routes to emergency. */
  emergency: z.number().min(0).max(1),
  /** P(emergency) + P(urgent) at or above this routes to urgent at least. */
  escalate: z.number().min(0).max(1),
  /** P(human) at or above this routes to a person at least. */
  human: z.number().min(0).max(1),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.string(),
  trainedOn: z.object({ file: z.string(), contacts: z.number().int(), sha256: z.string() }),
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  thresholds: thresholdsSchema,
  validation: z.record(z.string(), z.number()),
  classes: z.string(),
  bias: z.string(),
  knownWords: z.string(),
  rows: z.record(z.string(), z.string()),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

export interface LoadedModel {
  version: string;
  weights: SoftmaxWeights;
  index: Map<string, number>;
  thresholds: Thresholds;
  knownWords: Set<string>;
  features: FeatureOptions;
}

const scaled = (v: number): string => {
  const r = Math.round(v * SCALE);
  return r === 0 ? '0' : String(r);
};

export function toModelFile(
  weights: SoftmaxWeights,
  meta: Omit<ModelFile, 'format' | 'version' | 'classes' | 'bias' | 'rows'>,
): ModelFile {
  const k = weights.classes.length;
  const rows: Record<string, string> = {};
  weights.features.forEach((feature, f) => {
    const row = Array.from(weights.weights.subarray(f * k, (f + 1) * k)).map(scaled);
    if (row.some((w) => w !== '0')) rows[feature] = row.join(' ');
  });
  const body = {
    classes: weights.classes.join(' '),
    bias: Array.from(weights.bias).map(scaled).join(' '),
    rows,
  };
  const version = `model-${createHash('sha256')
    .update(JSON.stringify({ body, thresholds: meta.thresholds }))
    .digest('hex')
    .slice(0, 12)}`;
  return { format: MODEL_FORMAT, version, ...meta, ...body };
}

export function loadModelFile(json: unknown): LoadedModel {
  const file = modelFileSchema.parse(json);
  const classes = file.classes.split(' ');
  const k = classes.length;
  const features = Object.keys(file.rows);
  const weights = new Float64Array(features.length * k);
  features.forEach((feature, f) => {
    const row = file.rows[feature]!.split(' ').map((w) => Number(w) / SCALE);
    if (row.length !== k || row.some((w) => !Number.isFinite(w))) {
      throw new Error(`model ${file.version}: row "${feature}" does not hold ${k} weights`);
    }
    weights.set(row, f * k);
  });
  return {
    version: file.version,
    weights: {
      classes,
      features,
      weights,
      bias: Float64Array.from(file.bias.split(' ').map((b) => Number(b) / SCALE)),
    },
    index: new Map(features.map((f, i) => [f, i])),
    thresholds: file.thresholds,
    knownWords: new Set(file.knownWords.split(' ')),
    features: {
      charMin: Number(file.settings.charMin ?? DEFAULT_FEATURES.charMin),
      charMax: Number(file.settings.charMax ?? DEFAULT_FEATURES.charMax),
      bigrams:
        file.settings.bigrams === undefined ? DEFAULT_FEATURES.bigrams : file.settings.bigrams === true,
    },
  };
}
