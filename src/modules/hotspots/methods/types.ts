import type { StudyArea } from '../grid.ts';
import type { CrimeEvent } from '../types.ts';

/**
 * What every forecasting method sees: the training events (time order, all inside the grid,
 * every one with `t < t0`), the study area and the prediction time t0 (minutes).
 */
export interface ForecastInput {
  events: readonly CrimeEvent[];
  study: StudyArea;
  t0: number;
}

/** A method: a pure function from training data to a risk per study cell (parallel to `study.cells`). */
export type ForecastMethod<Settings = undefined> = (
  input: ForecastInput,
  settings?: Settings,
) => Float64Array;

/** Column and row of each event's cell (events outside the grid get -1). */
export function eventCells(input: ForecastInput): { gx: Int32Array; gy: Int32Array } {
  const { grid } = input.study;
  const n = input.events.length;
  const gx = new Int32Array(n);
  const gy = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const e = input.events[i] as CrimeEvent;
    const x = Math.floor((e.x - grid.x0) / grid.cellSize);
    const y = Math.floor((e.y - grid.y0) / grid.cellSize);
    const inside = x >= 0 && y >= 0 && x < grid.ncols && y < grid.nrows;
    gx[i] = inside ? x : -1;
    gy[i] = inside ? y : -1;
  }
  return { gx, gy };
}

/**
 * Adds `weight(dx, dy)` to every study cell within `reach` cells (Chebyshev) of each event's
 * cell, where (dx, dy) are the cell offsets. The shared loop of the kernel methods.
 */
export function spread(
  input: ForecastInput,
  reach: number,
  weight: (event: number, dx: number, dy: number) => number,
  risk: Float64Array,
): void {
  const { grid, positionOf } = input.study;
  const { gx, gy } = eventCells(input);
  for (let i = 0; i < gx.length; i++) {
    const cx = gx[i] as number;
    const cy = gy[i] as number;
    if (cx < 0) continue;
    const yLo = Math.max(0, cy - reach);
    const yHi = Math.min(grid.nrows - 1, cy + reach);
    const xLo = Math.max(0, cx - reach);
    const xHi = Math.min(grid.ncols - 1, cx + reach);
    for (let y = yLo; y <= yHi; y++) {
      const row = y * grid.ncols;
      for (let x = xLo; x <= xHi; x++) {
        const p = positionOf[row + x] as number;
        if (p < 0) continue;
        const w = weight(i, x - cx, y - cy);
        if (w !== 0) risk[p] = (risk[p] as number) + w;
      }
    }
  }
}
