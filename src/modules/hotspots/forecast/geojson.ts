import { cellCentre } from '../grid.ts';
import type { RiskSurface } from '../types.ts';
import { lonLatConverter } from './crs.ts';
import type { ForecastPeriod } from './model.ts';

/** What every feature of a forecast says about where it came from. */
export interface ForecastMeta {
  method: string;
  crimeTypes: string[];
  period: ForecastPeriod;
  /** Statements that must travel with the data (data-source caveats, public-version notice). */
  notices: string[];
}

export interface CellProperties {
  cell: number;
  /** Rank among the selected hot spots (1 = highest risk), null when not selected. */
  rank: number | null;
  selected: boolean;
  risk: number;
  crimeTypes: string[];
  period: ForecastPeriod;
  method: string;
}

export interface CellFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  properties: CellProperties;
}

export interface ForecastFeatureCollection {
  type: 'FeatureCollection';
  features: CellFeature[];
  /** Foreign member (RFC 7946 section 6.1): the forecast's metadata and notices. */
  forecast: ForecastMeta & { crs: string; cellSize: number };
}

/**
 * A GeoJSON FeatureCollection (RFC 7946) of the selected cells, hot spot rank order, and with
 * `allCells` every other study-area cell after them. Each cell is a polygon whose four grid
 * corners are converted to WGS84 longitude/latitude, anticlockwise as RFC 7946 section 3.1.6
 * asks, rounded to 7 decimals (about 1 cm). The projected square becomes a very slightly curved
 * quadrilateral, which is exact at the corners.
 */
export function forecastGeoJson(
  surface: RiskSurface,
  selected: ArrayLike<number>,
  meta: ForecastMeta,
  options: { allCells?: boolean } = {},
): ForecastFeatureCollection {
  const conv = lonLatConverter(surface.crs);
  const size = surface.grid.cellSize;
  const riskOf = new Map<number, number>();
  surface.cells.forEach((c, i) => {
    riskOf.set(c, surface.risk[i] ?? 0);
  });
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  const feature = (cell: number, rank: number | null): CellFeature => {
    const [x, y] = cellCentre(surface.grid, cell);
    const h = size / 2;
    const corners: Array<[number, number]> = [
      [x - h, y - h],
      [x + h, y - h],
      [x + h, y + h],
      [x - h, y + h],
      [x - h, y - h],
    ];
    const ring = corners.map(([cx, cy]) => conv.toLonLat(cx, cy).map(round));
    return {
      type: 'Feature',
      id: cell,
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: {
        cell,
        rank,
        selected: rank !== null,
        risk: riskOf.get(cell) ?? 0,
        crimeTypes: meta.crimeTypes,
        period: meta.period,
        method: meta.method,
      },
    };
  };
  const features: CellFeature[] = [];
  const chosen = new Set<number>();
  Array.from(selected).forEach((cell, i) => {
    chosen.add(cell);
    features.push(feature(cell, i + 1));
  });
  if (options.allCells) {
    for (const cell of surface.cells) if (!chosen.has(cell)) features.push(feature(cell, null));
  }
  return {
    type: 'FeatureCollection',
    features,
    forecast: { ...meta, crs: surface.crs, cellSize: size },
  };
}
