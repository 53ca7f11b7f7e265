import { describe, expect, it } from 'vitest';
import { accuracy, auc, brier, calibrationByDecile } from './metrics.ts';
import { splitIndices } from './split.ts';

describe('validation metrics', () => {
  it('computes AUC as the share of correctly ordered positive/negative pairs, ties as halves', () => {
    // Positives 0.9, 0.4; negatives 0.4, 0.1. Pairs: (0.9>0.4) 1, (0.9>0.1) 1, (0.4=0.4) 0.5, (0.4>0.1) 1 -> 3.5/4
    expect(auc([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(auc([0.1, 0.2], [1, 0])).toBe(0);
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
  });

  it('computes accuracy and the Brier score', () => {
    expect(accuracy([0.9, 0.6, 0.4, 0.2], [1, 0, 0, 0])).toBe(0.75);
    // (0.1² + 0.6² + 0.4² + 0.2²) / 4 = (0.01 + 0.36 + 0.16 + 0.04) / 4 = 0.1425
    expect(brier([0.9, 0.6, 0.4, 0.2], [1, 0, 0, 0])).toBeCloseTo(0.1425, 12);
  });

  it('bins calibration by decile of predicted risk', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100);
    const y = p.map((value) => (value >= 0.5 ? 1 : 0));
    const bins = calibrationByDecile(p, y);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ decile: 1, n: 10, observedRate: 0, minPredicted: 0, maxPredicted: 0.09 });
    expect(bins[9]?.observedRate).toBe(1);
    expect(bins[9]?.meanPredicted).toBeCloseTo(0.945, 12);
  });
});

describe('seeded split', () => {
  it('is reproducible for a seed, different across seeds, and covers every row once', () => {
    const a = splitIndices(1000, 0.3, 7);
    expect(splitIndices(1000, 0.3, 7)).toEqual(a);
    expect(splitIndices(1000, 0.3, 8).heldOut).not.toEqual(a.heldOut);
    expect(a.heldOut).toHaveLength(300);
    expect(new Set([...a.train, ...a.heldOut]).size).toBe(1000);
  });
});
