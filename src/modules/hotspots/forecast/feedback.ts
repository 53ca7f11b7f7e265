import { forecastError } from './model.ts';

/**
 * Feedback-loop monitor. A hot spot forecast sends patrols; patrols find and record crime; the
 * records feed the next forecast, which sends the patrols back (Lum & Isaac 2016, "To predict and
 * serve?", Significance 13(5); Ensign et al. 2018, "Runaway feedback loops in predictive
 * policing", PMLR 81). The signature is recorded crime rising where patrols went and not in
 * comparable places patrols did not go.
 *
 * Method (a stratified difference in trends, standardised to the patrolled cells):
 * 1. The first `baselinePeriods` periods give each cell's prior level b = mean recorded crime per period.
 * 2. Patrolled cells: forecast at least once after the baseline with mean dosage >= `minDosage`
 *    minutes per period. Unpatrolled cells: no dosage at all after the baseline.
 * 3. Prior-risk strata: quantiles of b over patrolled cells with b > 0 (at most `strata` bins);
 *    unpatrolled cells outside the patrolled range of b are not comparable and are left out.
 * 4. For each later period p and stratum s: growth G = Σ crime_p / Σ b, separately for patrolled
 *    (T) and unpatrolled (C) cells. Both are averaged over strata with the weights w_s = Σ_T b
 *    (direct standardisation), giving a patrolled index and a comparison index per period.
 * 5. ratio = mean patrolled index / mean comparison index. Matching on prior level also removes
 *    regression to the mean: cells picked for high past counts fall back in both groups alike.
 * The flag is raised when ratio >= `threshold` and recorded crime in patrolled cells rose (index > 1).
 */
export interface FeedbackPeriod {
  label: string;
  /** Row-major indices of the cells forecast as hot spots in this period. */
  forecastCells: ArrayLike<number>;
  /** Patrol minutes recorded against cells in this period (absent = 0). */
  dosage: ReadonlyMap<number, number>;
  /** Crimes recorded per cell in this period (absent = 0). */
  crime: ReadonlyMap<number, number>;
}

export interface FeedbackSettings {
  /** Number of leading periods that give the prior level (ideally before patrols began). Default 3. */
  baselinePeriods: number;
  /** Mean patrol minutes per period for a forecast cell to count as patrolled. Default 30. */
  minDosage: number;
  /** Ratio at or above which the loop is flagged. Default 1.25. */
  threshold: number;
  /** Maximum number of prior-risk strata. Default 5. */
  strata: number;
  /** Minimum patrolled cells with comparable unpatrolled cells for a verdict. Default 10. */
  minCells: number;
}

export const DEFAULT_FEEDBACK: FeedbackSettings = {
  baselinePeriods: 3,
  minDosage: 30,
  threshold: 1.25,
  strata: 5,
  minCells: 10,
};

export interface FeedbackPeriodResult {
  label: string;
  /** Recorded crime in patrolled cells relative to their baseline (1 = unchanged). */
  patrolledIndex: number;
  /** The same for comparable unpatrolled cells, weighted to the patrolled cells' prior mix. */
  comparisonIndex: number;
  /** patrolledIndex / comparisonIndex (Infinity when the comparison index is 0). */
  ratio: number;
}

export interface FeedbackReport {
  status: 'loop-suspected' | 'no-loop' | 'insufficient-data';
  flag: boolean;
  ratio: number;
  patrolledIndex: number;
  comparisonIndex: number;
  /** Least-squares slope of the per-period ratio, per period (positive = gap widening). */
  ratioTrend: number;
  patrolledCells: number;
  comparisonCells: number;
  /** Patrolled cells with no comparable unpatrolled cells or no prior crime, left out. */
  unmatchedPatrolledCells: number;
  periods: FeedbackPeriodResult[];
  settings: FeedbackSettings;
  explanation: string;
}

/**
 * Measures whether recorded crime rises only where patrols were sent.
 * @param cells the study-area cells (row-major indices), so unpatrolled cells with no crime count.
 */
