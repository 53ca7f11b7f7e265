import type { Selectable } from 'kysely';
import type { RunsTable } from '../db/schema.ts';
import {
  type HotspotsInput,
  IMPORT_SOURCE_PREFIX,
  POLICE_UK_IMPORT_PREFIX,
} from '../modules/hotspots/oversight/hotspot-run.ts';
import { parseHotspotsInput } from '../modules/hotspots/oversight/hotspot-view.ts';
import { decrypt } from '../security/encryption.ts';

/** What is needed of a run's row to read its input. */
export type StoredInput = Pick<Selectable<RunsTable>, 'reference' | 'input' | 'input_encrypted'>;

/**
 * A run's input as the module received it: decrypted when it was stored encrypted (personal or
 * sensitive input), else the plain JSON (modules without either, and hot spot runs recorded before
 * their input was encrypted). Callers decide who may see it.
 */
export function storedRunInput(key: Buffer, row: StoredInput): unknown {
  return row.input_encrypted
    ? JSON.parse(decrypt(key, row.input_encrypted, `run-input:${row.reference}`))
    : row.input;
}

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
