import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder holding package.json). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The shared reference folder (`../shared` beside the checkout, or BLUELAMP_SHARED_DIR).
 * Real public data sets live there, never in this repository.
 */
export const sharedDir = path.resolve(
  process.env.BLUELAMP_SHARED_DIR ?? path.join(projectRoot, '..', 'shared'),
);

/** Absolute path of a file under shared/, failing with a clear message when it is missing. */
export function sharedFile(...parts: string[]): string {
  const file = path.join(sharedDir, ...parts);
  if (!existsSync(file)) {
    throw new Error(
      `Reference file missing: ${file}. The shared data sets are expected in ${sharedDir} ` +
        '(set BLUELAMP_SHARED_DIR to point elsewhere).',
    );
  }
  return file;
}
