import { studyAreaFromCells } from './grid.ts';
import type { ForecastInput } from './methods/types.ts';
import type { CrimeEvent, Grid } from './types.ts';

/** A small grid whose every cell is in the study area, for hand-computed method tests. */
export function tinyInput(events: CrimeEvent[], t0: number, grid: Partial<Grid> = {}): ForecastInput {
  const g: Grid = { x0: 0, y0: 0, cellSize: 150, ncols: 5, nrows: 5, ...grid };
  const cells = Int32Array.from({ length: g.ncols * g.nrows }, (_, k) => k);
  return { events, study: studyAreaFromCells(g, cells), t0 };
}

/** An event at the centre of cell (gx, gy) of the tiny grid. */
export function at(gx: number, gy: number, t: number, cellSize = 150): CrimeEvent {
  return { t, x: (gx + 0.5) * cellSize, y: (gy + 0.5) * cellSize, category: '' };
}
