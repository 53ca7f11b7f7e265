import { mix32 } from './bootstrap.ts';

/**
 * Counter-based uniform numbers in (0, 1): the n-th value of stream `key` is a hash of
 * (key, n), so every stream is reproducible on its own.
 */
export class UniformStream {
  private n = 0;
  constructor(private readonly key: number) {}
  next(): number {
    const h = mix32((this.key + Math.imul(++this.n, 0x9e3779b9 | 0)) | 0);
    const l = mix32((h ^ 0x5bd1e995) + this.n);
    // 53 bits from two hashes; never exactly 0 or 1.
    return ((h >>> 5) * 67108864 + (l >>> 6) + 0.5) / 9007199254740992;
  }
}

const LOG_FACTORIAL = (() => {
  const t = new Float64Array(256);
  for (let k = 1; k < t.length; k++) t[k] = t[k - 1]! + Math.log(k);
  return t;
})();

/** log(k!) from a table below 256 and Stirling's series above (error < 1e-12 there). */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL[k]!;
  const x = k + 1;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    1 / (12 * x) -
    1 / (360 * x ** 3) +
    1 / (1260 * x ** 5)
  );
}

/**
 * A Poisson(lambda) variate. Below lambda = 10, multiplication of uniforms (Knuth, TAOCP vol. 2,
 * 3.4.1); from 10 up, the transformed rejection method with squeeze PTRS (Hörmann 1993, "The
 * transformed rejection method for generating Poisson random variables", Insurance: Mathematics
 * and Economics 12), whose cost does not grow with lambda.
 */
export function poisson(lambda: number, u: UniformStream): number {
  if (lambda <= 0) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = u.next();
    while (p > limit) {
      k++;
      p *= u.next();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u.next() - 0.5;
    const V = u.next();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (
      Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - logFactorial(k)
    ) {
      return k;
    }
  }
}

/**
 * The Poisson bootstrap drawn per cell instead of per row. A replicate's count in a cell is the
 * sum of its rows' Poisson(1) weights, and a sum of n independent Poisson(1) variables is
 * Poisson(n); so drawing Poisson(n) once per (cell, kind, replicate) gives replicate counts with
 * exactly the distribution of the per-row bootstrap, at a cost independent of the number of rows.
 * Streams are keyed on (seed, slot), so results repeat for a given seed and data.
 */
export function cellBootstrap(counts: Float64Array, replicates: number, seed: number): Float64Array[] {
  const out = Array.from({ length: replicates }, () => new Float64Array(counts.length));
  for (let slot = 0; slot < counts.length; slot++) {
    const n = counts[slot]!;
    if (n === 0) continue;
    const u = new UniformStream(mix32(seed ^ mix32(slot + 0x7f4a7c15)));
    for (let r = 0; r < replicates; r++) out[r]![slot] = poisson(n, u);
  }
  return out;
}
