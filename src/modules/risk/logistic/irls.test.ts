import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid } from './irls.ts';
import { choleskySolve } from './linalg.ts';

const logit = (p: number) => Math.log(p / (1 - p));

describe('choleskySolve', () => {
  it('solves a 2 x 2 system solved by hand', () => {
    // [4 2; 2 3] x = [2; 1]  ->  det = 8, x = [ (3*2 - 2*1)/8, (4*1 - 2*2)/8 ] = [0.5, 0]
    const [a, b] = choleskySolve(
      [
        [4, 2],
        [2, 3],
      ],
      [2, 1],
    );
    expect(a).toBeCloseTo(0.5, 12);
    expect(b).toBeCloseTo(0, 12);
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      choleskySolve(
        [
          [1, 1],
          [1, 1],
        ],
        [1, 1],
      ),
    ).toThrow(/not positive definite/);
  });
});

describe('fitLogistic (IRLS)', () => {
  it('matches the closed form for one binary feature without penalty', () => {
    // Group x = 0: 3 of 10 positive; group x = 1: 6 of 8 positive. The unpenalised MLE is
    // saturated: intercept = logit(3/10) = ln(3/7) = -0.847298, slope = logit(6/8) - logit(3/10)
    // = ln 3 - ln(3/7) = ln 7 = 1.945910.
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 10; i++) {
      x.push([0]);
      y.push(i < 3 ? 1 : 0);
    }
    for (let i = 0; i < 8; i++) {
      x.push([1]);
      y.push(i < 6 ? 1 : 0);
    }
    const fit = fitLogistic(x, y, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(logit(0.3), 9);
    expect(fit.weights[0]).toBeCloseTo(Math.log(7), 9);
  });

  it('fits the intercept alone to the log-odds of the base rate', () => {
    const y = [1, 1, 0, 0, 0];
    const fit = fitLogistic(
      y.map(() => []),
      y,
      { l2: 5 },
    );
    expect(fit.intercept).toBeCloseTo(logit(0.4), 10);
  });

  it('with L2 meets the stationarity condition Xᵀ(y − p) = λβ and shrinks the weight', () => {
    const x = [[-2], [-1], [-0.5], [0], [0.5], [1], [2], [1.5], [-1.5], [0.2]];
    const y = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1];
    const l2 = 2;
    const fit = fitLogistic(x, y, { l2 });
    const free = fitLogistic(x, y, { l2: 0 });
    let interceptGradient = 0;
    let weightGradient = 0;
    x.forEach((row, i) => {
      const r = (y[i] ?? 0) - sigmoid(fit.intercept + (row[0] ?? 0) * (fit.weights[0] ?? 0));
      interceptGradient += r;
      weightGradient += r * (row[0] ?? 0);
    });
    expect(interceptGradient).toBeCloseTo(0, 9);
    expect(weightGradient).toBeCloseTo(l2 * (fit.weights[0] ?? 0), 9);
    expect(Math.abs(fit.weights[0] ?? 0)).toBeLessThan(Math.abs(free.weights[0] ?? 0));
    expect(fit.weights[0]).toBeGreaterThan(0);
  });

  it('stays finite on separable data when penalised', () => {
    const fit = fitLogistic([[-1], [-2], [1], [2]], [0, 0, 1, 1], { l2: 0.1 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
  });
});
