import type { ForecastInput } from './types.ts';
import { eventCells } from './types.ts';

export interface SeppExpSettings {
  /** EM iterations. */
  iterations: number;
  /** Starting values: triggering ratio θ and decay rate ω (per minute). */
  theta: number;
  omega: number;
}

export const seppExpDefaults: SeppExpSettings = { iterations: 20, theta: 0.5, omega: 1 / 1440 };

/** The fitted model and how the fit went. */
export interface SeppExpFit {
  theta: number;
  omega: number;
  /** Background rate per minute of each grid cell with events (parallel to `cells`). */
  mu: Float64Array;
  cells: Int32Array;
  /** EM steps completed with finite results. */
  iterations: number;
  /** True when an EM step produced a non-finite value and the fit stopped at the last finite one. */
  stoppedEarly: boolean;
}

/**
 * Grid self-exciting point process of Mohler et al. (2015), "Randomized controlled field trials
 * of predictive policing", JASA 110(512), as open_cp's `seppexp` fits it (PROTOCOL.md 5.5): in
 * each cell c the intensity is μ_c + Σ_{t_i < t} θω·exp(-ω(t - t_i)), fitted by EM with
 * times s in minutes since the first training event and T = s of the last one.
 *
 * E-step, per cell with events in time order: p_jj ∝ μ_c and p_ij ∝ θω·exp(-ω(s_j - s_i)) for
 * i < j (equal times included), each column normalised to 1. M-step: ω = Σp_ij / Σp_ij(s_j - s_i),
 * θ = Σp_ij / N, μ_c = Σ_j p_jj / T. The sums over i < j use the exponential recursions
 * A_j = e^{-ωδ}(A_{j-1} + 1) and B_j = e^{-ωδ}(B_{j-1} + δ(A_{j-1} + 1)), δ = s_j - s_{j-1}, so
 * A_j = Σ_{i<j} e^{-ω(s_j - s_i)} and B_j = Σ_{i<j} e^{-ω(s_j - s_i)}(s_j - s_i): O(n) per step
 * instead of O(n²).
 *
 * Non-convergence: with coarse timestamps (police.uk months) many events share a time, ω grows
 * without bound and an update becomes non-finite (open_cp then raises "Convergence failed!").
 * Here any step whose θ, ω or μ is not finite and positive (μ may be 0) is discarded and the fit
 * keeps the parameters of the last finite step (`stoppedEarly`).
 */
export function fitSeppExp(input: ForecastInput, settings: SeppExpSettings = seppExpDefaults): SeppExpFit {
  const { grid } = input.study;
  const { gx, gy } = eventCells(input);
  const n = gx.length;
  // Events grouped by cell, each group in time order (input is in time order; the sort is stable).
  const idx: number[] = [];
  const cellIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if ((gx[i] as number) < 0) continue;
    cellIdx[i] = (gy[i] as number) * grid.ncols + (gx[i] as number);
    idx.push(i);
  }
  idx.sort((a, b) => (cellIdx[a] as number) - (cellIdx[b] as number) || a - b);
  const N = idx.length;
  const s = new Float64Array(N);
  const start: number[] = [];
  const cells: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  for (const k of idx) first = Math.min(first, (input.events[k] as { t: number }).t);
  let T = 0;
  for (let k = 0; k < N; k++) {
    const i = idx[k] as number;
    s[k] = (input.events[i] as { t: number }).t - first;
    if ((s[k] as number) > T) T = s[k] as number;
    const c = cellIdx[i] as number;
    if (k === 0 || c !== (cellIdx[idx[k - 1] as number] as number)) {
      start.push(k);
      cells.push(c);
    }
  }
  start.push(N);
  const nCells = cells.length;
  let mu = new Float64Array(nCells);
  for (let c = 0; c < nCells; c++) mu[c] = ((start[c + 1] as number) - (start[c] as number)) / T;
  let theta = settings.theta;
  let omega = settings.omega;
  let done = 0;
  let stoppedEarly = false;
  for (let it = 0; it < settings.iterations; it++) {
    const tw = theta * omega;
    let s1 = 0;
    let s2 = 0;
    const next = new Float64Array(nCells);
    for (let c = 0; c < nCells; c++) {
      const m = mu[c] as number;
      let a = 0;
      let b = 0;
      let pjj = 0;
      const lo = start[c] as number;
      const hi = start[c + 1] as number;
      for (let k = lo; k < hi; k++) {
        if (k > lo) {
          const d = (s[k] as number) - (s[k - 1] as number);
          const e = Math.exp(-omega * d);
          b = e * (b + d * (a + 1));
          a = e * (a + 1);
        }
        const col = m + tw * a;
        pjj += m / col;
        s1 += (tw * a) / col;
        s2 += (tw * b) / col;
      }
      next[c] = pjj / T;
    }
    const newOmega = s1 / s2;
    const newTheta = s1 / N;
    let finite = Number.isFinite(newOmega) && newOmega > 0 && Number.isFinite(newTheta);
    for (let c = 0; finite && c < nCells; c++) if (!Number.isFinite(next[c] as number)) finite = false;
    if (!finite) {
      stoppedEarly = true;
      break;
    }
    omega = newOmega;
    theta = newTheta;
    mu = next;
    done++;
  }
  return { theta, omega, mu, cells: Int32Array.from(cells), iterations: done, stoppedEarly };
}

/**
 * Risk of each study cell at t0 = μ_c + Σ_{events i in c} θω·exp(-ω(t0 - t_i)) (t0 - t_i in
 * minutes, always > 0 for training events).
 */
export function seppexp(input: ForecastInput, settings: SeppExpSettings = seppExpDefaults): Float64Array {
  const fit = fitSeppExp(input, settings);
  const { grid, positionOf } = input.study;
  const risk = new Float64Array(input.study.cells.length);
  for (let c = 0; c < fit.cells.length; c++) {
    const p = positionOf[fit.cells[c] as number] as number;
    if (p >= 0) risk[p] = fit.mu[c] as number;
  }
  const tw = fit.theta * fit.omega;
  for (const e of input.events) {
    const gx = Math.floor((e.x - grid.x0) / grid.cellSize);
    const gy = Math.floor((e.y - grid.y0) / grid.cellSize);
    if (gx < 0 || gy < 0 || gx >= grid.ncols || gy >= grid.nrows) continue;
    const p = positionOf[gy * grid.ncols + gx] as number;
    const delta = input.t0 - e.t;
    if (p >= 0 && delta > 0) risk[p] = (risk[p] as number) + tw * Math.exp(-fit.omega * delta);
  }
  return risk;
}
