/** A place name with a position in grid coordinates (e.g. a police.uk street or LSOA name). */
export interface MapLabel {
  name: string;
  x: number;
  y: number;
}

/** A box in SVG pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedLabel {
  name: string;
  /** Anchor point (the place) in pixels. */
  px: number;
  py: number;
  /** Text start (left, baseline) in pixels. */
  tx: number;
  ty: number;
  box: Box;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Greedy label placement (the classic point-feature approach, cf. Christensen, Marks & Shieber
 * 1995, "An empirical study of algorithms for point-feature label placement", ACM TOG 14(3)):
 * labels in priority order try four positions around their point (right, left, above, below);
 * the first that stays inside `frame` and overlaps no placed label and no reserved box wins, and a
 * label with no free position is dropped. At most `max` labels are placed. Boxes in `avoid` (the
 * hot spots) are kept clear when possible: a second pass places the remaining labels over them. Text width is estimated
 * at 0.62 em per character (DejaVu Sans, the widest common fallback) (no font metrics on the server).
 */
export function placeLabels(
  labels: ReadonlyArray<{ name: string; px: number; py: number }>,
  frame: Box,
  reserved: readonly Box[],
  fontSize: number,
  max: number,
  avoid: readonly Box[] = [],
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const seen = new Set<string>();
  // First pass keeps clear of the `avoid` boxes too; the second places what is left without them.
  for (const blocked of [[...reserved, ...avoid], reserved])
    placeInto(labels, frame, blocked, fontSize, max, placed, seen);
  return placed;
}

function placeInto(
  labels: ReadonlyArray<{ name: string; px: number; py: number }>,
  frame: Box,
  reserved: readonly Box[],
  fontSize: number,
  max: number,
  placed: PlacedLabel[],
  seen: Set<string>,
): void {
  for (const l of labels) {
    if (placed.length >= max) break;
    if (seen.has(l.name)) continue;
    const w = l.name.length * fontSize * 0.62;
    const h = fontSize * 1.2;
    const gap = 4;
    const candidates: Array<[number, number]> = [
      [l.px + gap, l.py + fontSize * 0.35],
      [l.px - gap - w, l.py + fontSize * 0.35],
      [l.px - w / 2, l.py - gap],
      [l.px - w / 2, l.py + gap + fontSize],
    ];
    for (const [tx, ty] of candidates) {
      const box = { x: tx - 2, y: ty - fontSize, w: w + 4, h };
      const inside =
        box.x >= frame.x &&
        box.y >= frame.y &&
        box.x + box.w <= frame.x + frame.w &&
        box.y + box.h <= frame.y + frame.h;
      if (!inside) continue;
      if (placed.some((p) => overlaps(p.box, box)) || reserved.some((r) => overlaps(r, box))) continue;
      placed.push({ name: l.name, px: l.px, py: l.py, tx, ty, box });
      seen.add(l.name);
      break;
    }
  }
}
