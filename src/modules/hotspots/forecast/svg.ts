import type { RiskSurface } from '../types.ts';
import { classBreaks, classColours, classOf, formatNumber } from './colour.ts';
import { type Box, type MapLabel, placeLabels } from './labels.ts';
import { type CrimeTypeStatement, describePeriod, type ForecastPeriod } from './model.ts';
import { topCellsTable } from './table.ts';

export interface RiskMapOptions {
  /** Row-major indices of the selected hot spot cells, rank order; outlined on the map. */
  selected?: ArrayLike<number>;
  crimeTypes: CrimeTypeStatement;
  period: ForecastPeriod;
  method: string;
  title?: string;
  /** Statements printed under the map (data-source caveats, public-version notice...). */
  notices?: string[];
  /** Place names in grid coordinates, highest priority first. */
  labels?: readonly MapLabel[];
  /** Most labels drawn (default 12). */
  maxLabels?: number;
  /** Total width in pixels (default 960). */
  width?: number;
  /** Number of colour classes (default 6). */
  classes?: number;
  /**
   * Share of study-area cells at each edge, by column and by row, left off the map extent so a few
   * far-away geocodes do not shrink the map to a dot (default 0.001; 0 keeps every cell).
   */
  trim?: number;
  /** Prefix of element ids, unique per page (default 'hotspot-map'). */
  idPrefix?: string;
}

const GREY = '#d9d9d9';
const FONT = 'font-family="Arial, Helvetica, sans-serif"';
const LEGEND_W = 250;
const PAD = 16;

/**
 * A heat map of a risk surface as a self-contained SVG (no external tiles or fonts). Study-area
 * cells are light grey; cells with positive risk take one of `classes` quantile colour classes of
 * reversed viridis, with a numeric legend; selected hot spots are outlined black-on-white so the
 * outline shows on every colour; a scale bar, a grid-north arrow, a caption with the crime types,
 * period and notices, and place labels placed without overlap. Cells are merged into one path per
 * colour class, runs of neighbouring cells in a row becoming one rectangle, so a 10,000-cell
 * study area stays small. Accessible: role="img" with a <title> and a <desc> summary.
 */
