import { accuracy, auc, brier } from './logistic/metrics.ts';

/** Discrimination and accuracy of probabilities against observed 0/1 outcomes. */
export function evaluateProbabilities(probabilities: number[], outcomes: number[]): Record<string, number> {
  return {
    n: probabilities.length,
    positives: outcomes.filter((y) => y === 1).length,
    auc: auc(probabilities, outcomes) ?? Number.NaN,
    accuracy: accuracy(probabilities, outcomes, 0.5),
    brier: brier(probabilities, outcomes),
  };
}
