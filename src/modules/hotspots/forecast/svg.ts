import type { RiskSurface } from '../types.ts';
import { classBreaks, classColours, classOf, formatNumber } from './colour.ts';
import type { MapLabel } from './labels.ts';
import { detailExtent, mapExtent } from './map-extent.ts';
import { FONT, legendSvg } from './map-furniture.ts';
import { drawPanel } from './map-panel.ts';
import { type CrimeTypeStatement, describePeriod, type ForecastPeriod } from './model.ts';
import { esc, wrap } from './svg-text.ts';
import { topCellsTable } from './table.ts';

export interface RiskMapOptions {
  /** Row-major indices of the selected hot spot cells, rank order; outlined on the map. */
  selected?: ArrayLike<number>;
  /**
   * Cells a detail panel may zoom on when nothing is selected (e.g. the highest-risk squares of a
   * public version); they are not outlined.
   */
  focus?: ArrayLike<number>;
  crimeTypes: CrimeTypeStatement;
  period: ForecastPeriod;
  method: string;
  title?: string;
  /** Statements printed under the map (data-source caveats, public-version notice...). */
  notices?: string[];
  /** Place names in grid coordinates, highest priority first. */
  labels?: readonly MapLabel[];
  /** Most labels drawn (default 10). */
  maxLabels?: number;
  /** Total width in pixels (default 960). */
  width?: number;
  /** Number of colour classes (default 6). */
  classes?: number;
  /**
   * Widest empty gap, in metres, kept inside the map extent; study-area cells beyond a wider gap
   * are far outliers, left off the map and counted in the caption (default 10 000).
   */
  maxGap?: number;
  /** Prefix of element ids, unique per page (default 'hotspot-map'). */
  idPrefix?: string;
}

const LEGEND_W = 250;
const PAD = 16;

/**
 * A heat map of a risk surface as a self-contained SVG (no external tiles or fonts). Study-area
 * cells are light grey; cells with positive risk take one of `classes` quantile colour classes of
 * reversed viridis, with a numeric legend; selected hot spots are outlined black-on-white so the
 * outline shows on every colour; a scale bar, a grid-north arrow, a caption with the crime types,
 * period and notices, and place labels placed without overlap. When the hot spots sit in a small
 * part of the study area (their surroundings under 40% of the map's width and height), a second
 * panel shows them in detail, its area boxed on the overview, and the labels go there.
 * Cells are merged into one path per colour class, runs of neighbouring cells in a row becoming
 * one rectangle, so a 10,000-cell study area stays small. Accessible: role="img" with a <title>
 * and a <desc> summary.
 */
