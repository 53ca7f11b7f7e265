import type { MapLabel } from '../forecast/labels.ts';
import { labelsFromNamedEvents } from '../forecast/place-names.ts';
import { policeUkMapping } from '../ingest/mapping.ts';
import { readEvents } from '../ingest/read-events.ts';
import type { CrimeEvent, Grid } from '../types.ts';
import { HOTSPOT_SOURCES, type HotspotsInput, POLICE_UK_IMPORT_PREFIX, sourceFile } from './hotspot-run.ts';
import type { HotspotsOutput } from './hotspot-view.ts';

/**
 * Place names for a forecast map, from the police.uk file the run's input came from: its
 * `Location` column ("On or near High Street") read through the ingest, named at the street most
 * recorded in each top cell, then the busiest points. Reading a force's file takes seconds, so
 * labels are worked out once per run (started as soon as the run is recorded) and kept in memory
 * for the most recent runs. A map without labels is still complete: failures give no labels.
 */

const KEPT = 50;
const cache = new Map<string, Promise<MapLabel[]>>();

/** The police.uk reference file a run's input was read from, if any. */
export function referenceFileOf(input: HotspotsInput): string | undefined {
  const id = input.importId;
  if (!id?.startsWith(POLICE_UK_IMPORT_PREFIX)) return undefined;
  const name = id.slice(POLICE_UK_IMPORT_PREFIX.length);
  const source = HOTSPOT_SOURCES.find((s) => s.parts[s.parts.length - 1] === name);
  return source ? sourceFile(source) : undefined;
}

/** The file's records inside `grid`, each named by its police.uk `Location` (in `category`). */
export async function namedEventsInGrid(file: string, crs: string, grid: Grid): Promise<CrimeEvent[]> {
  const { events } = await readEvents(file, {
    mapping: { ...policeUkMapping, category: 'Location' },
    toCrs: crs,
  });
  const { x0, y0, cellSize, ncols, nrows } = grid;
  return events.filter(
    (e) => e.x >= x0 && e.y >= y0 && e.x < x0 + ncols * cellSize && e.y < y0 + nrows * cellSize,
  );
}

/** Labels worked out once per key and kept in memory for the `kept` most recent keys. */
export function remembered(
  cache: Map<string, Promise<MapLabel[]>>,
  kept: number,
  key: string,
  work: () => Promise<MapLabel[]>,
): Promise<MapLabel[]> {
  const hit = cache.get(key);
  if (hit) return hit;
  const started = work().catch(() => []);
  cache.set(key, started);
  while (cache.size > kept) cache.delete(cache.keys().next().value as string);
  return started;
}

async function readLabels(input: HotspotsInput, output: HotspotsOutput): Promise<MapLabel[]> {
  const file = referenceFileOf(input);
  if (!file) return [];
  const inside = await namedEventsInGrid(file, output.crs, output.grid);
  return labelsFromNamedEvents(
    inside,
    output.grid,
    output.topCells.map((c) => c.cell),
  );
}

/** The labels of a run's map (computed once, then from memory). */
export function runPlaceLabels(
  runId: string,
  input: HotspotsInput,
  output: HotspotsOutput,
): Promise<MapLabel[]> {
  return remembered(cache, KEPT, runId, () => readLabels(input, output));
}
