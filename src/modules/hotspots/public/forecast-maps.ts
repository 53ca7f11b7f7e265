import { lonLatConverter } from '../forecast/crs.ts';
import type { MapLabel } from '../forecast/labels.ts';
import {
  type CrimeTypeStatement,
  describePeriod,
  ForecastError,
  type ForecastPeriod,
  POLICE_UK_NOTICE,
} from '../forecast/model.ts';
import { checkPublicRequest, DEFAULT_PUBLIC_POLICY, publicSurface } from '../forecast/public.ts';
import { totalRisk } from '../forecast/rank.ts';
import { renderRiskMap } from '../forecast/svg.ts';
import { topCellsTable } from '../forecast/table.ts';
import { cellCentre } from '../grid.ts';
import type { HotspotsInput } from '../oversight/hotspot-run.ts';
import {
  forecastPeriod,
  forecastSurface,
  type HotspotsOutput,
  isPoliceUk,
  mapMaxGap,
  statedRunCrimeTypes,
} from '../oversight/hotspot-view.ts';
import type { RiskSurface } from '../types.ts';

/**
 * Public versions of released hot spot forecasts (pure): the forecast's risk summed over squares
 * of at least 500 m (the public policy), shown only once its period ended at least the policy's
 * delay ago, as shares of the forecast risk. Nothing finer leaves here: no 150 m cell, cell
 * number, raw risk value or recorded event, only squares, shares, periods and crime types.
 */

export const PUBLIC_POLICY = DEFAULT_PUBLIC_POLICY;

/** How many squares the table beside each public map lists. */
export const PUBLIC_TOP_SQUARES = 10;

/** Whether a forecast period may be published on `today` (`YYYY-MM-DD`) under the policy. */
export function periodIsPublic(period: ForecastPeriod, today: string): boolean {
  try {
    checkPublicRequest({ period, today }, PUBLIC_POLICY);
    return true;
  } catch (error) {
    if (error instanceof ForecastError && error.code === 'public-period-too-recent') return false;
    throw error;
  }
}

/** The first day (`YYYY-MM-DD`) a period may be published under the policy. */
export function publicFrom(period: ForecastPeriod): string {
  const end = Date.parse(`${period.end}T00:00:00Z`);
  return new Date(end + PUBLIC_POLICY.delayDays * 86_400_000).toISOString().slice(0, 10);
}

/** The statement every public map carries, in plain words: what it is and what it is not. */
export function publicStatement(cellSize: number = PUBLIC_POLICY.cellSize): string {
  return (
    `This is a ${cellSize} m summary of a forecast that a named supervisor reviewed and released, ` +
    `published at least ${PUBLIC_POLICY.delayDays} days after the period it covered. Each square shows its share ` +
    'of the forecast risk. It does not show where patrols are going now, and a high share is a reason to ' +
    'look, not evidence about any person or place.'
  );
}

/** A surface whose values are each cell's share of the total, in per cent (zeros if no risk). */
export function asShares(surface: RiskSurface): RiskSurface {
  const total = totalRisk(surface);
  return {
    ...surface,
    risk: Float64Array.from(surface.risk, (r) => (total > 0 ? (100 * r) / total : 0)),
  };
}

