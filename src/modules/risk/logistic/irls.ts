import { choleskySolve } from './linalg.ts';

export interface FitOptions {
  /** L2 penalty λ on the weights (not the intercept): the objective adds λ/2 · Σ w². */
  l2: number;
  maxIterations?: number;
  /** Stop when no parameter moves more than this in a Newton step. */
  tolerance?: number;
}

export interface FitResult {
  intercept: number;
  weights: number[];
  iterations: number;
  converged: boolean;
  /** Penalised negative log-likelihood at the solution. */
  objective: number;
}

/** Numerically stable log(1 + e^x). */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export const sigmoid = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));

function linearPredictor(row: readonly number[], beta: readonly number[]): number {
  let eta = beta[0] ?? 0;
  for (let j = 0; j < row.length; j++) eta += (row[j] ?? 0) * (beta[j + 1] ?? 0);
  return eta;
}

/** Penalised negative log-likelihood: Σ [log(1 + e^η) − y·η] + λ/2 · Σ_{j≥1} β_j². */
function objective(
  x: readonly (readonly number[])[],
  y: readonly number[],
  beta: readonly number[],
  l2: number,
): number {
  let total = 0;
  x.forEach((row, i) => {
    const eta = linearPredictor(row, beta);
    total += log1pExp(eta) - (y[i] ?? 0) * eta;
  });
  for (let j = 1; j < beta.length; j++) total += (l2 / 2) * (beta[j] ?? 0) ** 2;
  return total;
}

/**
 * L2-regularised logistic regression by Newton's method, i.e. iteratively reweighted least squares
 * (McCullagh & Nelder, Generalized Linear Models, 2nd ed., §4.4; Hastie, Tibshirani & Friedman,
 * The Elements of Statistical Learning, §4.4.1). Each step solves
 *   (Xᵀ W X + λ D) Δ = Xᵀ (y − p) − λ D β,   W = diag(p(1 − p)),  D = diag(0, 1, …, 1)
 * where X carries a leading column of ones, so the intercept is not penalised. A step that
 * does not lower the objective is halved (damped Newton), which keeps the fit stable when the
 * data are nearly separable. `x` is the n × p design without the intercept column.
 */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: FitOptions,
): FitResult {
  const p = (x[0]?.length ?? 0) + 1;
  const { l2 } = options;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  let beta = new Array<number>(p).fill(0);
  let current = objective(x, y, beta, l2);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const hessian: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const gradient = new Array<number>(p).fill(0);
    x.forEach((row, i) => {
      const mu = sigmoid(linearPredictor(row, beta));
      const w = mu * (1 - mu);
      const residual = (y[i] ?? 0) - mu;
      for (let a = 0; a < p; a++) {
        const xa = a === 0 ? 1 : (row[a - 1] ?? 0);
        gradient[a]! += xa * residual;
        for (let b = 0; b <= a; b++) hessian[a]![b]! += w * xa * (b === 0 ? 1 : (row[b - 1] ?? 0));
      }
    });
    for (let a = 0; a < p; a++) {
      for (let b = a + 1; b < p; b++) hessian[a]![b] = hessian[b]![a]!;
      if (a > 0) {
        hessian[a]![a]! += l2;
        gradient[a]! -= l2 * (beta[a] ?? 0);
      }
    }
    const step = choleskySolve(hessian, gradient);
    let scale = 1;
    let next = beta.map((value, j) => value + (step[j] ?? 0));
    let candidate = objective(x, y, next, l2);
    while (candidate > current + 1e-12 && scale > 1e-6) {
      scale /= 2;
      next = beta.map((value, j) => value + scale * (step[j] ?? 0));
      candidate = objective(x, y, next, l2);
    }
    const moved = Math.max(...step.map((s) => Math.abs(s * scale)));
    beta = next;
    current = candidate;
    if (moved < tolerance) {
      return {
        intercept: beta[0] ?? 0,
        weights: beta.slice(1),
        iterations: iteration,
        converged: true,
        objective: current,
      };
    }
  }
  return {
    intercept: beta[0] ?? 0,
    weights: beta.slice(1),
    iterations: maxIterations,
    converged: false,
    objective: current,
  };
}
