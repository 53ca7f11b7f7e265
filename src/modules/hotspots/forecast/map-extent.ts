import type { RiskSurface } from '../types.ts';

/**
 * The detail panel's extent, if one helps. Either all the hot spots, when they sit in a small part
 * of the map (their bounding box plus a margin of half its size, at least 1 km, under 40% of the
 * overview's width and height); or, when cells would be drawn under 2 px wide on a single map (a
 * whole force), the square window of `windowCells` cells holding the most hot spots.
 */
export function detailExtent(
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

export interface Extent {
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
export function mapExtent(surface: RiskSurface, maxGap: number): Extent {
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