export function renderRiskMap(surface: RiskSurface, options: RiskMapOptions): string {
  const { grid } = surface;
  const id = options.idPrefix ?? 'hotspot-map';
  const width = options.width ?? 960;
  const selected = Array.from(options.selected ?? []);
  const extent = mapExtent(surface, options.trim ?? 0.001);

  // Layout: header, then map with the legend on its right, then the caption.
  const title = options.title ?? `Forecast hot spots: ${shortTypes(options.crimeTypes)}`;
  const banner = options.crimeTypes.singleType ? options.crimeTypes.notice : null;
  let y = PAD + 22;
  const header: string[] = [`<text x="${PAD}" y="${y}" font-size="22" font-weight="bold" ${FONT}>${esc(title)}</text>`];
  y += 10;
  if (banner) {
    const lines = wrap(banner, Math.floor((width - 2 * PAD - 20) / 8.6));
    const h = lines.length * 20 + 12;
    header.push(`<rect x="${PAD}" y="${y}" width="${width - 2 * PAD}" height="${h}" fill="#1d1d1b" rx="3"/>`);
    lines.forEach((line, i) => {
      header.push(
        `<text x="${PAD + 10}" y="${y + 21 + i * 20}" font-size="16" font-weight="bold" fill="#ffffff" ${FONT}>${esc(line)}</text>`,
      );
    });
    y += h;
  }
  const mapTop = y + 12;
  const availW = width - 3 * PAD - LEGEND_W;
  const extentW = (extent.gx1 - extent.gx0 + 1) * grid.cellSize;
  const extentH = (extent.gy1 - extent.gy0 + 1) * grid.cellSize;
  const scale = Math.min(availW / extentW, 720 / extentH);
  const mapW = extentW * scale;
  const mapH = extentH * scale;
  const frame: Box = { x: PAD, y: mapTop, w: mapW, h: mapH };
  const px = (x: number) => PAD + (x - (grid.x0 + extent.gx0 * grid.cellSize)) * scale;
  const py = (yy: number) => mapTop + (grid.y0 + (extent.gy1 + 1) * grid.cellSize - yy) * scale;
  const cellPx = grid.cellSize * scale;

  // Cells: grey study area, then one path per colour class.
  const inExtent = (cell: number) => {
    const gx = cell % grid.ncols;
    const gy = Math.floor(cell / grid.ncols);
    return gx >= extent.gx0 && gx <= extent.gx1 && gy >= extent.gy0 && gy <= extent.gy1;
  };
  const breaks = classBreaks(surface.risk, options.classes ?? 6);
  const colours = classColours(Math.max(1, breaks.length - 1));
  const classes = Int8Array.from(surface.risk, (r) => classOf(r, breaks));
  const cellX = (gx: number) => PAD + (gx - extent.gx0) * cellPx;
  const cellY = (gy: number) => mapTop + (extent.gy1 - gy) * cellPx;
  const greyRuns = runs(surface, inExtent, () => 0);
  const classRuns = runs(surface, inExtent, (p) => classes[p]!);
  const rectPath = (list: Run[]) =>
    list
      .map((r) => `M${f(cellX(r.gx0))} ${f(cellY(r.gy))}h${f((r.gx1 - r.gx0 + 1) * cellPx)}v${f(cellPx)}h${f(-(r.gx1 - r.gx0 + 1) * cellPx)}z`)
      .join('');
  const cellLayer: string[] = [
    `<rect x="${f(frame.x)}" y="${f(frame.y)}" width="${f(frame.w)}" height="${f(frame.h)}" fill="#ffffff" stroke="#b1b4b6"/>`,
    `<path d="${rectPath(greyRuns)}" fill="${GREY}"/>`,
  ];
  colours.forEach((colour, k) => {
    const list = classRuns.filter((r) => r.key === k);
    if (list.length > 0) cellLayer.push(`<path d="${rectPath(list)}" fill="${colour}"/>`);
  });
  const body: string[] = [];

  // Hot spot outlines: cell edges between a selected and a non-selected cell.
  const outline = outlinePath(new Set(selected.filter(inExtent)), grid.ncols, cellX, cellY, cellPx);
  if (outline) {
    body.push(`<path d="${outline}" fill="none" stroke="#000000" stroke-width="3.5" stroke-linejoin="round"/>`);
    body.push(`<path d="${outline}" fill="none" stroke="#ffffff" stroke-width="1.5" stroke-linejoin="round"/>`);
  }

  // Scale bar (bottom left) and north arrow (top right), reserved from labels.
  const bar = scaleBar(extentW, scale, frame);
  const arrow = northArrow(frame);
  body.push(bar.svg, arrow.svg);

  // Labels.
  const maxLabels = options.maxLabels ?? 12;
  const candidates = (options.labels ?? [])
    .map((l) => ({ name: l.name, px: px(l.x), py: py(l.y) }))
    .filter((l) => l.px >= frame.x && l.px <= frame.x + frame.w && l.py >= frame.y && l.py <= frame.y + frame.h);
  const placed = placeLabels(candidates, frame, [bar.box, arrow.box], 12, maxLabels);
  for (const l of placed) {
    body.push(`<circle cx="${f(l.px)}" cy="${f(l.py)}" r="2.5" fill="#0b0c0c" stroke="#ffffff" stroke-width="1"/>`);
    body.push(
      `<text x="${f(l.tx)}" y="${f(l.ty)}" font-size="12" ${FONT} fill="#0b0c0c" stroke="#ffffff" stroke-width="3" ` +
        `paint-order="stroke" stroke-linejoin="round">${esc(l.name)}</text>`,
    );
  }

  // Legend.
  const legend = legendSvg(breaks, colours, selected.length, surface.cells.length, PAD * 2 + mapW, mapTop);

  // Caption.
  const captionLines = [
    `Crime types: ${options.crimeTypes.notice}`,
    `Forecast period: ${describePeriod(options.period)}. Method: ${options.method}. Grid cells: ${formatNumber(grid.cellSize)} m, ${surface.crs}.`,
    ...(options.notices ?? []),
    ...(extent.hidden > 0 ? [`${extent.hidden} outlying study-area cells lie outside this map and are not drawn.`] : []),
  ];
  const captionTop = Math.max(mapTop + mapH, legend.bottom) + 26;
  const caption: string[] = [];
  let cy = captionTop;
  captionLines.forEach((text, i) => {
    for (const line of wrap(text, Math.floor((width - 2 * PAD) / 7.2))) {
      caption.push(`<text x="${PAD}" y="${cy}" font-size="13" ${FONT} fill="#0b0c0c"${i === 0 ? ' font-weight="bold"' : ''}>${esc(line)}</text>`);
      cy += 18;
    }
    cy += 2;
  });
  const height = Math.ceil(cy + PAD);

  const desc = describeMap(surface, options, selected, breaks, extent.hidden, placed.map((l) => l.name));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...header,
    `<g shape-rendering="crispEdges">${cellLayer.join('')}</g>`,
    ...body,
    legend.svg,
    ...caption,
    '</svg>',
  ].join('\n');
}

