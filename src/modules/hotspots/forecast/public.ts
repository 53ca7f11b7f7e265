import type { RiskSurface } from '../types.ts';
import { dayNumber, type ForecastPeriod, forecastError } from './model.ts';

/**
 * Public versions of a forecast: coarse and late, so a published map cannot point at a street or
 * a house, nor tell anyone where patrols are going tonight.
 *
 * Only square grids are offered. Publishing by LSOA (the ONS Lower layer Super Output Areas the
 * police.uk records name) would need LSOA boundary polygons, which Bluelamp does not hold; the
 * records only carry each LSOA's code and name, not its shape.
 */
export interface PublicPolicy {
  /** Smallest public cell side in metres; never below `PUBLIC_MIN_CELL_SIZE`. */
  cellSize: number;
  /** A period may be published only once this many days have passed since it ended. */
  delayDays: number;
}

/** The floor on public resolution, whatever a force configures. */
export const PUBLIC_MIN_CELL_SIZE = 500;

export const DEFAULT_PUBLIC_POLICY: PublicPolicy = { cellSize: 500, delayDays: 28 };

export interface PublicRequest {
  /** Cell side asked for, metres (default: the policy's). */
  cellSize?: number;
  period: ForecastPeriod;
  /** Today's date, `YYYY-MM-DD` (passed in, so the rule is testable). */
  today: string;
}

export interface PublicSurface {
  surface: RiskSurface;
  period: ForecastPeriod;
  /** Plain-words statement of how the public version was made. */
  notice: string;
}

/**
 * Aggregates a surface to a coarse grid whose lines fall on multiples of the coarse cell size.
 * Each fine cell's risk is shared among the coarse cells it overlaps in proportion to the overlap
 * area (risk is treated as spread evenly over the cell), so totals are preserved whether or not the
 * coarse size is a multiple of the fine one. Coarse study-area cells are those any fine study-area
 * cell overlaps.
 */
export function aggregateSurface(surface: RiskSurface, cellSize: number): RiskSurface {
  const { grid } = surface;
  if (!(cellSize >= grid.cellSize)) {
    throw forecastError(
      'invalid-input',
      `coarse cell size ${cellSize} m is finer than the grid's ${grid.cellSize} m`,
    );
  }
  const x0 = Math.floor(grid.x0 / cellSize) * cellSize;
  const y0 = Math.floor(grid.y0 / cellSize) * cellSize;
  const ncols = Math.ceil((grid.x0 + grid.ncols * grid.cellSize - x0) / cellSize);
  const nrows = Math.ceil((grid.y0 + grid.nrows * grid.cellSize - y0) / cellSize);
  const sums = new Map<number, number>();
  /** Coarse indices and overlap fractions of the fine interval [a, a + f) along one axis. */
  const overlaps = (a: number, origin: number): Array<[number, number]> => {
    const f = grid.cellSize;
    const out: Array<[number, number]> = [];
    for (let i = Math.floor((a - origin) / cellSize); origin + i * cellSize < a + f; i++) {
      const lo = Math.max(a, origin + i * cellSize);
      const hi = Math.min(a + f, origin + (i + 1) * cellSize);
      if (hi > lo) out.push([i, (hi - lo) / f]);
    }
    return out;
  };
  for (let k = 0; k < surface.cells.length; k++) {
    const cell = surface.cells[k] ?? 0;
    const gx = cell % grid.ncols;
    const gy = Math.floor(cell / grid.ncols);
    const risk = surface.risk[k] ?? 0;
    for (const [cy, fy] of overlaps(grid.y0 + gy * grid.cellSize, y0)) {
      for (const [cx, fx] of overlaps(grid.x0 + gx * grid.cellSize, x0)) {
        const idx = cy * ncols + cx;
        sums.set(idx, (sums.get(idx) ?? 0) + risk * fx * fy);
      }
    }
  }
  const cells = Int32Array.from([...sums.keys()].sort((a, b) => a - b));
  return {
    grid: { x0, y0, cellSize, ncols, nrows },
    crs: surface.crs,
    cells,
    risk: Float64Array.from(cells, (c) => sums.get(c) ?? 0),
  };
}

/**
 * Refuses a public request that is too fine (`public-resolution-too-fine`: below the policy's cell
 * size, itself never below 500 m) or too fresh (`public-period-too-recent`: the period ended less
 * than `delayDays` days before `today`). Returns the cell size to use.
 */
export function checkPublicRequest(
  request: PublicRequest,
  policy: PublicPolicy = DEFAULT_PUBLIC_POLICY,
): number {
  if (!(policy.cellSize >= PUBLIC_MIN_CELL_SIZE)) {
    throw forecastError(
      'invalid-policy',
      `public policy: cellSize must be at least ${PUBLIC_MIN_CELL_SIZE} m, got ${policy.cellSize}`,
    );
  }
  if (!(Number.isInteger(policy.delayDays) && policy.delayDays >= 0)) {
    throw forecastError(
      'invalid-policy',
      `public policy: delayDays must be a whole number >= 0, got ${policy.delayDays}`,
    );
  }
  const cellSize = request.cellSize ?? policy.cellSize;
  if (!(cellSize >= policy.cellSize)) {
    throw forecastError(
      'public-resolution-too-fine',
      `refused: public maps use cells of at least ${policy.cellSize} m; ${cellSize} m was asked for`,
    );
  }
  const end = dayNumber(request.period.end, 'period end');
  const today = dayNumber(request.today, 'today');
  const earliest = end + policy.delayDays;
  if (today < earliest) {
    const date = new Date(earliest * 86_400_000).toISOString().slice(0, 10);
    throw forecastError(
      'public-period-too-recent',
      `refused: the period ending ${request.period.end} may be published only ${policy.delayDays} days after ` +
        `it ends, from ${date}`,
    );
  }
  return cellSize;
}

/**
 * The public version of a forecast, or a refusal (see `checkPublicRequest`).
 */
export function publicSurface(
  surface: RiskSurface,
  request: PublicRequest,
  policy: PublicPolicy = DEFAULT_PUBLIC_POLICY,
): PublicSurface {
  const cellSize = checkPublicRequest(request, policy);
  const coarse = aggregateSurface(surface, cellSize);
  const notice =
    `Public version: forecast risk summed over ${cellSize} m squares, for a period that ended at least ` +
    `${policy.delayDays} days ago. It does not show where patrols are going now.`;
  return { surface: coarse, period: request.period, notice };
}
