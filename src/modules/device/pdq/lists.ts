import { isPdqHash } from './pdq.ts';

/**
 * Known-image hash lists as hash-sharing schemes supply them, in text: one PDQ hash (64 hex
 * digits) a line, optionally followed by whitespace and a label; blank lines and `#` comments are
 * skipped, and the comments `# name: ...` and `# source: ...` give the list's name and source.
 */

/** One hash of a list, lower-cased, with its label if the line had one. */
export interface HashListEntry {
  hash: string;
  label: string | null;
  line: number;
}

/** A parsed list; name and source are null when the file does not say. */
export interface HashList {
  name: string | null;
  source: string | null;
  hashes: HashListEntry[];
}

/** The most hashes one list file may hold. */
export const MAX_LIST_HASHES = 5_000_000;

/** The longest label kept for an entry, in characters. */
export const MAX_LABEL_LENGTH = 200;

/** A malformed list; the message names the file and line. */
export class HashListError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(line ? `${file} line ${line}: ${message}` : `${file}: ${message}`);
  }
}

const HEADER = /^#\s*(name|source)\s*:\s*(.*)$/i;

/** Parses a hash list's text; `file` names it in errors. */
export function parseHashList(text: string, file: string): HashList {
  const list: HashList = { name: null, source: null, hashes: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      readHeader(list, line);
      continue;
    }
    list.hashes.push(parseEntry(line, file, i + 1));
    if (list.hashes.length > MAX_LIST_HASHES)
      throw new HashListError(file, i + 1, `more than ${MAX_LIST_HASHES.toLocaleString('en-GB')} hashes`);
  }
  return list;
}

function readHeader(list: HashList, line: string): void {
  const m = HEADER.exec(line);
  if (!m) return;
  const value = m[2]!.trim();
  if (!value) return;
  if (m[1]!.toLowerCase() === 'name') list.name ??= value;
  else list.source ??= value;
}

function parseEntry(line: string, file: string, n: number): HashListEntry {
  const space = line.search(/\s/);
  const hash = space < 0 ? line : line.slice(0, space);
  if (!isPdqHash(hash)) {
    const shown = hash.length > 20 ? `${hash.slice(0, 20)}...` : hash;
    throw new HashListError(
      file,
      n,
      `"${shown}" is not a PDQ hash (expected 64 hex digits, got ${hash.length} characters)`,
    );
  }
  const label = space < 0 ? '' : line.slice(space).trim();
  if (label.length > MAX_LABEL_LENGTH)
    throw new HashListError(file, n, `label longer than ${MAX_LABEL_LENGTH} characters`);
  return { hash: hash.toLowerCase(), label: label || null, line: n };
}
