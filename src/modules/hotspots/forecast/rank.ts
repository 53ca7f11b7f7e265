import type { RiskSurface } from '../types.ts';

/**
 * Rounds to 10 significant digits so that risks equal in exact arithmetic tie exactly whatever the
 * order of floating-point summation (the `r10` rule of the hot spot benchmark protocol, section 7).
 */
export function r10(value: number): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(10));
}

/**
 * Positions into `surface.cells` ordered by risk, highest first. Ties at equal (r10) risk: the cell
 * with the larger row-major index comes first, as open_cp's `top_slice` does (protocol section 7),
 * so a selection here matches the benchmarked one cell for cell.
 */
export function rankCells(surface: RiskSurface): Int32Array {
  const n = surface.cells.length;
  const rounded = new Float64Array(n);
  for (let i = 0; i < n; i++) rounded[i] = r10(surface.risk[i] ?? 0);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) => (rounded[b] ?? 0) - (rounded[a] ?? 0) || (surface.cells[b] ?? 0) - (surface.cells[a] ?? 0),
  );
  return Int32Array.from(order);
}

/** Sum of the risk values of a surface (zero and negative values count as they are). */
export function totalRisk(surface: RiskSurface): number {
  let sum = 0;
  for (const r of surface.risk) sum += r;
  return sum;
}

/** Centre of a row-major cell index in grid coordinates. */
export function cellCentre(
  surface: RiskSurface,
  cell: number,
): { x: number; y: number; gx: number; gy: number } {
  const { grid } = surface;
  const gx = cell % grid.ncols;
  const gy = Math.floor(cell / grid.ncols);
  return { gx, gy, x: grid.x0 + (gx + 0.5) * grid.cellSize, y: grid.y0 + (gy + 0.5) * grid.cellSize };
}
