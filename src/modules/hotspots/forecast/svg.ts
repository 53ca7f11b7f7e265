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

const GREY = '#d9d9d9';
const FONT = 'font-family="Arial, Helvetica, sans-serif"';
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
  const detailed = detailExtent(selected, grid, extent, singleCellPx, Math.floor(panelW / 8));
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
  const colours = classColours(Math.max(1, breaks.length - 1));
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
      `<text x="${2 * PAD + panelW}" y="${top - 8}" font-size="14" font-weight="bold" ${FONT}>${detailed?.kind === 'all' ? 'Detail: the hot spots' : 'Detail: the densest cluster of hot spots'} (boxed on the left)</text>`,
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

interface PanelInput {
  surface: RiskSurface;
  classes: Int8Array;
  colours: string[];
  selected: number[];
  extent: Omit<Extent, 'hidden'>;
  x: number;
  top: number;
  maxW: number;
  maxH: number;
  /** An area to box on this panel (the detail panel's extent). */
  box?: Omit<Extent, 'hidden'>;
  labels?: readonly MapLabel[];
  maxLabels?: number;
}

/** One map panel: cells, hot spot outlines, scale bar, north arrow and labels within a frame. */
function drawPanel(input: PanelInput): { svg: string; bottom: number; right: number; labels: string[] } {
  const { surface, extent } = input;
  const { grid } = surface;
  const extentW = (extent.gx1 - extent.gx0 + 1) * grid.cellSize;
  const extentH = (extent.gy1 - extent.gy0 + 1) * grid.cellSize;
  const scale = Math.min(input.maxW / extentW, input.maxH / extentH);
  const frame: Box = { x: input.x, y: input.top, w: extentW * scale, h: extentH * scale };
  const cellPx = grid.cellSize * scale;
  const cellX = (gx: number) => frame.x + (gx - extent.gx0) * cellPx;
  const cellY = (gy: number) => frame.y + (extent.gy1 - gy) * cellPx;
  const inExtent = (cell: number) => {
    const gx = cell % grid.ncols;
    const gy = Math.floor(cell / grid.ncols);
    return gx >= extent.gx0 && gx <= extent.gx1 && gy >= extent.gy0 && gy <= extent.gy1;
  };
  const rectPath = (list: Run[]) =>
    list
      .map((r) => {
        const w = (r.gx1 - r.gx0 + 1) * cellPx;
        return `M${f(cellX(r.gx0))} ${f(cellY(r.gy))}h${f(w)}v${f(cellPx)}h${f(-w)}z`;
      })
      .join('');
  const classRuns = runs(surface, inExtent, (p) => input.classes[p]!);
  const cells = [
    `<rect x="${f(frame.x)}" y="${f(frame.y)}" width="${f(frame.w)}" height="${f(frame.h)}" fill="#ffffff" stroke="#b1b4b6"/>`,
    `<path d="${rectPath(runs(surface, inExtent, (p) => (input.classes[p]! < 0 ? 0 : -1)))}" fill="${GREY}"/>`,
  ];
  input.colours.forEach((colour, k) => {
    const list = classRuns.filter((r) => r.key === k);
    if (list.length > 0) cells.push(`<path d="${rectPath(list)}" fill="${colour}"/>`);
  });
  const out = [`<g shape-rendering="crispEdges">${cells.join('')}</g>`];

  // Hot spots: outlined where cells are big enough to see, else marked by small squares.
  const shown = input.selected.filter(inExtent);
  const outline = cellPx >= 4 ? outlinePath(new Set(shown), grid.ncols, cellX, cellY, cellPx) : '';
  if (cellPx < 4 && shown.length > 0) {
    const m = 3;
    const d = shown
      .map((c) => {
        const x = cellX(c % grid.ncols) + cellPx / 2 - m / 2;
        const y = cellY(Math.floor(c / grid.ncols)) + cellPx / 2 - m / 2;
        return `M${f(x)} ${f(y)}h${m}v${m}h-${m}z`;
      })
      .join('');
    out.push(`<path d="${d}" fill="#000000"/>`);
  }
  const outer = Math.min(5, cellPx * 0.6);
  if (outline) {
    out.push(
      `<path d="${outline}" fill="none" stroke="#000000" stroke-width="${f(outer)}" stroke-linejoin="round"/>`,
    );
    out.push(
      `<path d="${outline}" fill="none" stroke="#ffffff" stroke-width="${f(outer / 2)}" stroke-linejoin="round"/>`,
    );
  }
  if (input.box) {
    const b = input.box;
    out.push(
      `<rect x="${f(cellX(b.gx0))}" y="${f(cellY(b.gy1))}" width="${f((b.gx1 - b.gx0 + 1) * cellPx)}" ` +
        `height="${f((b.gy1 - b.gy0 + 1) * cellPx)}" fill="none" stroke="#d4351c" stroke-width="2.5"/>`,
    );
  }
  const bar = scaleBar(extentW, scale, frame);
  const arrow = northArrow(frame);
  out.push(bar.svg, arrow.svg);

  const px = (x: number) => frame.x + (x - (grid.x0 + extent.gx0 * grid.cellSize)) * scale;
  const py = (y: number) => frame.y + (grid.y0 + (extent.gy1 + 1) * grid.cellSize - y) * scale;
  const candidates = (input.labels ?? [])
    .map((l) => ({ name: l.name, px: px(l.x), py: py(l.y) }))
    .filter(
      (l) => l.px >= frame.x && l.px <= frame.x + frame.w && l.py >= frame.y && l.py <= frame.y + frame.h,
    );
  // Labels keep off the hot spots themselves, so the outlines stay visible.
  const hotBoxes = input.selected.filter(inExtent).map((c) => ({
    x: cellX(c % grid.ncols) + 1,
    y: cellY(Math.floor(c / grid.ncols)) + 1,
    w: cellPx - 2,
    h: cellPx - 2,
  }));
  const placed = placeLabels(candidates, frame, [bar.box, arrow.box], 12, input.maxLabels ?? 0, hotBoxes);
  for (const l of placed) {
    out.push(
      `<circle cx="${f(l.px)}" cy="${f(l.py)}" r="2.5" fill="#0b0c0c" stroke="#ffffff" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${f(l.tx)}" y="${f(l.ty)}" font-size="12" ${FONT} fill="#0b0c0c" stroke="#ffffff" stroke-width="3" ` +
        `paint-order="stroke" stroke-linejoin="round">${esc(l.name)}</text>`,
    );
  }
  return {
    svg: out.join('\n'),
    bottom: frame.y + frame.h,
    right: frame.x + frame.w,
    labels: placed.map((l) => l.name),
  };
}

