import { describe, expect, it } from 'vitest';
import { auditRecordsSync } from './audit.ts';
import { cellBootstrap, logFactorial, poisson, UniformStream } from './poisson.ts';

describe('Poisson variates', () => {
  it('log-factorial agrees across the table and Stirling', () => {
    let exact = 0;
    for (let k = 1; k <= 300; k++) exact += Math.log(k);
    expect(logFactorial(300)).toBeCloseTo(exact, 9);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
  });

  for (const lambda of [0.5, 3, 12, 250, 50_000]) {
    it(`has mean and variance ${lambda}`, () => {
      const u = new UniformStream(lambda * 7 + 1);
      const n = 20_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const k = poisson(lambda, u);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        sum += k;
        sq += k * k;
      }
      const mean = sum / n;
      const variance = sq / n - mean * mean;
      // Standard error of the mean is sqrt(lambda / n); allow 5 of them.
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.06);
    });
  }

  it('cell bootstrap repeats with a seed and keeps empty cells empty', () => {
    const counts = Float64Array.from([10, 0, 300, 5000]);
    const a = cellBootstrap(counts, 50, 4);
    expect(cellBootstrap(counts, 50, 4)).toEqual(a);
    expect(a.every((r) => r[1] === 0)).toBe(true);
    expect(cellBootstrap(counts, 50, 5)).not.toEqual(a);
  });

  it('gives the same intervals as the per-row bootstrap, up to Monte Carlo error', () => {
    const records = Array.from({ length: 6000 }, (_, i) => ({
      g: i % 3 === 0 ? 'b' : 'a',
      y: (i * 7) % 10 < 4 ? '1' : '0',
      p: (i * 13) % 10 < 5 ? '1' : '0',
    }));
    const mapping = { prediction: 'p', outcome: 'y', groups: ['g'] };
    const rows = auditRecordsSync(records, { mapping, bootstrap: 1000, seed: 2 });
    const cells = auditRecordsSync(records, { mapping, bootstrap: 1000, seed: 2, bootstrapMethod: 'cells' });
    expect(cells.settings.intervalMethod).toContain('per cell');
    for (const [x, y] of [
      [rows.groups[0]!.intervals.fpr!, cells.groups[0]!.intervals.fpr!],
      [rows.disparities[0]!.interval!, cells.disparities[0]!.interval!],
    ] as const) {
      const w1 = x.upper - x.lower;
      const w2 = y.upper - y.lower;
      expect(Math.abs(w1 / w2 - 1)).toBeLessThan(0.15);
      expect(Math.abs((x.upper + x.lower) / 2 - (y.upper + y.lower) / 2)).toBeLessThan(0.15 * w1);
    }
  });
});
