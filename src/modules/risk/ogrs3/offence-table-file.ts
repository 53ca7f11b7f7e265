import { readFileSync } from 'node:fs';
import { sharedFile } from '../../../shared-data.ts';
import { type OffenceTable, parseOffenceTable } from './offence-table.ts';

let cached: OffenceTable | undefined;

/** Path of the published mapping in the shared data folder. */
export function offenceTablePath(): string {
  return sharedFile('data', 'ogrs3', 'offence-code-mapping.csv');
}

/** Reads and parses the OGRS3 offence table once per process (or from `file` when given). */
export function loadOffenceTable(file?: string): OffenceTable {
  if (file) return parseOffenceTable(readFileSync(file, 'utf8'), file);
  if (!cached) {
    const path = offenceTablePath();
    cached = parseOffenceTable(readFileSync(path, 'utf8'), path);
  }
  return cached;
}
