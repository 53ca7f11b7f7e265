import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OffenceTable, parseOffenceTable } from './offence-table.ts';

let cached: OffenceTable | undefined;

/**
 * Path of the published OGRS3 offence weightings shipped with the module (MIT, Crown Copyright,
 * Ministry of Justice: see data/README.md and data/LICENSE).
 */
export function offenceTablePath(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'ogrs3-offence-weightings.csv');
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