export function renderRiskMap(surface: RiskSurface, options: RiskMapOptions): string {
  const { grid } = surface;
  const id = options.idPrefix ?? 'hotspot-map';
  const width = options.width ?? 960;
  const selected = Array.from(options.selected ?? []);
  const extent = mapExtent(surface, Math.ceil((options.maxGap ?? 10_000) / grid.cellSize));
  const singleCellPx =
    grid.cellSize *
    Math.min(
      (width - 3 * PAD - LEGEND_W) / ((extent.gx1 - extent.gx0 + 1) * grid.cellSize),
      720 / ((extent.gy1 - extent.gy0 + 1) * grid.cellSize),
    );
  const panelW = (width - 3 * PAD) / 2;
  const focus = selected.length > 0 ? selected : Array.from(options.focus ?? []);
  const detailed = detailExtent(focus, grid, extent, singleCellPx, Math.floor(panelW / 8));
  const what = selected.length > 0 ? 'hot spots' : 'highest-risk cells';
  const detailTitle =
    detailed?.kind === 'all' ? `Detail: the ${what}` : `Detail: the densest cluster of ${what}`;
  const detail = detailed?.extent;

  // Header: title, and a banner when the forecast uses one crime type only.
  const title = options.title ?? `Forecast hot spots: ${shortTypes(options.crimeTypes)}`;
  const banner = options.crimeTypes.singleType ? options.crimeTypes.notice : null;
  let y = PAD + 22;
  const header: string[] = [
    `<text x="${PAD}" y="${y}" font-size="22" font-weight="bold" ${FONT}>${esc(title)}</text>`,
  ];
  y += 10;
  if (banner) {
    const lines = wrap(banner, Math.floor((width - 2 * PAD - 20) / 9.5));
    const h = lines.length * 20 + 12;
    header.push(`<rect x="${PAD}" y="${y}" width="${width - 2 * PAD}" height="${h}" fill="#1d1d1b" rx="3"/>`);
    lines.forEach((line, i) => {
      header.push(
        `<text x="${PAD + 10}" y="${y + 21 + i * 20}" font-size="16" font-weight="bold" fill="#ffffff" ${FONT}>${esc(line)}</text>`,
      );
    });
    y += h;
  }
  const top = y + (detail ? 30 : 12);

  const breaks = classBreaks(surface.risk, options.classes ?? 6);
  const colours = breaks.length >= 2 ? classColours(breaks.length - 1) : [];
  const classes = Int8Array.from(surface.risk, (r) => classOf(r, breaks));
  const common = { surface, classes, colours, selected };
  const maxLabels = options.maxLabels ?? 10;
  const panels: string[] = [];
  let placed: string[] = [];
  let mapBottom: number;
  let legendX: number;
  let legendTop: number;
  let captionX = PAD;
  if (detail) {
    const overview = drawPanel({ ...common, extent, x: PAD, top, maxW: panelW, maxH: 520, box: detail });
    const zoom = drawPanel({
      ...common,
      extent: detail,
      x: 2 * PAD + panelW,
      top,
      maxW: panelW,
      maxH: 520,
      labels: options.labels ?? [],
      maxLabels,
    });
    panels.push(
      `<text x="${PAD}" y="${top - 8}" font-size="14" font-weight="bold" ${FONT}>Whole study area</text>`,
      `<text x="${2 * PAD + panelW}" y="${top - 8}" font-size="14" font-weight="bold" ${FONT}>${detailTitle} (boxed on the left)</text>`,
      overview.svg,
      zoom.svg,
    );
    placed = zoom.labels;
    mapBottom = Math.max(overview.bottom, zoom.bottom);
    legendX = PAD;
    legendTop = mapBottom + 16;
    captionX = PAD + LEGEND_W + 2 * PAD;
  } else {
    const panel = drawPanel({
      ...common,
      extent,
      x: PAD,
      top,
      maxW: width - 3 * PAD - LEGEND_W,
      maxH: 720,
      labels: options.labels ?? [],
      maxLabels,
    });
    panels.push(panel.svg);
    placed = panel.labels;
    mapBottom = panel.bottom;
    legendX = PAD * 2 + (panel.right - PAD);
    legendTop = top;
  }
  const legend = legendSvg(breaks, colours, selected.length, surface.cells.length, legendX, legendTop);

  // Caption: below the map, or beside the legend when the legend sits below the panels.
  const captionLines = [
    `Crime types: ${options.crimeTypes.notice}`,
    `Forecast period: ${describePeriod(options.period)}. Method: ${options.method}. Grid cells: ${formatNumber(grid.cellSize)} m, ${surface.crs}.`,
    ...(options.notices ?? []),
    ...(extent.hidden > 0
      ? [`${extent.hidden} outlying study-area cells lie outside this map and are not drawn.`]
      : []),
  ];
  let cy = detail ? legendTop + 14 : Math.max(mapBottom, legend.bottom) + 26;
  const caption: string[] = [];
  captionLines.forEach((text, i) => {
    for (const line of wrap(text, Math.floor((width - captionX - PAD) / 7.4))) {
      caption.push(
        `<text x="${captionX}" y="${cy}" font-size="13" ${FONT} fill="#0b0c0c"${i === 0 ? ' font-weight="bold"' : ''}>${esc(line)}</text>`,
      );
      cy += 18;
    }
    cy += 2;
  });
  const height = Math.ceil(Math.max(cy, legend.bottom) + PAD);

  const desc = describeMap(surface, options, selected, breaks, extent.hidden, placed);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...header,
    ...panels,
    legend.svg,
    ...caption,
    '</svg>',
  ].join('\n');
}

function describeMap(
  surface: RiskSurface,
  options: RiskMapOptions,
  selected: number[],
  breaks: number[],
  hidden: number,
  labels: string[],
): string {
  const { cellSize } = surface.grid;
  const n = surface.cells.length;
  const areaKm2 = (n * cellSize * cellSize) / 1e6;
  const sentences = [
    `Heat map of forecast crime risk by ${options.method} for ${describePeriod(options.period)}.`,
    options.crimeTypes.notice,
    `The study area is ${n} cells of ${cellSize} m (${formatNumber(areaKm2)} km²).`,
  ];
  if (selected.length > 0) {
    const riskOf = new Map(Array.from(surface.cells, (c, i) => [c, surface.risk[i]!]));
    const total = surface.risk.reduce((a, b) => a + b, 0);
    const inSel = selected.reduce((a, c) => a + (riskOf.get(c) ?? 0), 0);
    sentences.push(
      `${selected.length} hot spot cells are outlined (${formatNumber((100 * selected.length) / n)}% of the area), ` +
        `holding ${total > 0 ? formatNumber((100 * inSel) / total) : '0'}% of the forecast risk.`,
    );
  } else sentences.push('No hot spot cells are selected.');
  const top = topCellsTable(surface, 1)[0];
  if (top) {
    sentences.push(
      `The highest-risk cell is centred at easting ${Math.round(top.easting)}, northing ${Math.round(top.northing)} ` +
        `(longitude ${top.lon}, latitude ${top.lat}), risk ${formatNumber(top.risk)}.`,
    );
  }
  if (breaks.length >= 2) {
    sentences.push(
      `Risk is shown in ${breaks.length - 1} colour classes from ${formatNumber(breaks[0]!)} to ` +
        `${formatNumber(breaks[breaks.length - 1]!)}, light to dark.`,
    );
  }
  if (labels.length > 0) sentences.push(`Places labelled: ${labels.join(', ')}.`);
  if (hidden > 0) sentences.push(`${hidden} outlying study-area cells are not drawn.`);
  sentences.push(...(options.notices ?? []));
  return sentences.join(' ');
}

function shortTypes(s: CrimeTypeStatement): string {
  if (s.allTypes) return 'all crime types';
  if (s.used.length <= 2) return s.used.join(' and ');
  return `${s.used.length} crime types`;
}
