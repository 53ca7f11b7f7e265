import { addDuration, fieldsOf, MINUTES_PER_DAY } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { type BluelampSettings, bluelamp, bluelampDefaults } from './bluelamp.ts';
import { addGaussianLayers } from './gaussian.ts';
import type { ForecastInput } from './types.ts';
import { eventCells } from './types.ts';

/** The candidate settings and the validation design of the self-tuning forecaster. */
export interface SelectionPlan {
  /** Recency options: weight a (0 = off) and e-folding days τ. */
  recency: Array<{ a: number; tau: number }>;
  /** Neighbourhood options: weight b (0 = off) and bandwidth σ in metres. */
  neighbourhood: Array<{ b: number; sigma: number }>;
  /** Share of the training span used for the inner validation folds. */
  validationShare: number;
  /**
   * Coverages at which the folds are scored; a candidate's score is its expected hits summed
   * over them. Scoring around the target coverage rather than at it alone makes the choice
   * less sensitive to which few cells sit at the selection threshold.
   */
  coverages: number[];
  cutoff: number;
}

const rec = (a: number, taus: number[]) => taus.map((tau) => ({ a, tau }));
const nb = (b: number, sigmas: number[]) => sigmas.map((sigma) => ({ b, sigma }));

export const defaultPlan: SelectionPlan = {
  recency: [{ a: 0, tau: 60 }, ...rec(1, [30, 90]), ...rec(3, [30, 90])],
  neighbourhood: [
    { b: 0, sigma: 300 },
    ...nb(0.02, [150, 300]),
    ...nb(0.05, [150, 300]),
    ...nb(0.15, [150, 300]),
  ],
  validationShare: 0.25,
  coverages: [0.02, 0.05, 0.1],
  cutoff: 18,
};

/**
 * Inner validation folds inside the training window, latest first: the forecast horizon is
 * guessed from the time resolution (whole calendar months when every event sits on the first
 * of a month at 00:00, as police.uk data do; otherwise 7 days), and as many whole folds are
 * taken as fit in `share` of the training span (at least one).
 */
export function innerFolds(
  events: readonly CrimeEvent[],
  t0: number,
  share: number,
): Array<[number, number]> {
  if (events.length === 0) return [];
  const start = (events[0] as CrimeEvent).t;
  const monthly = events.every((e) => {
    const f = fieldsOf(e.t);
    return f.day === 1 && f.hour === 0 && f.minute === 0;
  });
  const step = monthly ? { months: 1, days: 0 } : { months: 0, days: 7 };
  const limit = t0 - share * (t0 - start);
  const folds: Array<[number, number]> = [];
  let end = t0;
  for (;;) {
    const from = addDuration(end, step, -1);
    if (from < limit && folds.length > 0) break;
    if (from <= start) break;
    folds.push([from, end]);
    end = from;
  }
  return folds;
}

/**
 * Expected hits of the top n cells with ties at the threshold shared out evenly (tie-invariant,
 * as `hit_rate_expected_random_ties` in the protocol).
 */
export function expectedHits(
  risk: Float64Array,
  tests: Float64Array,
  n: number,
  scratch: Float64Array,
): number {
  scratch.set(risk);
  const thr = nthLargest(scratch, n);
  let above = 0;
  let hitsAbove = 0;
  let tied = 0;
  let hitsTied = 0;
  for (let k = 0; k < risk.length; k++) {
    const v = risk[k] as number;
    if (v > thr) {
      above++;
      hitsAbove += tests[k] as number;
    } else if (v === thr) {
      tied++;
      hitsTied += tests[k] as number;
    }
  }
  return hitsAbove + (tied > 0 ? ((n - above) / tied) * hitsTied : 0);
}

