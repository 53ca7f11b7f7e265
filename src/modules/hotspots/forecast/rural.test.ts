import { describe, expect, it } from 'vitest';
import { classifyRural } from './rural.ts';
import { surfaceOf } from './testing.ts';

describe('classifyRural', () => {
  it('classes sparse cells as rural and dense ones as not, by events per km² per year', () => {
    // 20 × 10 cells of 100 m; the left half has 5 events per cell per year (500/km²), the right half none
    // except a single event per cell in the far right column.
    const s = surfaceOf(20, 10, () => 1, { cellSize: 100 });
    const counts = Array.from(s.cells, (c) => {
      const gx = c % 20;
      return gx < 10 ? 10 : gx === 19 ? 1 : 0;
    });
    const r = classifyRural(s, counts, 2, { radius: 200, maxDensity: 25 });
    const at = (gx: number, gy: number) => s.cells.indexOf(gy * 20 + gx);
    expect(r.rural[at(2, 5)]).toBe(0);
    expect(r.density[at(2, 5)]).toBeCloseTo(500, 6);
    expect(r.rural[at(16, 5)]).toBe(1);
    expect(r.density[at(16, 5)]).toBe(0);
    // 5 events of the right column in a 5 × 5 block of 0.25 km² over 2 years: 10/km²/year, still rural
    expect(r.density[at(19, 5)]).toBeCloseTo((5 * 1) / 0.25 / 2, 6);
    expect(r.rural[at(19, 5)]).toBe(1);
    expect(r.description).toMatch(/25 recorded crimes per km² per year within 200 m/);
  });

  it('refuses counts that do not match the study area', () => {
    const s = surfaceOf(3, 3, () => 1);
    expect(() => classifyRural(s, [1, 2], 1)).toThrow(/2 values for 9 study-area cells/);
  });
});
