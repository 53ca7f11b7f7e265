import type { RiskSurface } from '../types.ts';
import { f } from './svg-text.ts';

export interface Run {
  gy: number;
  gx0: number;
  gx1: number;
  key: number;
}

/** Runs of horizontally adjacent study-area cells with the same key (cells are row-major ascending). */
export function runs(
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
export function outlinePath(
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
