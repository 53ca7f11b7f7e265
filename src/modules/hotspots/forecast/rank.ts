import { rankCells } from '../scoring.ts';
import type { RiskSurface } from '../types.ts';

/**
 * Positions into `surface.cells` ordered by risk, highest first, using the benchmark's ranking
 * (`rankCells` in ../scoring.ts: risks rounded to 10 significant digits, ties to the larger
 * row-major index), so a hot spot selection here matches the benchmarked one cell for cell.
 */
export function rankOrder(surface: RiskSurface): Int32Array {
  const rank = rankCells(surface.risk);
  const order = new Int32Array(rank.length);
  for (let p = 0; p < rank.length; p++) order[rank[p]!] = p;
  return order;
}

/** Sum of the risk values of a surface. */
export function totalRisk(surface: RiskSurface): number {
  let sum = 0;
  for (const r of surface.risk) sum += r;
  return sum;
}
