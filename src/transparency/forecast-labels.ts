import type { MapLabel } from '../modules/hotspots/forecast/labels.ts';
import { labelsFromNamedEvents } from '../modules/hotspots/forecast/place-names.ts';
import { policeUkMapping } from '../modules/hotspots/ingest/mapping.ts';
import { readEvents } from '../modules/hotspots/ingest/read-events.ts';
import type { Grid } from '../modules/hotspots/types.ts';
import { HOTSPOT_SOURCES, type HotspotsInput, POLICE_UK_IMPORT_PREFIX } from '../oversight/hotspot-run.ts';
import { sharedFile } from '../shared-data.ts';

/**
 * Place names for public forecast maps, from the police.uk file a run's input came from: the
 * points with the most records in the whole file, under their street name. Unlike the internal
 * map, no name is chosen for being in a hot spot, so a public label never singles out a street
 * for its forecast risk. Reading a file takes up to seconds, so labels are worked out once per
 * file and map area and kept in memory; a map without labels is still complete.
 */

const KEPT = 20;
const cache = new Map<string, Promise<MapLabel[]>>();

function sourceFile(input: HotspotsInput): string | undefined {
  const id = input.importId;
  if (!id?.startsWith(POLICE_UK_IMPORT_PREFIX)) return undefined;
  const name = id.slice(POLICE_UK_IMPORT_PREFIX.length);
  const source = HOTSPOT_SOURCES.find((s) => s.parts[s.parts.length - 1] === name);
  return source ? sharedFile(...source.parts) : undefined;
}

async function readLabels(file: string, crs: string, grid: Grid): Promise<MapLabel[]> {
  const { events } = await readEvents(file, {
    mapping: { ...policeUkMapping, category: 'Location' },
    toCrs: crs,
  });
  const { x0, y0, cellSize, ncols, nrows } = grid;
  const inside = events.filter(
    (e) => e.x >= x0 && e.y >= y0 && e.x < x0 + ncols * cellSize && e.y < y0 + nrows * cellSize,
  );
  return labelsFromNamedEvents(inside, grid, []);
}

/** The labels of a public map over `grid` (the forecast's own grid), or none. */
export function publicPlaceLabels(input: HotspotsInput | null, crs: string, grid: Grid): Promise<MapLabel[]> {
  let file: string | undefined;
  try {
    file = input ? sourceFile(input) : undefined;
  } catch {
    file = undefined;
  }
  if (!file) return Promise.resolve([]);
  const key = JSON.stringify([file, crs, grid]);
  const hit = cache.get(key);
  if (hit) return hit;
  const work = readLabels(file, crs, grid).catch(() => []);
  cache.set(key, work);
  while (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  return work;
}
