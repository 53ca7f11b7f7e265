import { describe, expect, it } from 'vitest';
import { auditRecordsSync } from './audit.ts';
import type { AuditRecord } from './types.ts';

/** Rows with the given confusion counts for one group; scores put positives above negatives. */
function rows(group: string, tp: number, fp: number, fn: number, tn: number): AuditRecord[] {
  const make = (n: number, pred: number, out: number, score: number) =>
    Array.from({ length: n }, () => ({ group, pred: String(pred), out: String(out), score: String(score) }));
  return [...make(tp, 1, 1, 0.9), ...make(fp, 1, 0, 0.7), ...make(fn, 0, 1, 0.3), ...make(tn, 0, 0, 0.1)];
}

// Group A: TP 3, FP 1, FN 2, TN 4. Group B: TP 2, FP 2, FN 1, TN 5.
const data = [...rows('A', 3, 1, 2, 4), ...rows('B', 2, 2, 1, 5)];
const report = auditRecordsSync(data, {
  mapping: { prediction: 'pred', outcome: 'out', groups: ['group'], score: 'score' },
  reference: { group: 'A' },
  bootstrap: 0,
  minGroupSize: 5,
});
const group = (v: string) => report.groups.find((g) => g.value === v)!;
const parity = (p: string) => report.disparities.find((d) => d.value === 'B' && d.parity === p)!;

