import { cellOf } from '../grid.ts';
import type { CrimeEvent, Grid } from '../types.ts';
import type { MapLabel } from './labels.ts';

/**
 * police.uk "Location" values that name a kind of place, not a place ("On or near Supermarket"):
 * useless as map labels.
 */
const GENERIC =
  /^(supermarket|parking area|petrol station|nightclub|shopping area|hospital|police station|pedestrian subway|theatre\/concert hall|further\/higher educational building|sports\/recreation area|conference\/exhibition centre|bus\/coach station|airport\/airfield|prison|park\/open space|place of worship|nursery|school|university|hotel)$/i;

/** A usable place name from a record value, or undefined ("On or near " removed). */
export function placeName(raw: string): string | undefined {
  const name = raw.replace(/^On or near\s+/i, '').trim();
  if (name === '' || GENERIC.test(name) || /^no location$/i.test(name)) return undefined;
  return name;
}

/**
 * Map labels from events whose `category` carries a place name (e.g. police.uk `Location` or
 * `LSOA name`). First, for each priority cell in order (the hot spots, by rank), the name most
 * recorded in it, placed at that name's most used point in the cell (a real snap point, so the
 * label sits on the street). Then the single points with the most records, under their name.
 * Duplicates are dropped; the renderer caps how many are drawn.
 */
export function labelsFromNamedEvents(
  events: readonly CrimeEvent[],
  grid: Grid,
  priorityCells: ArrayLike<number>,
  max = 40,
): MapLabel[] {
  const byCell = new Map<number, Map<string, Map<string, number>>>();
  const overall = new Map<string, Map<string, number>>();
  const add = (m: Map<string, Map<string, number>>, name: string, point: string) => {
    const points = m.get(name) ?? new Map<string, number>();
    points.set(point, (points.get(point) ?? 0) + 1);
    m.set(name, points);
  };
  const wanted = new Set(Array.from(priorityCells));
  for (const e of events) {
    const name = placeName(e.category);
    if (!name) continue;
    const point = `${e.x} ${e.y}`;
    add(overall, name, point);
    const cell = cellOf(grid, e.x, e.y);
    if (wanted.has(cell)) {
      const m = byCell.get(cell) ?? new Map<string, Map<string, number>>();
      add(m, name, point);
      byCell.set(cell, m);
    }
  }
  const total = (points: Map<string, number>) => [...points.values()].reduce((a, b) => a + b, 0);
  const best = <K>(m: Map<K, number>): K | undefined => {
    let top: K | undefined;
    let n = -1;
    for (const [k, v] of m) if (v > n) [top, n] = [k, v];
    return top;
  };
  const label = (name: string, points: Map<string, number>): MapLabel => {
    const [x, y] = (best(points) ?? '0 0').split(' ').map(Number);
    return { name, x: x ?? 0, y: y ?? 0 };
  };
  const out: MapLabel[] = [];
  const seen = new Set<string>();
  for (const cell of Array.from(priorityCells)) {
    const names = byCell.get(cell);
    if (!names) continue;
    const name = best(new Map([...names].map(([k, v]) => [k, total(v)])));
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push(label(name, names.get(name)!));
    }
  }
  // Then the busiest (name, point) pairs: ranking by point, not by name, keeps a common name
  // ("High Street") from being placed at one of its many streets on the strength of all of them.
  const pairs: Array<[string, string, number]> = [];
  for (const [name, points] of overall) for (const [point, n] of points) pairs.push([name, point, n]);
  pairs.sort((a, b) => b[2] - a[2]);
  for (const [name, point] of pairs) {
    if (out.length >= max) break;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(label(name, new Map([[point, 1]])));
  }
  return out.slice(0, max);
}
