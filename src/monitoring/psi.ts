/**
 * Population stability index (PSI): how far the distribution of a value in a recent window has
 * moved from a baseline window. With baseline (expected) bin shares e_i and recent (actual)
 * shares a_i,
 *
 *   PSI = sum_i (a_i - e_i) * ln(a_i / e_i)
 *
 * (a symmetrised Kullback-Leibler divergence). Bands in common use: below 0.1 no material shift,
 * 0.1 to 0.25 a moderate shift worth investigating, above 0.25 a significant shift.
 * References: N. Siddiqi, "Credit Risk Scorecards" (Wiley, 2006), ch. 8; B. Yurdakul,
 * "Statistical Properties of Population Stability Index" (PhD thesis, Western Michigan
 * University, 2018), which also studies the bin count and the empty-bin problem.
 */

export type PsiBand = 'stable' | 'moderate' | 'significant';

export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;

/** Share given to an empty bin, so the logarithm is defined (a usual choice, cf. Yurdakul 2018). */
export const EMPTY_BIN_SHARE = 1e-4;

export function psiBand(psi: number): PsiBand {
  if (psi < PSI_MODERATE) return 'stable';
  if (psi <= PSI_SIGNIFICANT) return 'moderate';
  return 'significant';
}

/** PSI between two vectors of bin shares (each summing to 1), empty bins floored. */
export function psiFromShares(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new Error('expected and actual need the same bins');
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, EMPTY_BIN_SHARE);
    const a = Math.max(actual[i]!, EMPTY_BIN_SHARE);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/**
 * Upper edges of up to `bins` bins at the baseline's quantiles (nearest rank), duplicates
 * removed, so each bin holds about the same share of the baseline. A value v falls in the first
 * bin whose edge is >= v; values above the last edge form a final bin.
 */
export function quantileEdges(baseline: readonly number[], bins = 10): number[] {
  const sorted = [...baseline].sort((a, b) => a - b);
  const n = sorted.length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sorted[Math.max(0, Math.ceil((k * n) / bins) - 1)];
    if (v !== undefined && edges[edges.length - 1] !== v) edges.push(v);
  }
  const max = sorted[n - 1];
  if (max !== undefined && edges[edges.length - 1] !== max) edges.push(max);
  return edges;
}

/** The index of the bin a value falls in (binary search over the upper edges). */
export function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Shares of the values in each bin (edges.length + 1 bins). */
export function binShares(edges: readonly number[], values: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binOf(edges, v)]! += 1;
  return counts.map((c) => (values.length ? c / values.length : 0));
}

export interface Stability {
  psi: number;
  band: PsiBand;
  baselineCount: number;
  currentCount: number;
  bins: Array<{ upTo: number | null; expected: number; actual: number }>;
}

/** PSI of `current` against `baseline` with bins at the baseline's deciles; null without data. */
export function populationStability(
  baseline: readonly number[],
  current: readonly number[],
  bins = 10,
): Stability | null {
  if (baseline.length === 0 || current.length === 0) return null;
  const edges = quantileEdges(baseline, bins);
  const expected = binShares(edges, baseline);
  const actual = binShares(edges, current);
  const psi = psiFromShares(expected, actual);
  return {
    psi,
    band: psiBand(psi),
    baselineCount: baseline.length,
    currentCount: current.length,
    bins: expected.map((e, i) => ({ upTo: edges[i] ?? null, expected: e, actual: actual[i]! })),
  };
}
