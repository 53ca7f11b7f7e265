import { z } from 'zod';
import { RiskInputError } from '../errors.ts';
import { effectOnLogOdds } from '../wording.ts';
import type { ModelCard } from './card.ts';
import { EncodingError, encodeRow, type RawRow } from './encoding.ts';
import { sigmoid } from './irls.ts';

/** One feature's part in a person's score, relative to the training average (reference level). */
export interface FeatureContribution {
  feature: string;
  value: string | number;
  contribution: number;
  description: string;
}

export const logisticScoreSchema = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  probability: z.number(),
  /** Whole percentage, rounded half up and kept within 1..99 like OGRS3. */
  percent: z.number().int(),
  baselineLogOdds: z.number(),
  logOdds: z.number(),
  contributions: z.array(
    z.object({
      feature: z.string(),
      value: z.union([z.string(), z.number()]),
      contribution: z.number(),
      description: z.string(),
    }),
  ),
});
export type LogisticScore = z.infer<typeof logisticScoreSchema>;

function describeContribution(
  feature: string,
  shown: string,
  contribution: number,
  baseline: string,
): string {
  return `${feature} ${shown} ${effectOnLogOdds(contribution)} the log-odds (compared with ${baseline})`;
}

/**
 * Scores one person with the model in a card. Each feature's contribution is its coefficient times
 * its standardised value (numeric: relative to the training mean) or its level's coefficient
 * (categorical: relative to the reference level), so contributions plus the intercept give the
 * log-odds exactly.
 */
export function scoreWithCard(card: ModelCard, person: RawRow): LogisticScore {
  let encoded: number[];
  try {
    encoded = encodeRow(card.model.features, person, 0, 'error');
  } catch (error) {
    if (error instanceof EncodingError) {
      throw new RiskInputError([{ field: error.column, code: 'bad_value', message: error.message }]);
    }
    throw error;
  }
  const contributions: FeatureContribution[] = [];
  let column = 0;
  for (const spec of card.model.features) {
    if (spec.kind === 'numeric') {
      const coefficient = card.model.coefficients[column]?.coefficient ?? 0;
      const contribution = coefficient * (encoded[column] ?? 0);
      const value = Number(person[spec.name]);
      contributions.push({
        feature: spec.name,
        value,
        contribution,
        description: describeContribution(
          spec.name,
          String(value),
          contribution,
          `the training average ${spec.mean.toFixed(2)}`,
        ),
      });
      column++;
      continue;
    }
    let contribution = 0;
    spec.levels.forEach((_, k) => {
      contribution += (card.model.coefficients[column + k]?.coefficient ?? 0) * (encoded[column + k] ?? 0);
    });
    const value = String(person[spec.name]).trim();
    contributions.push({
      feature: spec.name,
      value,
      contribution,
      description: describeContribution(
        spec.name,
        `"${value}"`,
        contribution,
        `the most common level "${spec.reference}"`,
      ),
    });
    column += spec.levels.length;
  }
  const logOdds = contributions.reduce((sum, c) => sum + c.contribution, card.model.intercept);
  const probability = sigmoid(logOdds);
  return {
    modelId: card.modelId,
    modelVersion: card.version,
    probability,
    percent: Math.min(99, Math.max(1, Math.round(probability * 100))),
    baselineLogOdds: card.model.intercept,
    logOdds,
    contributions,
  };
}

/** Plain-English account of a score. */
export function explainLogisticScore(card: ModelCard, score: LogisticScore): string {
  const baseline = sigmoid(score.baselineLogOdds) * 100;
  return [
    `Model ${card.modelId} v${card.version} (logistic regression on ${card.training.file}, outcome ` +
      `"${card.training.outcome}"). Someone at the training average with the most common levels has log-odds ` +
      `${score.baselineLogOdds.toFixed(2)} (${baseline.toFixed(0)}%).`,
    ...score.contributions.map((c) => `${c.description}.`),
    `Total log-odds ${score.logOdds.toFixed(2)}, a probability of ${score.percent}%: the outcome rate of people ` +
      'with similar features in the training data, not a prediction of what this person will do.',
    card.validation.auc === null
      ? ''
      : `On held-out data the model's AUC was ${card.validation.auc.toFixed(3)}.`,
  ]
    .filter(Boolean)
    .join(' ');
}
