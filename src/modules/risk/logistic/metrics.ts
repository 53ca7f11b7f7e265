/** Validation metrics of predicted probabilities against 0/1 outcomes. */

/**
 * Area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive
 * is scored above a random negative, ties counting one half (Hanley & McNeil 1982). Computed from
 * mid-ranks in O(n log n).
 */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  const order = scores
    .map((score, i) => ({ score, label: labels[i] ?? 0 }))
    .sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.score === order[i]!.score) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (order[k]!.label === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of cases where (probability >= threshold) equals the outcome. */
export function accuracy(
  probabilities: readonly number[],
  labels: readonly number[],
  threshold = 0.5,
): number {
  let right = 0;
  probabilities.forEach((p, i) => {
    if ((p >= threshold ? 1 : 0) === labels[i]) right++;
  });
  return probabilities.length ? right / probabilities.length : Number.NaN;
}

/** Brier score (Brier 1950): mean squared difference between probability and outcome. */
export function brier(probabilities: readonly number[], labels: readonly number[]): number {
  let total = 0;
  probabilities.forEach((p, i) => {
    total += (p - (labels[i] ?? 0)) ** 2;
  });
  return probabilities.length ? total / probabilities.length : Number.NaN;
}

export interface CalibrationBin {
  decile: number;
  n: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

/**
 * Calibration by decile of predicted risk: cases sorted by probability and cut into ten groups of
 * (nearly) equal size; in a well-calibrated model each group's mean prediction matches its observed rate.
 */
export function calibrationByDecile(
  probabilities: readonly number[],
  labels: readonly number[],
): CalibrationBin[] {
  const order = probabilities.map((p, i) => ({ p, y: labels[i] ?? 0 })).sort((a, b) => a.p - b.p);
  const bins: CalibrationBin[] = [];
  for (let d = 0; d < 10; d++) {
    const slice = order.slice(Math.floor((d * order.length) / 10), Math.floor(((d + 1) * order.length) / 10));
    if (slice.length === 0) continue;
    const sum = (f: (c: { p: number; y: number }) => number) => slice.reduce((acc, c) => acc + f(c), 0);
    bins.push({
      decile: d + 1,
      n: slice.length,
      meanPredicted: sum((c) => c.p) / slice.length,
      observedRate: sum((c) => c.y) / slice.length,
      minPredicted: slice[0]!.p,
      maxPredicted: slice[slice.length - 1]!.p,
    });
  }
  return bins;
}
