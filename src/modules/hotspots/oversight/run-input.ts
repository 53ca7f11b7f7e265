import { type StoredInput, storedRunInput } from '../../../oversight/run-input.ts';
import { type HotspotsInput, IMPORT_SOURCE_PREFIX, POLICE_UK_IMPORT_PREFIX } from './hotspot-run.ts';
import { parseHotspotsInput } from './hotspot-view.ts';

/** A hot spot run's input, or null when the run holds none that reads as one. */
export const hotspotRunInput = (key: Buffer, row: StoredInput): HotspotsInput | null =>
  parseHotspotsInput(storedRunInput(key, row));

/**
 * The crime data import a hot spot run's `importId` names (`import:<id>`, or `police.uk:import:<id>`
 * for an import of police.uk files), or null for a reference file or no source.
 */
export function crimeImportOfRun(importId: string | undefined): string | null {
  if (!importId) return null;
  const id = importId.startsWith(POLICE_UK_IMPORT_PREFIX)
    ? importId.slice(POLICE_UK_IMPORT_PREFIX.length)
    : importId;
  return id.startsWith(IMPORT_SOURCE_PREFIX) ? id.slice(IMPORT_SOURCE_PREFIX.length) : null;
}