interface Extent {
  gx0: number;
  gx1: number;
  gy0: number;
  gy1: number;
  hidden: number;
}

/** Column and row range of the study area, trimming the given share of outliers at each edge. */
function mapExtent(surface: RiskSurface, trim: number): Extent {
  const { ncols } = surface.grid;
  const gxs = Array.from(surface.cells, (c) => c % ncols).sort((a, b) => a - b);
  const gys = Array.from(surface.cells, (c) => Math.floor(c / ncols)).sort((a, b) => a - b);
  if (gxs.length === 0) return { gx0: 0, gx1: 0, gy0: 0, gy1: 0, hidden: 0 };
  const cut = Math.floor(gxs.length * trim);
  const e = {
    gx0: gxs[cut]!,
    gx1: gxs[gxs.length - 1 - cut]!,
    gy0: gys[cut]!,
    gy1: gys[gys.length - 1 - cut]!,
  };
  let hidden = 0;
  for (const c of surface.cells) {
    const gx = c % ncols;
    const gy = Math.floor(c / ncols);
    if (gx < e.gx0 || gx > e.gx1 || gy < e.gy0 || gy > e.gy1) hidden++;
  }
  return { ...e, hidden };
}

interface Run {
  gy: number;
  gx0: number;
  gx1: number;
  key: number;
}

/** Runs of horizontally adjacent study-area cells with the same key (cells are row-major ascending). */
function runs(surface: RiskSurface, keep: (cell: number) => boolean, keyOf: (position: number) => number): Run[] {
  const { ncols } = surface.grid;
  const out: Run[] = [];
  let cur: Run | undefined;
  surface.cells.forEach((cell, p) => {
    if (!keep(cell)) return;
    const gx = cell % ncols;
    const gy = Math.floor(cell / ncols);
    const key = keyOf(p);
    if (cur && cur.gy === gy && cur.gx1 === gx - 1 && cur.key === key) cur.gx1 = gx;
    else {
      cur = { gy, gx0: gx, gx1: gx, key };
      out.push(cur);
    }
  });
  return out.filter((r) => r.key >= 0);
}

/**
 * Boundary of a set of cells as a path: every cell side between a member and a non-member,
 * with collinear neighbouring sides joined into one segment.
 */
function outlinePath(
  set: ReadonlySet<number>,
  ncols: number,
  cellX: (gx: number) => number,
  cellY: (gy: number) => number,
  size: number,
): string {
  const horizontal = new Map<string, number[]>(); // key: gy of the line (top edge of row gy = gy + 1)
  const vertical = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, key: string, v: number) => {
    const list = m.get(key) ?? [];
    list.push(v);
    m.set(key, list);
  };
  for (const cell of set) {
    const gx = cell % ncols;
    const gy = Math.floor(cell / ncols);
    if (!set.has(cell + ncols)) push(horizontal, String(gy + 1), gx);
    if (!set.has(cell - ncols)) push(horizontal, String(gy), gx);
    if (gx === ncols - 1 || !set.has(cell + 1)) push(vertical, String(gx + 1), gy);
    if (gx === 0 || !set.has(cell - 1)) push(vertical, String(gx), gy);
  }
  const parts: string[] = [];
  const segments = (list: number[]) => {
    const sorted = [...new Set(list)].sort((a, b) => a - b);
    const segs: Array<[number, number]> = [];
    for (const v of sorted) {
      const last = segs[segs.length - 1];
      if (last && last[1] === v - 1) last[1] = v;
      else segs.push([v, v]);
    }
    return segs;
  };
  for (const [key, list] of horizontal) {
    const line = Number(key);
    for (const [a, b] of segments(list)) parts.push(`M${f(cellX(a))} ${f(cellY(line - 1))}H${f(cellX(b) + size)}`);
  }
  for (const [key, list] of vertical) {
    const line = Number(key);
    for (const [a, b] of segments(list)) parts.push(`M${f(cellX(line))} ${f(cellY(b))}V${f(cellY(a) + size)}`);
  }
  return parts.join('');
}

