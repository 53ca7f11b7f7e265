import { describe, expect, it } from 'vitest';
import { cellsAtCoverage, countHits, r10, rankCells } from './scoring.ts';

describe('scoring', () => {
  it('rounds to 10 significant digits so equal sums in any order tie', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(r10(0.1 + 0.2)).toBe(r10(0.3));
    expect(r10(123456.78901234)).toBe(123456.789);
    expect(r10(0)).toBe(0);
  });

  it('gives ties to the larger row-major index (open_cp top_slice)', () => {
    const rank = rankCells(Float64Array.from([1, 2, 2, 0, 2]));
    expect(Array.from(rank)).toEqual([3, 2, 1, 4, 0]);
  });

  it('counts hits at each selection size, test events outside the study area being misses', () => {
    const rank = Int32Array.from([3, 2, 1, 4, 0]);
    expect(countHits(rank, Int32Array.from([4, 2, 2, 0, -1]), [1, 2, 5])).toEqual([1, 3, 4]);
  });

  it('selects floor(N × c) cells as the protocol lists', () => {
    expect([0.01, 0.02, 0.05, 0.1, 0.2].map((c) => cellsAtCoverage(15490, c))).toEqual([
      154, 309, 774, 1549, 3098,
    ]);
    expect([0.01, 0.02, 0.05, 0.1, 0.2].map((c) => cellsAtCoverage(3194, c))).toEqual([
      31, 63, 159, 319, 638,
    ]);
  });
});