/**
 * The detail panel's extent, if one helps. Either all the hot spots, when they sit in a small part
 * of the map (their bounding box plus a margin of half its size, at least 1 km, under 40% of the
 * overview's width and height); or, when cells would be drawn under 2 px wide on a single map (a
 * whole force), the square window of `windowCells` cells holding the most hot spots.
 */
function detailExtent(
  selected: number[],
  grid: RiskSurface['grid'],
  extent: Extent,
  singleCellPx: number,
  windowCells: number,
): { extent: Omit<Extent, 'hidden'>; kind: 'all' | 'densest' } | undefined {
  const inside = selected.filter((c) => {
    const gx = c % grid.ncols;
    const gy = Math.floor(c / grid.ncols);
    return gx >= extent.gx0 && gx <= extent.gx1 && gy >= extent.gy0 && gy <= extent.gy1;
  });
  if (inside.length === 0) return undefined;
  const gxs = inside.map((c) => c % grid.ncols);
  const gys = inside.map((c) => Math.floor(c / grid.ncols));
  const clip = (x0: number, x1: number, y0: number, y1: number) => ({
    gx0: Math.max(extent.gx0, x0),
    gx1: Math.min(extent.gx1, x1),
    gy0: Math.max(extent.gy0, y0),
    gy1: Math.min(extent.gy1, y1),
  });
  const [x0, x1, y0, y1] = [Math.min(...gxs), Math.max(...gxs), Math.min(...gys), Math.max(...gys)];
  const minMargin = Math.ceil(1000 / grid.cellSize);
  const mx = Math.max(minMargin, Math.ceil((x1 - x0 + 1) / 2));
  const my = Math.max(minMargin, Math.ceil((y1 - y0 + 1) / 2));
  const d = clip(x0 - mx, x1 + mx, y0 - my, y1 + my);
  const small =
    d.gx1 - d.gx0 + 1 < 0.4 * (extent.gx1 - extent.gx0 + 1) &&
    d.gy1 - d.gy0 + 1 < 0.4 * (extent.gy1 - extent.gy0 + 1);
  if (small) return { extent: d, kind: 'all' };
  if (singleCellPx >= 2) return undefined;
  const half = Math.floor(windowCells / 2);
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < inside.length; i++) {
    let count = 0;
    for (let j = 0; j < inside.length; j++) {
      if (Math.abs(gxs[j]! - gxs[i]!) <= half && Math.abs(gys[j]! - gys[i]!) <= half) count++;
    }
    if (count > bestCount) [best, bestCount] = [i, count];
  }
  const cx = gxs[best]!;
  const cy = gys[best]!;
  return { extent: clip(cx - half, cx + half, cy - half, cy + half), kind: 'densest' };
}

