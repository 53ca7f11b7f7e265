import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';

/** A zip archive that cannot be read as asked (not a zip, truncated, no such member). */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/**
 * Opens a CSV file as a byte stream: plain, gzip (`.gz`) or one named member of a zip archive
 * (`.zip`), decompressed on the fly so large files never sit in memory whole.
 */
export function openCsv(file: string, member?: string): Readable {
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz')) {
    const gunzip = createGunzip();
    const raw = createReadStream(file);
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  if (lower.endsWith('.zip')) return openZipMember(file, member);
  return createReadStream(file);
}

function openZipMember(file: string, member: string | undefined): Readable {
  const out = new PassThrough();
  const seen: string[] = [];
  let found = false;
  const unzip = new Unzip((entry) => {
    seen.push(entry.name);
    const wanted =
      member === undefined ? entry.name.toLowerCase().endsWith('.csv') && !found : entry.name === member;
    if (!wanted) return;
    found = true;
    entry.ondata = (err, chunk, final) => {
      if (err) {
        out.destroy(new ArchiveError(`${file}: cannot inflate ${entry.name}: ${err.message}`));
        return;
      }
      if (chunk.length > 0) out.write(chunk);
      if (final) out.end();
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  const raw = createReadStream(file);
  raw.on('data', (chunk) => {
    try {
      unzip.push(chunk as Buffer);
    } catch (e) {
      raw.destroy();
      out.destroy(new ArchiveError(`${file}: not a readable zip archive (${(e as Error).message})`));
    }
  });
  raw.on('end', () => {
    try {
      unzip.push(new Uint8Array(0), true);
    } catch (e) {
      out.destroy(new ArchiveError(`${file}: truncated zip archive (${(e as Error).message})`));
      return;
    }
    if (!found) {
      const what = member === undefined ? 'no .csv member' : `no member '${member}'`;
      out.destroy(new ArchiveError(`${file}: ${what} in the zip (members: ${seen.join(', ') || 'none'})`));
    }
  });
  raw.on('error', (e) => out.destroy(e));
  return out;
}
