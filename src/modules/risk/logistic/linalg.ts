/**
 * Solves A x = b for a symmetric positive-definite A by Cholesky factorisation A = L Lᵀ
 * (Golub & Van Loan, Matrix Computations, 4th ed., algorithm 4.2.1), then forward and back
 * substitution. Throws when A is not positive definite (e.g. perfectly collinear features).
 */
export function choleskySolve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const at = (m: readonly (readonly number[])[], i: number, j: number): number => m[i]?.[j] ?? 0;
  for (let j = 0; j < n; j++) {
    let diagonal = at(a, j, j);
    for (let k = 0; k < j; k++) diagonal -= at(l, j, k) ** 2;
    if (!(diagonal > 1e-12)) {
      throw new RangeError('matrix is not positive definite: features may be collinear or constant');
    }
    const ljj = Math.sqrt(diagonal);
    l[j]![j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sum = at(a, i, j);
      for (let k = 0; k < j; k++) sum -= at(l, i, k) * at(l, j, k);
      l[i]![j] = sum / ljj;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= at(l, i, k) * (z[k] ?? 0);
    z[i] = sum / at(l, i, i);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < n; k++) sum -= at(l, k, i) * (x[k] ?? 0);
    x[i] = sum / at(l, i, i);
  }
  return x;
}
