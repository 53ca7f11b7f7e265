import type { RiskSurface } from '../types.ts';
import { outlinePath, type Run, runs } from './cell-paths.ts';
import { type Box, type MapLabel, placeLabels } from './labels.ts';
import type { Extent } from './map-extent.ts';
import { FONT, GREY, northArrow, scaleBar } from './map-furniture.ts';
import { esc, f } from './svg-text.ts';

export interface PanelInput {
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
export function drawPanel(input: PanelInput): {
  svg: string;
  bottom: number;
  right: number;
  labels: string[];
} {
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
  // Absolute, rounded corners: neighbouring runs share exactly the same edge, so no seams show.
  const rectPath = (list: Run[]) =>
    list
      .map((r) => {
        const [x0, x1] = [f(cellX(r.gx0)), f(cellX(r.gx1 + 1))];
        return `M${x0} ${f(cellY(r.gy))}H${x1}V${f(cellY(r.gy - 1))}H${x0}z`;
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