/** A share in per cent for people: one decimal, "under 0.1%" for the smallest. */
export function shareText(percent: number): string {
  if (percent > 0 && percent < 0.05) return 'under 0.1%';
  return `${percent.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

export interface PublicSquareRow {
  rank: number;
  /** Centre of the square in British National Grid metres (rounded). */
  easting: number;
  northing: number;
  /** Centre in WGS84, 4 decimals (about 10 m; the square is 500 m wide). */
  lat: string;
  lon: string;
  share: string;
}

export interface PublicGeoJsonFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  properties: {
    /** Rank among the squares with forecast risk (1 = largest share), null without risk. */
    rank: number | null;
    /** Share of the forecast risk, per cent, 2 decimals. */
    sharePercent: number;
  };
}

export interface PublicGeoJson {
  type: 'FeatureCollection';
  features: PublicGeoJsonFeature[];
  /** Foreign member (RFC 7946 section 6.1): what the map is and where it came from. */
  forecast: {
    reference: string;
    period: ForecastPeriod;
    crimeTypes: string[];
    method: string;
    cellSize: number;
    delayDays: number;
    statement: string;
    notices: string[];
  };
}

export interface PublicForecastMap {
  reference: string;
  period: ForecastPeriod;
  periodText: string;
  crimeTypes: CrimeTypeStatement;
  cellSize: number;
  /** Coarse squares of the study area (with recorded crime before the forecast). */
  squares: number;
  statement: string;
  notices: string[];
  svg: string;
  rows: PublicSquareRow[];
  geojson: PublicGeoJson;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The public version of a released forecast, or a `ForecastError` (`public-period-too-recent`)
 * when its period ended less than the policy's delay before `today`.
 */
export function publicForecastMap(
  output: HotspotsOutput,
  input: HotspotsInput | null,
  options: { reference: string; today: string; labels?: readonly MapLabel[] },
): PublicForecastMap {
  const period = forecastPeriod(output.t0);
  const pub = publicSurface(forecastSurface(output, input), { period, today: options.today }, PUBLIC_POLICY);
  const surface = asShares(pub.surface);
  const cellSize = surface.grid.cellSize;
  const crimeTypes = statedRunCrimeTypes(output, input);
  const statement = publicStatement(cellSize);
  const notices = [
    ...(isPoliceUk(input) ? [POLICE_UK_NOTICE] : []),
    pub.notice,
    `Colours and the legend show each ${cellSize} m square's share of the forecast risk, in per cent. ` +
      'A high share is a reason to look, not evidence about any person or place.',
  ];
  const top = topCellsTable(surface, PUBLIC_TOP_SQUARES).filter((r) => r.risk > 0);
  const types = crimeTypes.allTypes ? 'all crime types' : crimeTypes.used.join(', ');
  const svg = renderRiskMap(surface, {
    focus: top.map((r) => r.cell),
    crimeTypes,
    period,
    method: output.method,
    // The page states the caveats once, beside the maps; the picture does not repeat them.
    notices: [],
    maxGap: mapMaxGap(surface),
    labels: options.labels ?? [],
    title: `Past forecast (public version): ${types}`,
    idPrefix: `public-map-${options.reference.toLowerCase()}`,
  });
  const rows = top.map((r) => ({
    rank: r.rank,
    easting: Math.round(r.easting),
    northing: Math.round(r.northing),
    lat: r.lat.toFixed(4),
    lon: r.lon.toFixed(4),
    share: shareText(r.risk),
  }));
  // The legend reads the values as what they are here: shares, not the forecast's own scores.
  const legend = svg
    .replace('>Forecast risk</text>', '>Share of the forecast risk</text>')
    .replace(
      '>score per cell, higher = more crime expected</text>',
      `>per cent, per ${cellSize} m square</text>`,
    );
  return {
    reference: options.reference,
    period,
    periodText: describePeriod(period),
    crimeTypes,
    cellSize,
    squares: surface.cells.length,
    statement,
    notices,
    // Scales down with the page (max-width 100%), keeping its aspect ratio.
    svg: legend.replace('<svg ', '<svg class="bl-figure" '),
    rows,
    geojson: {
      type: 'FeatureCollection',
      features: squareFeatures(surface),
      forecast: {
        reference: options.reference,
        period,
        crimeTypes: crimeTypes.used,
        method: output.method,
        cellSize,
        delayDays: PUBLIC_POLICY.delayDays,
        statement,
        notices,
      },
    },
  };
}

/**
 * Every square of the study area as a GeoJSON polygon (WGS84, anticlockwise, 6 decimals), largest
 * share first; squares carry their rank and share only, never a cell number.
 */
function squareFeatures(surface: RiskSurface): PublicGeoJsonFeature[] {
  const conv = lonLatConverter(surface.crs);
  const h = surface.grid.cellSize / 2;
  const ranked = topCellsTable(surface, surface.cells.length);
  return ranked.map((r) => {
    const [x, y] = cellCentre(surface.grid, r.cell);
    const ring = [
      [x - h, y - h],
      [x + h, y - h],
      [x + h, y + h],
      [x - h, y + h],
      [x - h, y - h],
    ].map(([cx, cy]) => conv.toLonLat(cx!, cy!).map((v) => round(v, 6)));
    return {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { rank: r.risk > 0 ? r.rank : null, sharePercent: round(r.risk, 2) },
    };
  });
}