export function monitorFeedback(
  cells: ArrayLike<number>,
  periods: readonly FeedbackPeriod[],
  overrides: Partial<FeedbackSettings> = {},
): FeedbackReport {
  const settings: FeedbackSettings = { ...DEFAULT_FEEDBACK, ...overrides };
  const k = settings.baselinePeriods;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw forecastError('invalid-input', `baselinePeriods must be a whole number >= 1, got ${k}`);
  }
  if (!(settings.threshold > 1))
    throw forecastError('invalid-input', `threshold must be above 1, got ${settings.threshold}`);
  const after = periods.slice(k);
  const ids = Array.from(cells);
  const n = ids.length;
  const prior = new Float64Array(n);
  const dose = new Float64Array(n);
  const forecast = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = ids[i] ?? 0;
    let sum = 0;
    for (const p of periods.slice(0, k)) sum += p.crime.get(c) ?? 0;
    prior[i] = sum / k;
    for (const p of after) dose[i]! += p.dosage.get(c) ?? 0;
  }
  const index = new Map(ids.map((c, i) => [c, i]));
  for (const p of after) {
    for (const c of Array.from(p.forecastCells)) {
      const i = index.get(c);
      if (i !== undefined) forecast[i] = 1;
    }
  }
  const periodsAfter = Math.max(1, after.length);
  const patrolled: number[] = [];
  const unpatrolled: number[] = [];
  for (let i = 0; i < n; i++) {
    if (forecast[i] === 1 && dose[i]! / periodsAfter >= settings.minDosage) patrolled.push(i);
    else if (dose[i] === 0) unpatrolled.push(i);
  }

  // Prior-risk strata from the patrolled cells with some prior crime.
  const treatedPrior = patrolled
    .map((i) => prior[i]!)
    .filter((b) => b > 0)
    .sort((a, b) => a - b);
  const edges = strataEdges(treatedPrior, settings.strata);
  const stratumOf = (b: number): number => {
    if (edges.length === 0 || b <= 0 || b < edges[0]! || b > edges[edges.length - 1]!) return -1;
    let s = 0;
    while (s < edges.length - 2 && b > edges[s + 1]!) s++;
    return s;
  };
  const S = Math.max(0, edges.length - 1);
  const groupT: number[][] = Array.from({ length: S }, () => []);
  const groupC: number[][] = Array.from({ length: S }, () => []);
  for (const i of patrolled) {
    const s = stratumOf(prior[i]!);
    if (s >= 0) groupT[s]!.push(i);
  }
  for (const i of unpatrolled) {
    const s = stratumOf(prior[i]!);
    if (s >= 0) groupC[s]!.push(i);
  }
  const sumPrior = (list: number[]) => list.reduce((acc, i) => acc + prior[i]!, 0);
  const usable = groupT.map((t, s) => t.length > 0 && sumPrior(groupC[s]!) > 0);
  const matchedT = groupT.filter((_, s) => usable[s]).flat();
  const matchedC = groupC.filter((_, s) => usable[s]).flat();

  const results: FeedbackPeriodResult[] = after.map((p) => {
    let wSum = 0;
    let tSum = 0;
    let cSum = 0;
    for (let s = 0; s < S; s++) {
      if (!usable[s]) continue;
      const t = groupT[s]!;
      const c = groupC[s]!;
      const w = sumPrior(t);
      const crimeOf = (list: number[]) => list.reduce((acc, i) => acc + (p.crime.get(ids[i] ?? 0) ?? 0), 0);
      wSum += w;
      tSum += w * (crimeOf(t) / w);
      cSum += w * (crimeOf(c) / sumPrior(c));
    }
    const patrolledIndex = wSum > 0 ? tSum / wSum : Number.NaN;
    const comparisonIndex = wSum > 0 ? cSum / wSum : Number.NaN;
    return {
      label: p.label,
      patrolledIndex,
      comparisonIndex,
      ratio: safeRatio(patrolledIndex, comparisonIndex),
    };
  });

  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const patrolledIndex = mean(results.map((r) => r.patrolledIndex));
  const comparisonIndex = mean(results.map((r) => r.comparisonIndex));
  const ratio = safeRatio(patrolledIndex, comparisonIndex);
  const ratioTrend = slope(results.map((r) => r.ratio).filter(Number.isFinite));
  const enough = after.length > 0 && matchedT.length >= settings.minCells && matchedC.length > 0;
  const flag = enough && ratio >= settings.threshold && patrolledIndex > 1;
  const status = !enough ? 'insufficient-data' : flag ? 'loop-suspected' : 'no-loop';
  const report: FeedbackReport = {
    status,
    flag,
    ratio,
    patrolledIndex,
    comparisonIndex,
    ratioTrend,
    patrolledCells: matchedT.length,
    comparisonCells: matchedC.length,
    unmatchedPatrolledCells: patrolled.length - matchedT.length,
    periods: results,
    settings,
    explanation: '',
  };
  report.explanation = explainFeedback(report, after.length);
  return report;
}

/** Stratum edges: distinct quantiles (0, 1/S, ..., 1) of sorted values. */
function strataEdges(sorted: number[], strata: number): number[] {
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let j = 0; j <= strata; j++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((j / strata) * (sorted.length - 1)))]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  if (edges.length === 1) edges.push(edges[0]!);
  return edges;
}

function safeRatio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.NaN;
  if (b === 0) return a === 0 ? 1 : Number.POSITIVE_INFINITY;
  return a / b;
}

/** Ordinary least-squares slope of ys against 0, 1, 2, ... (0 for fewer than two points). */
function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function explainFeedback(r: FeedbackReport, periodsAfter: number): string {
  if (r.status === 'insufficient-data') {
    return (
      `Not enough data for a verdict: ${r.patrolledCells} patrolled hot spot cells could be compared with ` +
      `${r.comparisonCells} unpatrolled cells of similar past crime over ${periodsAfter} periods ` +
      `(at least ${r.settings.minCells} patrolled cells and some comparable cells are needed).`
    );
  }
  const head =
    `Over ${periodsAfter} periods after the baseline, recorded crime in ${r.patrolledCells} patrolled hot spot ` +
    `cells was ${pct(r.patrolledIndex)} of its earlier level; in ${r.comparisonCells} unpatrolled cells with ` +
    `similar earlier crime it was ${pct(r.comparisonIndex)}. ` +
    `Patrolled cells changed ${r.ratio.toFixed(2)} times as much as comparable unpatrolled cells ` +
    `(alert threshold ${r.settings.threshold}).`;
  if (r.flag) {
    return (
      `${head} Recorded crime is rising where patrols were sent and not elsewhere. This is what a feedback ` +
      'loop looks like: patrols record more crime, which draws the next forecast and more patrols back. It ' +
      'is not proof (crime may truly be rising there), so check how these crimes came to be recorded ' +
      '(found by officers or reported by the public) before relying on the next forecast.'
    );
  }
  return `${head} There is no sign that patrols are inflating the records that drive the forecast.`;
}
