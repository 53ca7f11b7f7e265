import type { MapLabel } from '../forecast/labels.ts';
import { labelsFromNamedEvents } from '../forecast/place-names.ts';
import type { HotspotsInput } from '../oversight/hotspot-run.ts';
import { namedEventsInGrid, referenceFileOf, remembered } from '../oversight/place-labels.ts';
import type { Grid } from '../types.ts';

/**
 * Place names for public forecast maps, from the police.uk file a run's input came from: the
 * points with the most records in the whole file, under their street name. Unlike the internal
 * map, no name is chosen for being in a hot spot, so a public label never singles out a street
 * for its forecast risk. Reading a file takes up to seconds, so labels are worked out once per
 * file and map area and kept in memory; a map without labels is still complete.
 */

const KEPT = 20;
const cache = new Map<string, Promise<MapLabel[]>>();

/** The labels of a public map over `grid` (the forecast's own grid), or none. */
export function publicPlaceLabels(input: HotspotsInput | null, crs: string, grid: Grid): Promise<MapLabel[]> {
  let file: string | undefined;
  try {
    file = input ? referenceFileOf(input) : undefined;
  } catch {
    file = undefined;
  }
  if (!file) return Promise.resolve([]);
  const from = file;
  return remembered(cache, KEPT, JSON.stringify([file, crs, grid]), async () =>
    labelsFromNamedEvents(await namedEventsInGrid(from, crs, grid), grid, []),
  );
}
