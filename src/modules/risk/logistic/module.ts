import { z } from 'zod';
import type { AiModule } from '../../contract.ts';
import { advisoryFields } from '../advisory.ts';
import { evaluateProbabilities } from '../evaluate.ts';
import { LOGISTIC_LIMITATIONS } from '../limitations.ts';
import { modelCardSchema } from './card.ts';
import { cellText } from './encoding.ts';
import { explainLogisticScore, logisticScoreSchema, scoreWithCard } from './score.ts';

export const logisticInputSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
export const logisticSettingsSchema = z.object({ modelCard: modelCardSchema });
export const logisticOutputSchema = logisticScoreSchema.extend({
  proxyWarnings: z.array(z.string()),
  ...advisoryFields,
});

/**
 * A trained logistic risk model as an oversight-runtime module: the model card (coefficients,
 * validation and bias audit) travels in the settings, so every run records exactly which model
 * produced it.
 */
export const logisticRiskModule: AiModule<
  typeof logisticInputSchema,
  typeof logisticSettingsSchema,
  typeof logisticOutputSchema
> = {
  id: 'risk.logistic',
  version: '1.0.0',
  title: 'Reoffending risk: transparent logistic model (advisory)',
  personalData: true,
  // Advisory risk scores: every output is reviewed, then the named decision maker decides.
  review: { sampling: 'never', decisionMaker: true },
  inputSchema: logisticInputSchema,
  settingsSchema: logisticSettingsSchema,
  outputSchema: logisticOutputSchema,
  run(input, { modelCard }) {
    const score = scoreWithCard(modelCard, input);
    const explanation = explainLogisticScore(modelCard, score);
    return {
      output: {
        ...score,
        proxyWarnings: modelCard.proxyWarnings.map((p) => `${p.feature} may stand in for ${p.attribute}`),
        advisory: true,
        explanation,
        limitations: [...LOGISTIC_LIMITATIONS],
        latestAudit: null,
      },
      explanation,
      risky: true,
    };
  },
  evaluate(data, { modelCard }) {
    const rows = z.array(logisticInputSchema).parse(data);
    const outcome = modelCard.training.outcome;
    return evaluateProbabilities(
      rows.map((row) => scoreWithCard(modelCard, row).probability),
      rows.map((row) => (['1', 'true', 'yes'].includes(cellText(row[outcome]).toLowerCase()) ? 1 : 0)),
    );
  },
};
