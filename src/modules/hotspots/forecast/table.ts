import { cellCentre } from '../grid.ts';
import type { RiskSurface } from '../types.ts';
import { lonLatConverter } from './crs.ts';
import { rankOrder, totalRisk } from './rank.ts';

/** One row of the table shown beside a map. */
export interface TopCellRow {
  rank: number;
  /** Row-major cell index. */
  cell: number;
  /** Cell centre in the grid CRS (metres). */
  easting: number;
  northing: number;
  /** Cell centre in WGS84, 6 decimals (about 0.1 m). */
  lon: number;
  lat: number;
  risk: number;
  /** Share of the surface's total risk in this cell (0 when the total is 0). */
  share: number;
}

/** The n highest-risk study-area cells, ranked as hot spots are selected (ties: larger index first). */
export function topCellsTable(surface: RiskSurface, n: number): TopCellRow[] {
  const order = rankOrder(surface);
  const total = totalRisk(surface);
  const conv = lonLatConverter(surface.crs);
  const rows: TopCellRow[] = [];
  for (let i = 0; i < Math.min(n, order.length); i++) {
    const p = order[i]!;
    const cell = surface.cells[p]!;
    const risk = surface.risk[p]!;
    const [x, y] = cellCentre(surface.grid, cell);
    const [lon, lat] = conv.toLonLat(x, y);
    rows.push({
      rank: i + 1,
      cell,
      easting: x,
      northing: y,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      risk,
      share: total > 0 ? risk / total : 0,
    });
  }
  return rows;
}