describe('per-group metrics on a hand-computed data set', () => {
  it('counts and rates for group A', () => {
    const a = group('A');
    expect([a.n, a.tp, a.fp, a.fn, a.tn]).toEqual([10, 3, 1, 2, 4]);
    expect(a.baseRate).toBeCloseTo(0.5, 12);
    expect(a.selectionRate).toBeCloseTo(0.4, 12);
    expect(a.tpr).toBeCloseTo(0.6, 12);
    expect(a.tnr).toBeCloseTo(0.8, 12);
    expect(a.fpr).toBeCloseTo(0.2, 12);
    expect(a.fnr).toBeCloseTo(0.4, 12);
    expect(a.ppv).toBeCloseTo(0.75, 12);
    expect(a.npv).toBeCloseTo(4 / 6, 12);
    expect(a.fdr).toBeCloseTo(0.25, 12);
    expect(a.for).toBeCloseTo(2 / 6, 12);
    expect(a.accuracy).toBeCloseTo(0.7, 12);
    expect(a.ppr).toBeCloseTo(0.5, 12);
    expect(a.share).toBeCloseTo(0.5, 12);
    expect(a.isReference).toBe(true);
  });

  it('counts and rates for group B', () => {
    const b = group('B');
    expect([b.n, b.tp, b.fp, b.fn, b.tn]).toEqual([10, 2, 2, 1, 5]);
    expect(b.baseRate).toBeCloseTo(0.3, 12);
    expect(b.tpr).toBeCloseTo(2 / 3, 12);
    expect(b.tnr).toBeCloseTo(5 / 7, 12);
    expect(b.fpr).toBeCloseTo(2 / 7, 12);
    expect(b.fnr).toBeCloseTo(1 / 3, 12);
    expect(b.ppv).toBeCloseTo(0.5, 12);
    expect(b.npv).toBeCloseTo(5 / 6, 12);
    expect(b.fdr).toBeCloseTo(0.5, 12);
    expect(b.for).toBeCloseTo(1 / 6, 12);
  });

  it('overall metrics and AUC', () => {
    expect([report.overall.tp, report.overall.fp, report.overall.fn, report.overall.tn]).toEqual([
      5, 3, 3, 9,
    ]);
    expect(report.overall.accuracy).toBeCloseTo(0.7, 12);
    // Group A: positives scores 0.9 x3, 0.3 x2; negatives 0.7 x1, 0.1 x4.
    // Pairs won: 0.9 beats all 5 negatives (3 x 5); 0.3 beats the four 0.1s (2 x 4) => 23 / 25.
    expect(group('A').auc).toBeCloseTo(23 / 25, 12);
  });

  it('the ten Aequitas parities of B against A, with pass/fail at tau 0.8', () => {
    expect(parity('statistical').ratio).toBeCloseTo(1, 12);
    expect(parity('impact').ratio).toBeCloseTo(1, 12);
    expect(parity('fpr').ratio).toBeCloseTo(2 / 7 / 0.2, 12);
    expect(parity('fpr').pass).toBe(false);
    expect(parity('fdr').ratio).toBeCloseTo(2, 12);
    expect(parity('for').ratio).toBeCloseTo(0.5, 12);
    expect(parity('fnr').ratio).toBeCloseTo(1 / 3 / 0.4, 12);
    expect(parity('fnr').pass).toBe(true);
    expect(parity('tpr').ratio).toBeCloseTo(2 / 3 / 0.6, 12);
    expect(parity('tnr').ratio).toBeCloseTo(5 / 7 / 0.8, 12);
    expect(parity('npv').ratio).toBeCloseTo(1.25, 12);
    expect(parity('npv').pass).toBe(true);
    expect(parity('precision').ratio).toBeCloseTo(0.5 / 0.75, 12);
    expect(parity('precision').pass).toBe(false);
    expect(report.disparities).toHaveLength(10);
  });

  it('Fairlearn summaries and the four-fifths rule', () => {
    const s = report.attributes[0]!;
    expect(s.demographicParityDifference).toBeCloseTo(0, 12);
    expect(s.demographicParityRatio).toBeCloseTo(1, 12);
    expect(s.equalizedOddsDifference).toBeCloseTo(2 / 7 - 0.2, 12);
    expect(report.fourFifths.map((f) => f.impactRatio)).toEqual([1, 1]);
  });

  it('calibration: observed outcome rate per distinct score', () => {
    const curve = report.calibration[0]!;
    expect(curve.bins.map((b) => b.label)).toEqual(['0.1', '0.3', '0.7', '0.9']);
    const a = curve.groups.find((g) => g.value === 'A')!;
    expect(a.points.map((p) => p.observedRate)).toEqual([0, 1, 0, 1]);
    expect(a.points.map((p) => p.n)).toEqual([4, 2, 1, 3]);
  });

  it('four-fifths fails and a small group is warned about', () => {
    const r = auditRecordsSync([...rows('A', 1, 0, 0, 9), ...rows('B', 5, 1, 1, 3)], {
      mapping: { prediction: 'pred', outcome: 'out', groups: ['group'] },
      bootstrap: 0,
      minGroupSize: 20,
    });
    const b = r.fourFifths.find((f) => f.value === 'B')!;
    expect(b.favourableRate).toBeCloseTo(0.4, 12);
    expect(b.impactRatio).toBeCloseTo(0.4 / 0.9, 12);
    expect(b.pass).toBe(false);
    expect(r.warnings.some((w) => w.includes('group = A has only 10 rows'))).toBe(true);
    expect(r.findings.join(' ')).toContain('cannot be judged');
  });

  it('a threshold on a numeric prediction and intersections', () => {
    const recs = [
      { p: '0.9', y: '1', a: 'x', b: 'u' },
      { p: '0.2', y: '0', a: 'x', b: 'v' },
      { p: '0.6', y: '0', a: 'y', b: 'u' },
      { p: '0.4', y: '1', a: 'y', b: 'v' },
    ];
    const r = auditRecordsSync(recs, {
      mapping: { prediction: 'p', threshold: 0.5, outcome: 'y', groups: ['a', 'b'] },
      bootstrap: 0,
      intersections: true,
    });
    expect(r.overall.tp + r.overall.fp).toBe(2);
    expect(r.groups.filter((g) => g.attribute === 'a x b').map((g) => g.value)).toEqual([
      'x x u',
      'x x v',
      'y x u',
      'y x v',
    ]);
  });
});
