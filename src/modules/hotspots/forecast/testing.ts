import type { RiskSurface } from '../types.ts';

/** A surface over every cell of an ncols × nrows grid of `cellSize` m at (x0, y0), risk from `riskOf(gx, gy)`. */
export function surfaceOf(
  ncols: number,
  nrows: number,
  riskOf: (gx: number, gy: number) => number,
  options: {
    cellSize?: number;
    x0?: number;
    y0?: number;
    crs?: string;
    keep?: (gx: number, gy: number) => boolean;
  } = {},
): RiskSurface {
  const cells: number[] = [];
  const risk: number[] = [];
  for (let gy = 0; gy < nrows; gy++) {
    for (let gx = 0; gx < ncols; gx++) {
      if (options.keep && !options.keep(gx, gy)) continue;
      cells.push(gy * ncols + gx);
      risk.push(riskOf(gx, gy));
    }
  }
  return {
    grid: {
      x0: options.x0 ?? 530_000,
      y0: options.y0 ?? 180_000,
      cellSize: options.cellSize ?? 150,
      ncols,
      nrows,
    },
    crs: options.crs ?? 'EPSG:27700',
    cells: Int32Array.from(cells),
    risk: Float64Array.from(risk),
  };
}
