import type { Interval } from './types.ts';

/**
 * Area under the ROC curve from score histograms in ascending score order: the Mann-Whitney
 * probability that a positive outscores a negative, ties counting one half
 * (AUC = sum_i p_i (N_below_i + q_i / 2) / (P N)). Null without both classes.
 */
export function aucFromHistogram(positives: ArrayLike<number>, negatives: ArrayLike<number>): number | null {
  let negBelow = 0;
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < positives.length; i++) {
    const p = positives[i]!;
    const q = negatives[i]!;
    sum += p * (negBelow + q / 2);
    negBelow += q;
    pos += p;
  }
  if (pos === 0 || negBelow === 0) return null;
  return sum / (pos * negBelow);
}

/**
 * 95% interval for an AUC from its standard error (Hanley and McNeil 1982, "The meaning and use
 * of the area under a ROC curve", Radiology 143): Q1 = A/(2-A), Q2 = 2A^2/(1+A),
 * SE^2 = (A(1-A) + (P-1)(Q1-A^2) + (N-1)(Q2-A^2)) / (P N).
 */
export function hanleyMcNeilInterval(auc: number, positives: number, negatives: number): Interval {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  const se = Math.sqrt(Math.max(0, variance));
  return { lower: Math.max(0, auc - 1.96 * se), upper: Math.min(1, auc + 1.96 * se) };
}

/** Wilson score 95% interval for a proportion k/n (Wilson 1927). */
export function wilsonInterval(k: number, n: number): Interval | null {
  if (n <= 0) return null;
  const z = 1.96;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
