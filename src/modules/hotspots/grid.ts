import type { CrimeEvent, Grid } from './types.ts';

/**
 * The protocol grid (PROTOCOL.md section 2): the lower-left corner snapped down to a multiple of
 * the cell size, just large enough to hold every event.
 */
export function buildGrid(events: ArrayLike<{ x: number; y: number }>, cellSize: number): Grid {
  if (events.length === 0) throw new Error('cannot build a grid without events');
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as { x: number; y: number };
    if (e.x < minX) minX = e.x;
    if (e.x > maxX) maxX = e.x;
    if (e.y < minY) minY = e.y;
    if (e.y > maxY) maxY = e.y;
  }
  const x0 = Math.floor(minX / cellSize) * cellSize;
  const y0 = Math.floor(minY / cellSize) * cellSize;
  return {
    x0,
    y0,
    cellSize,
    ncols: Math.floor((maxX - x0) / cellSize) + 1,
    nrows: Math.floor((maxY - y0) / cellSize) + 1,
  };
}

/** Row-major cell index of a point, or -1 outside the grid. */
export function cellOf(grid: Grid, x: number, y: number): number {
  const gx = Math.floor((x - grid.x0) / grid.cellSize);
  const gy = Math.floor((y - grid.y0) / grid.cellSize);
  if (gx < 0 || gy < 0 || gx >= grid.ncols || gy >= grid.nrows) return -1;
  return gy * grid.ncols + gx;
}

/** Centre of a cell. */
export function cellCentre(grid: Grid, cell: number): [number, number] {
  const gx = cell % grid.ncols;
  const gy = (cell - gx) / grid.ncols;
  return [grid.x0 + (gx + 0.5) * grid.cellSize, grid.y0 + (gy + 0.5) * grid.cellSize];
}

/**
 * The cells that can be ranked, with a lookup from row-major index to position. Built once per
 * data set and shared by every period and method.
 */
export interface StudyArea {
  grid: Grid;
  /** Row-major indices, ascending. */
  cells: Int32Array;
  /** Position of each grid cell in `cells`, or -1 when the cell is outside the study area. */
  positionOf: Int32Array;
}

export function studyAreaFromCells(grid: Grid, cells: Int32Array): StudyArea {
  const positionOf = new Int32Array(grid.ncols * grid.nrows).fill(-1);
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k] as number;
    if (k > 0 && c <= (cells[k - 1] as number)) throw new Error('study cells must be strictly ascending');
    positionOf[c] = k;
  }
  return { grid, cells, positionOf };
}

/**
 * The study area of PROTOCOL.md section 3: every cell holding at least one event (of any type)
 * strictly before `before` (minutes).
 */
export function maskBefore(grid: Grid, events: readonly CrimeEvent[], before: number): StudyArea {
  const seen = new Uint8Array(grid.ncols * grid.nrows);
  let count = 0;
  for (const e of events) {
    if (e.t >= before) continue;
    const c = cellOf(grid, e.x, e.y);
    if (c >= 0 && seen[c] === 0) {
      seen[c] = 1;
      count++;
    }
  }
  const cells = new Int32Array(count);
  let k = 0;
  for (let c = 0; c < seen.length; c++) if (seen[c] === 1) cells[k++] = c;
  return studyAreaFromCells(grid, cells);
}
