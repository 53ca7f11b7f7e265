import { describe, expect, it } from 'vitest';
import { at, tinyInput } from '../testing.ts';
import { formatMinutes, MINUTES_PER_DAY, minutesOf } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { expectedHits, innerFolds, selectBluelampSettings } from './bluelamp-select.ts';

describe('innerFolds', () => {
  it('uses calendar months for month-resolution data, latest first, whole folds within a quarter of the span', () => {
    const events = Array.from({ length: 12 }, (_, m) => at(0, 0, minutesOf(2021, m + 2, 1)));
    const folds = innerFolds(events, minutesOf(2022, 2, 1), 0.25);
    expect(folds.map(([a, b]) => `${formatMinutes(a)}/${formatMinutes(b)}`)).toEqual([
      '2022-01-01T00:00/2022-02-01T00:00',
      '2021-12-01T00:00/2022-01-01T00:00',
    ]); // three months (92 days) are more than a quarter of the 365-day span
  });

  it('uses weeks otherwise', () => {
    const t0 = minutesOf(2019, 1, 1);
    const events = [at(0, 0, t0 - 56 * MINUTES_PER_DAY), at(0, 0, t0 - 1)];
    expect(innerFolds(events, t0, 0.25).map(([a]) => (t0 - a) / MINUTES_PER_DAY)).toEqual([7, 14]);
  });
});

describe('expectedHits', () => {
  it('shares the hits of cells tied at the threshold', () => {
    const risk = Float64Array.from([5, 3, 3, 3, 1]);
    const tests = Float64Array.from([2, 3, 0, 0, 9]);
    expect(expectedHits(risk, tests, 2, new Float64Array(5))).toBeCloseTo(2 + 3 / 3, 12);
    expect(expectedHits(risk, tests, 4, new Float64Array(5))).toBe(5);
  });
});

describe('selectBluelampSettings', () => {
  const t0 = minutesOf(2020, 1, 1);
  const week = 7 * MINUTES_PER_DAY;

  it('keeps plain counts when the same cells stay hot all year', () => {
    const events: CrimeEvent[] = [];
    for (let w = 52; w >= 1; w--) {
      events.push(at(0, 0, t0 - w * week + 60), at(0, 0, t0 - w * week + 61), at(5, 3, t0 - w * week + 120));
      if (w > 40) events.push(at(2, 2, t0 - w * week + 180));
    }
    // 24 study cells: 5% coverage selects one cell.
    const s = selectBluelampSettings(tinyInput(events, t0, { ncols: 6, nrows: 4 }));
    expect(s.recencyWeight).toBe(0);
    expect(s.smoothing).toBe(0);
  });

  it('turns the recency boost on when hot spots move', () => {
    const events: CrimeEvent[] = [];
    for (let w = 52; w >= 1; w--) {
      // A long-run hot spot that goes quiet, and a new one that starts 15 weeks ago.
      if (w > 20) events.push(at(0, 0, t0 - w * week + 60));
      if (w <= 15) events.push(at(5, 3, t0 - w * week + 60), at(5, 3, t0 - w * week + 61));
      events.push(at(w % 6, 1, t0 - w * week + 90));
    }
    const s = selectBluelampSettings(tinyInput(events, t0, { ncols: 6, nrows: 4 }));
    expect(s.recencyWeight).toBeGreaterThan(0);
  });
});