interface Extent {
  gx0: number;
  gx1: number;
  gy0: number;
  gy1: number;
  hidden: number;
}

/**
 * Column and row range of the study area without far outliers: along each axis, starting from the
 * median cell, the range grows outwards until it meets an empty gap wider than `maxGap` cells.
 * A few geocodes hundreds of kilometres away (police.uk files have them) would otherwise shrink the
 * map to a dot; the cells left out are counted and reported.
 */
function mapExtent(surface: RiskSurface, maxGap: number): Extent {
  const { ncols } = surface.grid;
  if (surface.cells.length === 0) return { gx0: 0, gx1: 0, gy0: 0, gy1: 0, hidden: 0 };
  const span = (values: number[]): [number, number] => {
    const v = [...new Set(values)].sort((a, b) => a - b);
    let lo = Math.floor((v.length - 1) / 2);
    let hi = lo;
    while (lo > 0 && v[lo]! - v[lo - 1]! <= maxGap) lo--;
    while (hi < v.length - 1 && v[hi + 1]! - v[hi]! <= maxGap) hi++;
    return [v[lo]!, v[hi]!];
  };
  const [gx0, gx1] = span(Array.from(surface.cells, (c) => c % ncols));
  const [gy0, gy1] = span(Array.from(surface.cells, (c) => Math.floor(c / ncols)));
  let hidden = 0;
  for (const c of surface.cells) {
    const gx = c % ncols;
    const gy = Math.floor(c / ncols);
    if (gx < gx0 || gx > gx1 || gy < gy0 || gy > gy1) hidden++;
  }
  return { gx0, gx1, gy0, gy1, hidden };
}

interface Run {
  gy: number;
  gx0: number;
  gx1: number;
  key: number;
}

/** Runs of horizontally adjacent study-area cells with the same key (cells are row-major ascending). */
function runs(
  surface: RiskSurface,
  keep: (cell: number) => boolean,
  keyOf: (position: number) => number,
): Run[] {
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
    for (const [a, b] of segments(list))
      parts.push(`M${f(cellX(a))} ${f(cellY(line - 1))}H${f(cellX(b) + size)}`);
  }
  for (const [key, list] of vertical) {
    const line = Number(key);
    for (const [a, b] of segments(list))
      parts.push(`M${f(cellX(line))} ${f(cellY(b))}V${f(cellY(a) + size)}`);
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
    out.push(
      `<rect x="${x}" y="${y}" width="22" height="16" fill="${colours[k]}" stroke="#6f777b" stroke-width="0.5"/>`,
    );
    out.push(
      `<text x="${x + 30}" y="${y + 12}">${k === 0 ? `above 0 to ${formatNumber(hi)}` : `over ${formatNumber(lo)} to ${formatNumber(hi)}`}</text>`,
    );
    y += 20;
  }
  out.push(
    `<rect x="${x}" y="${y}" width="22" height="16" fill="${GREY}" stroke="#6f777b" stroke-width="0.5"/>`,
  );
  out.push(`<text x="${x + 30}" y="${y + 12}">study area, no forecast risk</text>`);
  y += 28;
  if (selectedCount > 0) {
    const pct = formatNumber((100 * selectedCount) / studyCells);
    out.push(
      `<rect x="${x + 2}" y="${y + 2}" width="18" height="12" fill="none" stroke="#000000" stroke-width="5"/>`,
    );
    out.push(
      `<rect x="${x + 2}" y="${y + 2}" width="18" height="12" fill="none" stroke="#ffffff" stroke-width="2.5"/>`,
    );
    out.push(`<text x="${x + 30}" y="${y + 12}">hot spot: top ${selectedCount} cells</text>`);
    y += 16;
    out.push(`<text x="${x + 30}" y="${y + 12}">(${pct}% of the study area)</text>`);
    y += 20;
  }
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

const f = (v: number) => String(Math.round(v * 10) / 10);

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
