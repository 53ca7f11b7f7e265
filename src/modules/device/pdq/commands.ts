/** What the `pdq` commands do, apart from parsing arguments and printing. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashImageFile, ImageError } from './image.ts';
import type { ListPayload, PdqIndex } from './index.ts';
import { type HashList, HashListError, parseHashList } from './lists.ts';
import type { PdqResult } from './pdq.ts';

/** The largest hash list file read (about 5 million hashes with labels). */
export const MAX_LIST_FILE_BYTES = 400 * 1024 * 1024;

/** One image's outcome: its hash and quality, or why it could not be hashed. */
export type HashOutcome = { file: string } & ({ ok: true; result: PdqResult } | { ok: false; error: string });

/** Hashes each file in turn; a file that cannot be read or decoded gives an error naming it. */
export async function hashFiles(files: readonly string[]): Promise<HashOutcome[]> {
  const out: HashOutcome[] = [];
  for (const file of files) {
    try {
      out.push({ file, ok: true, result: await hashImageFile(file) });
    } catch (e) {
      if (!(e instanceof ImageError)) throw e;
      out.push({ file, ok: false, error: e.message });
    }
  }
  return out;
}

/**
 * A named list read from a file; the name is the file's `# name:` header, else its file name.
 * A missing, oversized or malformed file is a `HashListError` naming it (and the line).
 */
export async function readListFile(file: string): Promise<HashList & { name: string }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new HashListError(file, 0, 'no such file');
  }
  if (size > MAX_LIST_FILE_BYTES)
    throw new HashListError(file, 0, `larger than ${MAX_LIST_FILE_BYTES / 2 ** 20} MiB`);
  const list = parseHashList(await readFile(file, 'utf8'), file);
  return { ...list, name: list.name ?? path.basename(file) };
}

/** One image matched against the index: each list entry within the threshold. */
export interface MatchLine {
  file: string;
  hash: string;
  list: string;
  matched: string;
  distance: number;
  label: string | null;
}

/** Matches hashed images against an index, nearest first for each image. */
export function matchOutcomes(
  outcomes: readonly HashOutcome[],
  index: PdqIndex<ListPayload>,
  threshold: number,
) {
  const lines: MatchLine[] = [];
  for (const o of outcomes) {
    if (!o.ok) continue;
    for (const m of index.query(o.result.hash, threshold))
      lines.push({
        file: o.file,
        hash: o.result.hash,
        list: m.payload.list,
        matched: m.hash,
        distance: m.distance,
        label: m.payload.label,
      });
  }
  return lines;
}
