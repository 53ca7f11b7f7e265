import { describe, expect, it } from 'vitest';
import { AuditAccumulator } from './accumulator.ts';
import { auditRecords, auditRecordsSync } from './audit.ts';
import { BootstrapTally, poissonWeight, rowKey } from './bootstrap.ts';
import type { AuditRecord } from './types.ts';

/** Deterministic records: group g0/g1, outcome and prediction from a simple pattern. */
function synthetic(n: number): AuditRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    g: i % 3 === 0 ? 'g1' : 'g0',
    y: String((i * 7) % 10 < 3 ? 1 : 0),
    p: String((i * 13) % 10 < 4 ? 1 : 0),
  }));
}
const mapping = { prediction: 'p', outcome: 'y', groups: ['g'] };

describe('Poisson bootstrap', () => {
  it('draws Poisson(1) weights: mean 1, variance 1, P(0) = 1/e', () => {
    let sum = 0;
    let sq = 0;
    let zeros = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const w = poissonWeight(rowKey(42, i), i % 50);
      sum += w;
      sq += w * w;
      if (w === 0) zeros++;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(1, 1);
    expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - mean * mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(zeros / n - Math.exp(-1))).toBeLessThan(0.005);
  });

  it('gives the same counts however rows are batched', () => {
    const cells = Int32Array.from({ length: 1000 }, (_, i) => i % 5);
    const kinds = Uint8Array.from({ length: 1000 }, (_, i) => i % 4);
    const whole = new BootstrapTally(7, 0, 20);
    whole.addBatch(cells, kinds, 1000, 0);
    const pieces = new BootstrapTally(7, 0, 20);
    for (let start = 0; start < 1000; start += 37) {
      const len = Math.min(37, 1000 - start);
      pieces.addBatch(cells.subarray(start), kinds.subarray(start), len, start);
    }
    expect(pieces.byReplicate(5)).toEqual(whole.byReplicate(5));
    const split = new BootstrapTally(7, 10, 20);
    split.addBatch(cells, kinds, 1000, 0);
    expect(split.byReplicate(5)).toEqual(whole.byReplicate(5).slice(10));
    const odd = new BootstrapTally(7, 11, 17);
    odd.addBatch(cells, kinds, 1000, 0);
    expect(odd.byReplicate(5)).toEqual(whole.byReplicate(5).slice(11, 17));
  });

  it('repeats exactly with the same seed and differs with another', () => {
    const data = synthetic(3000);
    const a = auditRecordsSync(data, { mapping, bootstrap: 200, seed: 5 });
    const b = auditRecordsSync(data, { mapping, bootstrap: 200, seed: 5 });
    const c = auditRecordsSync(data, { mapping, bootstrap: 200, seed: 6 });
    expect(a.groups[0]!.intervals.fpr).toEqual(b.groups[0]!.intervals.fpr);
    expect(a.disparities[0]!.interval).toEqual(b.disparities[0]!.interval);
    expect(a.groups[0]!.intervals.fpr).not.toEqual(c.groups[0]!.intervals.fpr);
  });

  it('interval width for a proportion matches the normal approximation', () => {
    const n = 4000;
    const data = Array.from({ length: n }, (_, i) => ({ g: 'a', y: i % 10 < 3 ? '1' : '0', p: '1' }));
    const r = auditRecordsSync(data, { mapping, bootstrap: 1000, seed: 3 });
    const iv = r.groups[0]!.intervals.baseRate!;
    const expected = 2 * 1.96 * Math.sqrt((0.3 * 0.7) / n);
    expect(iv.upper - iv.lower).toBeGreaterThan(expected * 0.85);
    expect(iv.upper - iv.lower).toBeLessThan(expected * 1.15);
    expect(iv.lower).toBeLessThan(0.3);
    expect(iv.upper).toBeGreaterThan(0.3);
  });

  it('worker threads give the same intervals as the in-process bootstrap', async () => {
    const data = synthetic(5000);
    const local = auditRecordsSync(data, { mapping, bootstrap: 100, seed: 9 });
    const threaded = await auditRecords(data, { mapping, bootstrap: 100, seed: 9, workers: 2 });
    expect(threaded.groups).toEqual(local.groups);
    expect(threaded.disparities).toEqual(local.disparities);
  });

  it('keeps per-row work allocation-free: cells are interned once', () => {
    const acc = new AuditAccumulator({ attributes: ['a', 'b'] });
    const ids = new Int32Array([acc.valueId(0, 'x'), acc.valueId(1, 'y')]);
    expect(acc.cellOf(ids)).toBe(acc.cellOf(Int32Array.from(ids)));
    expect(acc.cells).toBe(1);
  });
});
