import { existsSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../shared-data.ts';

/**
 * Tests that need a shared data set (../shared or BLUELAMP_SHARED_DIR) ask for it here.
 *
 * - present: the absolute path is returned and the test runs;
 * - missing, outside CI: `skip` is true and `reason` says which file is missing, so the test is
 *   reported as skipped with that reason (`describe.skipIf(data.skip)`);
 * - missing with CI=true: this throws, so the run fails rather than silently skipping.
 */
export interface SharedData {
  path: string;
  skip: boolean;
  reason: string;
}

export function sharedData(...parts: string[]): SharedData {
  const file = path.join(sharedDir, ...parts);
  if (existsSync(file)) return { path: file, skip: false, reason: '' };
  const reason = `shared data set missing: ${file} (set BLUELAMP_SHARED_DIR to point elsewhere)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true requires every shared data set`);
  return { path: file, skip: true, reason };
}

/** A describe-block title that carries the skip reason when the data is missing. */
export function titleWith(data: SharedData, title: string): string {
  return data.skip ? `${title} [skipped: ${data.reason}]` : title;
}
