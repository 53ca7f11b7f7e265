import type { ForecastInput } from './types.ts';
import { eventCells } from './types.ts';

/**
 * Counting grid (open_cp `naive.CountingGridKernel`): risk = number of training events in the
 * cell, or the sum of per-event `weights` when given.
 */
export function naive(input: ForecastInput, weights?: readonly number[]): Float64Array {
  const { grid, positionOf, cells } = input.study;
  const risk = new Float64Array(cells.length);
  const { gx, gy } = eventCells(input);
  for (let i = 0; i < gx.length; i++) {
    if ((gx[i] as number) < 0) continue;
    const p = positionOf[(gy[i] as number) * grid.ncols + (gx[i] as number)] as number;
    if (p >= 0) risk[p] = (risk[p] as number) + (weights ? (weights[i] as number) : 1);
  }
  return risk;
}