/** The n-th largest value (1-based) by quickselect; reorders `a`. */
function nthLargest(a: Float64Array, n: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const k = Math.min(Math.max(n - 1, 0), a.length - 1);
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) > pivot) i++;
      while ((a[j] as number) < pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/** One candidate setting of the neighbourhood and recency terms. */
interface Candidate {
  a: number;
  tau: number;
  b: number;
  sigma: number;
}

/** Every candidate's expected hits on every inner fold (candidates in plan order). */
interface CandidateScores {
  candidates: Candidate[];
  /** scores[c][f]: expected hits of candidate c on fold f, summed over the plan's coverages. */
  scores: number[][];
}

/**
 * Scores every candidate of the plan by rolling-origin validation inside the training window:
 * each candidate forecasts every inner fold from the events before the fold. Only training
 * events are used.
 *
 * The features are additive over events, so one pass over the events per bandwidth fills
 * snapshots at every fold start: with weights exp(-(t0 - t_i)/τ), the value at a fold start
 * T is the snapshot times exp((t0 - T)/τ).
 */
function scoreCandidates(input: ForecastInput, plan: SelectionPlan = defaultPlan): CandidateScores {
  const candidates = plan.recency.flatMap((r) => plan.neighbourhood.map((s) => ({ ...r, ...s })));
  const folds = innerFolds(input.events, input.t0, plan.validationShare);
  if (folds.length === 0) return { candidates, scores: candidates.map(() => []) };
  const nCells = input.study.cells.length;
  const sizes = plan.coverages.map((c) => Math.floor(nCells * c));
  const taus = [...new Set(plan.recency.filter((r) => r.a > 0).map((r) => r.tau))];
  const sigmas = [...new Set(plan.neighbourhood.filter((s) => s.b > 0).map((s) => s.sigma))];
  const { grid, positionOf } = input.study;
  const { gx, gy } = eventCells(input);
  const posOf = (i: number): number =>
    (gx[i] as number) < 0 ? -1 : (positionOf[(gy[i] as number) * grid.ncols + (gx[i] as number)] as number);

  // Per fold: the training prefix ends at the fold start; its test events are counted per cell.
  const starts = folds.map(([from]) => from);
  const ends = starts.map((s) => lowerIndex(input.events, s));
  const tests = folds.map(([from, to]) => {
    const counts = new Float64Array(nCells);
    for (let i = lowerIndex(input.events, from); i < lowerIndex(input.events, to); i++) {
      const p = posOf(i);
      if (p >= 0) counts[p] = (counts[p] as number) + 1;
    }
    return counts;
  });
  const decay = (tau: number, i: number) =>
    Math.exp(-(input.t0 - (input.events[i] as CrimeEvent).t) / MINUTES_PER_DAY / tau);

  // Features per fold: own-cell counts and Gaussian sums, plain (layer 0) and decayed by each τ
  // (layer j), over the events before the fold start. Folds are filled oldest first from one
  // running sum per layer, copied at each fold start.
  const nEvents = input.events.length;
  const layerWeights = [
    new Float64Array(nEvents).fill(1),
    ...taus.map((tau) => Float64Array.from({ length: nEvents }, (_, i) => decay(tau, i))),
  ];
  type Features = { own: Float64Array[]; near: Map<number, Float64Array[]> };
  const features: Features[] = folds.map(() => ({ own: [], near: new Map() }));
  const order = folds.map((_, f) => f).sort((x, y) => (ends[x] as number) - (ends[y] as number));
  const own = layerWeights.map(() => new Float64Array(nCells));
  let done = 0;
  for (const f of order) {
    for (let i = done; i < (ends[f] as number); i++) {
      const p = posOf(i);
      if (p < 0) continue;
      for (let j = 0; j < own.length; j++) {
        const layer = own[j] as Float64Array;
        layer[p] = (layer[p] as number) + ((layerWeights[j] as Float64Array)[i] as number);
      }
    }
    done = ends[f] as number;
    (features[f] as Features).own = own.map((a) => a.slice());
  }
  for (const sigma of sigmas) {
    const near = layerWeights.map(() => new Float64Array(nCells));
    let from = 0;
    for (const f of order) {
      addGaussianLayers(input, sigma, plan.cutoff, layerWeights, near, from, ends[f] as number);
      from = ends[f] as number;
      (features[f] as Features).near.set(
        sigma,
        near.map((a) => a.slice()),
      );
    }
  }

  const scratch = new Float64Array(nCells);
  const risk = new Float64Array(nCells);
  const scores = candidates.map((c) =>
    folds.map(([from], f) => {
      const feat = features[f] as Features;
      const j = c.a > 0 ? taus.indexOf(c.tau) + 1 : 0;
      const scale = c.a > 0 ? c.a * Math.exp((input.t0 - from) / MINUTES_PER_DAY / c.tau) : 0;
      const c0 = feat.own[0] as Float64Array;
      const cr = feat.own[j] as Float64Array;
      const g = c.b > 0 ? (feat.near.get(c.sigma) as Float64Array[]) : undefined;
      for (let k = 0; k < nCells; k++) {
        let v = (c0[k] as number) + scale * (cr[k] as number);
        if (g)
          v += c.b * (((g[0] as Float64Array)[k] as number) + scale * ((g[j] as Float64Array)[k] as number));
        risk[k] = v;
      }
      let hits = 0;
      for (const n of sizes) hits += expectedHits(risk, tests[f] as Float64Array, n, scratch);
      return hits;
    }),
  );
  return { candidates, scores };
}

/**
 * Chooses Bluelamp's settings for one forecast from the candidates' fold scores: the candidate
 * with the most pooled hits at the plan's coverages wins (ties go to the earlier, simpler
 * candidate: plain counts come first).
 */
export function selectBluelampSettings(
  input: ForecastInput,
  plan: SelectionPlan = defaultPlan,
): BluelampSettings {
  const { candidates, scores } = scoreCandidates(input, plan);
  let best = { score: Number.NEGATIVE_INFINITY, c: candidates[0] as Candidate };
  if ((scores[0] ?? []).length === 0) return { ...bluelampDefaults, recencyWeight: 0, smoothing: 0 };
  candidates.forEach((c, k) => {
    const score = (scores[k] as number[]).reduce((x, y) => x + y, 0);
    if (score > best.score + 1e-9) best = { score, c };
  });
  return {
    recencyWeight: best.c.a,
    recencyDays: best.c.tau,
    smoothing: best.c.b,
    bandwidth: best.c.sigma,
    cutoff: plan.cutoff,
  };
}

/** Index of the first event at or after t (events in time order). */
function lowerIndex(events: readonly CrimeEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as CrimeEvent).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bluelamp's forecaster as evaluated: settings chosen inside the training window, then applied. */
export function bluelampAuto(input: ForecastInput, plan: SelectionPlan = defaultPlan): Float64Array {
  return bluelamp(input, selectBluelampSettings(input, plan));
}