/** A scale bar about a fifth of the map wide, with a length of 1, 2 or 5 × 10^k metres. */
function scaleBar(extentMetres: number, scale: number, frame: Box): { svg: string; box: Box } {
  const target = extentMetres / 5;
  const pow = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= target) ?? pow;
  const w = metres * scale;
  const x = frame.x + 12;
  const y = frame.y + frame.h - 22;
  const label = (m: number) => (metres >= 1000 ? `${formatNumber(m / 1000)} km` : `${formatNumber(m)} m`);
  const svg = [
    `<g ${FONT} font-size="11" fill="#0b0c0c">`,
    `<rect x="${f(x - 6)}" y="${f(y - 16)}" width="${f(w + 34)}" height="30" fill="#ffffff" fill-opacity="0.85"/>`,
    `<rect x="${f(x)}" y="${f(y)}" width="${f(w / 2)}" height="6" fill="#0b0c0c"/>`,
    `<rect x="${f(x + w / 2)}" y="${f(y)}" width="${f(w / 2)}" height="6" fill="#ffffff" stroke="#0b0c0c"/>`,
    `<text x="${f(x)}" y="${f(y - 4)}" text-anchor="middle">0</text>`,
    `<text x="${f(x + w)}" y="${f(y - 4)}" text-anchor="middle">${label(metres)}</text>`,
    '</g>',
  ].join('');
  return { svg, box: { x: x - 6, y: y - 16, w: w + 34, h: 30 } };
}

function northArrow(frame: Box): { svg: string; box: Box } {
  const cx = frame.x + frame.w - 24;
  const top = frame.y + 10;
  const svg =
    `<g ${FONT}><rect x="${f(cx - 14)}" y="${f(top - 2)}" width="28" height="46" fill="#ffffff" fill-opacity="0.85"/>` +
    `<path d="M${f(cx)} ${f(top)}l8 22l-8 -6l-8 6z" fill="#0b0c0c"/>` +
    `<text x="${f(cx)}" y="${f(top + 38)}" font-size="13" font-weight="bold" text-anchor="middle">N</text></g>`;
  return { svg, box: { x: cx - 14, y: top - 2, w: 28, h: 46 } };
}

function legendSvg(
  breaks: number[],
  colours: string[],
  selectedCount: number,
  studyCells: number,
  x: number,
  top: number,
): { svg: string; bottom: number } {
  const out = [`<g ${FONT} font-size="13" fill="#0b0c0c">`];
  let y = top + 14;
  out.push(`<text x="${x}" y="${y}" font-weight="bold" font-size="15">Forecast risk</text>`);
  y += 16;
  out.push(`<text x="${x}" y="${y}" font-size="11">score per cell, higher = more crime expected</text>`);
  y += 10;
  for (let k = colours.length - 1; k >= 0; k--) {
    const lo = breaks[k]!;
    const hi = breaks[k + 1]!;
    out.push(`<rect x="${x}" y="${y}" width="22" height="16" fill="${colours[k]}" stroke="#6f777b" stroke-width="0.5"/>`);
    out.push(`<text x="${x + 30}" y="${y + 12}">${k === 0 ? '' : 'over '}${formatNumber(lo)} to ${formatNumber(hi)}</text>`);
    y += 20;
  }
  out.push(`<rect x="${x}" y="${y}" width="22" height="16" fill="${GREY}" stroke="#6f777b" stroke-width="0.5"/>`);
  out.push(`<text x="${x + 30}" y="${y + 12}">study area, no forecast risk</text>`);
  y += 28;
  const pct = studyCells > 0 ? formatNumber((100 * selectedCount) / studyCells) : '0';
  out.push(`<rect x="${x + 2}" y="${y + 2}" width="18" height="12" fill="none" stroke="#000000" stroke-width="3.5"/>`);
  out.push(`<rect x="${x + 2}" y="${y + 2}" width="18" height="12" fill="none" stroke="#ffffff" stroke-width="1.5"/>`);
  out.push(`<text x="${x + 30}" y="${y + 12}">hot spot: top ${selectedCount} cells</text>`);
  y += 16;
  out.push(`<text x="${x + 30}" y="${y + 12}">(${pct}% of the study area)</text>`);
  y += 20;
  out.push('</g>');
  return { svg: out.join(''), bottom: y };
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

/** Greedy word wrap to at most `max` characters per line. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const f = (v: number) => String(Math.round(v * 100) / 100);

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
