import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aucFromHistogram } from './auc.ts';
import { ScoreHistogram } from './histogram.ts';

/** Brute-force Mann-Whitney AUC over all positive-negative pairs. */
function bruteAuc(scores: number[], outcomes: number[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (outcomes[i] !== 1) return;
    scores.forEach((t, j) => {
      if (outcomes[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

function histogramAuc(scores: number[], outcomes: number[]): number | null {
  const h = new ScoreHistogram();
  scores.forEach((s, i) => {
    h.add(0, s, outcomes[i]!);
  });
  const sum = h.summary(1);
  return aucFromHistogram(sum.positives[0]!, sum.negatives[0]!);
}

describe('AUC from score histograms', () => {
  it('is exact for distinct score values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (rows) => {
          const scores = rows.map((r) => r[0]);
          const outcomes = rows.map((r) => r[1]);
          const a = histogramAuc(scores, outcomes);
          const b = bruteAuc(scores, outcomes);
          if (b === null) expect(a).toBeNull();
          else expect(a).toBeCloseTo(b, 12);
        },
      ),
    );
  });

  it('switches to bins for continuous scores and stays close to exact, growing its range both ways', () => {
    let s = 99;
    const next = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    const scores: number[] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 6000; i++) {
      const y = next() < 0.4 ? 1 : 0;
      // Start in [0, 1), then wander outside on both sides to force range doubling.
      const spread = i < 3000 ? 1 : 8;
      scores.push((next() - (i < 3000 ? 0 : 0.5)) * spread + y * 0.3);
      outcomes.push(y);
    }
    const h = new ScoreHistogram();
    scores.forEach((x, i) => {
      h.add(0, x, outcomes[i]!);
    });
    expect(h.summary(1).mode).toBe('binned');
    const a = histogramAuc(scores, outcomes)!;
    const b = bruteAuc(scores, outcomes)!;
    expect(Math.abs(a - b)).toBeLessThan(0.005);
    const total = h.summary(1);
    expect(
      total.positives[0]!.reduce((x, y) => x + y, 0) + total.negatives[0]!.reduce((x, y) => x + y, 0),
    ).toBe(6000);
  });
});
