import type { ConfusionMetrics, Interval, ParityName } from './types.ts';

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

/**
 * Rates from confusion counts (positive = predicted positive / outcome positive):
 * base rate (TP+FN)/n, selection rate (TP+FP)/n, TPR TP/(TP+FN), TNR TN/(TN+FP),
 * FPR FP/(FP+TN), FNR FN/(FN+TP), PPV TP/(TP+FP), NPV TN/(TN+FN), FDR FP/(TP+FP),
 * FOR FN/(FN+TN), accuracy (TP+TN)/n. A rate with a zero denominator is null.
 */
export function confusionMetrics(tp: number, fp: number, fn: number, tn: number): ConfusionMetrics {
  const n = tp + fp + fn + tn;
  return {
    n,
    tp,
    fp,
    fn,
    tn,
    baseRate: ratio(tp + fn, n),
    selectionRate: ratio(tp + fp, n),
    tpr: ratio(tp, tp + fn),
    tnr: ratio(tn, tn + fp),
    fpr: ratio(fp, fp + tn),
    fnr: ratio(fn, fn + tp),
    ppv: ratio(tp, tp + fp),
    npv: ratio(tn, tn + fn),
    fdr: ratio(fp, tp + fp),
    for: ratio(fn, fn + tn),
    accuracy: ratio(tp + tn, n),
  };
}

/** Confusion counts at `slot` of a counts array laid out [cell * 4 + kind], kind 0 TN, 1 FN, 2 FP, 3 TP. */
export function metricsAt(counts: ArrayLike<number>, base: number): ConfusionMetrics {
  return confusionMetrics(counts[base + 3]!, counts[base + 2]!, counts[base + 1]!, counts[base]!);
}

/**
 * The metric behind each Aequitas parity (Saleiro et al. 2018, "Aequitas: a bias and fairness
 * audit toolkit"): statistical parity compares PPR (the group's share of all positive
 * predictions), impact parity the predicted prevalence (selection rate); the others compare the
 * named error or success rate.
 */
export const PARITY_METRIC: Record<ParityName, string> = {
  statistical: 'ppr',
  impact: 'selectionRate',
  fdr: 'fdr',
  fpr: 'fpr',
  for: 'for',
  fnr: 'fnr',
  tpr: 'tpr',
  tnr: 'tnr',
  npv: 'npv',
  precision: 'ppv',
};

/** A ratio passes when tau <= ratio <= 1/tau (Aequitas' fairness threshold). */
export function parityPass(r: number | null, tau: number): boolean | null {
  if (r === null || !Number.isFinite(r)) return null;
  return r >= tau - 1e-12 && r <= 1 / tau + 1e-12;
}

export function safeRatio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/** The 2.5% and 97.5% percentiles of replicate values (nulls dropped); null with fewer than 10. */
export function percentileInterval(values: Array<number | null>): Interval | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length < 10) return null;
  const at = (q: number): number => {
    const pos = q * (v.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(v.length - 1, lo + 1);
    return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
  };
  return { lower: at(0.025), upper: at(0.975) };
}
