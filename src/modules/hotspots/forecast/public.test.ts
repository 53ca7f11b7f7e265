import { describe, expect, it } from 'vitest';
import { ForecastError } from './model.ts';
import { aggregateSurface, publicSurface } from './public.ts';
import { surfaceOf } from './testing.ts';

const fine = surfaceOf(20, 12, (gx, gy) => 1 + gx + 2 * gy, { x0: 530_075, y0: 180_010, cellSize: 150 });
const period = { start: '2020-06-01', end: '2020-07-01' };
const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);

describe('aggregateSurface', () => {
  it('preserves total risk and aligns coarse cells to round coordinates', () => {
    const coarse = aggregateSurface(fine, 500);
    expect(sum(coarse.risk)).toBeCloseTo(sum(fine.risk), 9);
    expect(coarse.grid).toMatchObject({ x0: 530_000, y0: 180_000, cellSize: 500 });
    // 20 × 150 m from 530 075 reaches 533 075: columns 530 000..533 500, i.e. 7
    expect(coarse.grid.ncols).toBe(7);
    expect(coarse.cells.length).toBe(7 * 4);
  });

  it('shares a fine cell among coarse cells by overlap area', () => {
    const one = surfaceOf(1, 1, () => 9, { x0: 400, y0: 400, cellSize: 150 });
    const coarse = aggregateSurface(one, 500);
    // x from 400 to 550 straddles 500: 100/150 left, 50/150 right; the same along y
    const byCell = new Map(Array.from(coarse.cells, (c, i) => [c, coarse.risk[i]!]));
    expect(byCell.get(0)).toBeCloseTo(9 * (2 / 3) * (2 / 3), 12);
    expect(byCell.get(1)).toBeCloseTo(9 * (1 / 3) * (2 / 3), 12);
    expect(byCell.get(coarse.grid.ncols + 1)).toBeCloseTo(9 * (1 / 3) * (1 / 3), 12);
  });
});

describe('publicSurface', () => {
  it('publishes a coarse surface for a period past the delay', () => {
    const pub = publicSurface(fine, { period, today: '2020-07-29' });
    expect(pub.surface.grid.cellSize).toBe(500);
    expect(pub.notice).toMatch(/500 m squares.*at least 28 days ago/);
  });

  it('refuses a resolution finer than the policy, and a policy below 500 m', () => {
    const fineRequest = () => publicSurface(fine, { period, today: '2021-01-01', cellSize: 250 });
    expect(fineRequest).toThrow(/public maps use cells of at least 500 m; 250 m was asked for/);
    expect(() =>
      publicSurface(fine, { period, today: '2021-01-01', cellSize: 600 }, { cellSize: 1000, delayDays: 28 }),
    ).toThrow(/at least 1000 m/);
    expect(() =>
      publicSurface(fine, { period, today: '2021-01-01' }, { cellSize: 300, delayDays: 28 }),
    ).toThrow(/cellSize must be at least 500 m/);
    try {
      fineRequest();
    } catch (e) {
      expect((e as ForecastError).code).toBe('public-resolution-too-fine');
    }
  });

  it('refuses a period that ended less than the delay ago', () => {
    const fresh = () => publicSurface(fine, { period, today: '2020-07-28' });
    expect(fresh).toThrow(ForecastError);
    expect(fresh).toThrow(/may be published only 28 days after it ends, from 2020-07-29/);
    expect(() =>
      publicSurface(fine, { period, today: '2020-07-10' }, { cellSize: 500, delayDays: 7 }),
    ).not.toThrow();
    expect(() => publicSurface(fine, { period, today: '2020-13-01' })).toThrow(/not a date/);
  });
});
