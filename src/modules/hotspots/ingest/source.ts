import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AsyncUnzipInflate, Unzip } from 'fflate';

/** A zip archive that cannot be read as asked (not a zip, truncated, no such member). */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/**
 * A compressed file that unpacks to more than is allowed, or at a ratio no real crime export
 * has (a "zip bomb"). Reading stops as soon as the limit is passed.
 */
export class UnpackLimitError extends ArchiveError {
  override name = 'UnpackLimitError';
  constructor(
    readonly file: string,
    readonly reason: 'size' | 'ratio',
    readonly limit: number,
  ) {
    super(
      reason === 'size'
        ? `${file}: unpacks to more than ${Math.round(limit / 2 ** 20).toLocaleString('en-GB')} MB`
        : `${file}: unpacks to more than ${limit} times its packed size, far beyond any CSV export; it is refused as a possible zip bomb`,
    );
  }
}

export interface UnpackLimits {
  /** Most bytes a compressed file may unpack to (default 4 GiB). */
  maxBytes?: number;
  /** Most unpacked bytes per packed byte, checked past the first MiB (default 100; CSV packs 5 to 20 times). */
  maxRatio?: number;
}

const DEFAULT_MAX_BYTES = 4 * 2 ** 30;
const DEFAULT_MAX_RATIO = 100;
/** Below this many unpacked bytes the ratio is not checked (small files of one repeated value). */
const RATIO_GRACE = 2 ** 20;

/**
 * Opens a CSV file as a byte stream: plain, gzip (`.gz`) or one named member of a zip archive
 * (`.zip`), decompressed on the fly (gzip on libuv's thread pool, zip members on fflate's worker
 * threads) with backpressure, so large files never sit in memory whole and the event loop stays
 * free. Unpacking stops with an `UnpackLimitError` past the size or ratio limits.
 */
export function openCsv(file: string, member?: string, limits: UnpackLimits = {}): Readable {
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz')) {
    // Small reads, counted as they enter the decompressor: the ratio is checked against what has
    // been unpacked from, not what has been read ahead.
    const raw = createReadStream(file, { highWaterMark: 16 * 1024 });
    let fed = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        fed += chunk.length;
        done(null, chunk);
      },
    });
    const gunzip = createGunzip();
    const guard = unpackGuard(file, limits, () => fed);
    // A gzip file ends with its unpacked size (mod 2^32): one that says it is a bomb is refused
    // before anything is unpacked. A false trailer only falls back to the guard.
    const trailer = gzipTrailer(file);
    const declared = trailer && declaredLimit(file, trailer.packed, trailer.unpacked, limits);
    if (declared) {
      raw.destroy();
      const refused = new PassThrough();
      process.nextTick(() => refused.destroy(declared));
      return refused;
    }
    raw.on('error', (e) => guard.destroy(e));
    gunzip.on('error', (e) => guard.destroy(e));
    guard.on('close', () => {
      raw.destroy();
      gunzip.destroy();
    });
    return raw.pipe(counter).pipe(gunzip).pipe(guard);
  }
  if (lower.endsWith('.zip')) return openZipMember(file, member, limits);
  return createReadStream(file);
}

/**
 * Counts unpacked bytes and stops the stream once they pass the limits, or pass what the archive
 * itself declared (`declared`, when known): a member that unpacks to more than its header says is
 * forged.
 */
function unpackGuard(
  file: string,
  limits: UnpackLimits,
  packed: () => number,
  declared: () => number | undefined = () => undefined,
): Transform {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRatio = limits.maxRatio ?? DEFAULT_MAX_RATIO;
  let unpacked = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpacked += chunk.length;
      if (unpacked > maxBytes) return done(new UnpackLimitError(file, 'size', maxBytes));
      const said = declared();
      if (said !== undefined && unpacked > said)
        return done(
          new ArchiveError(`${file}: a member unpacks to more than its header declares (${said} bytes)`),
        );
      if (unpacked > RATIO_GRACE && unpacked > maxRatio * Math.max(1, packed()))
        return done(new UnpackLimitError(file, 'ratio', maxRatio));
      done(null, chunk);
    },
  });
}

/** The file size and the unpacked size a gzip file's trailer states, or null if unreadable. */
function gzipTrailer(file: string): { packed: number; unpacked: number } | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const { size } = fstatSync(fd);
    if (size < 18) return null;
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, size - 4);
    return { packed: size, unpacked: tail.readUInt32LE(0) };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The limit a zip member's declared sizes already pass, if any. */
function declaredLimit(
  file: string,
  packed: number | undefined,
  unpacked: number | undefined,
  limits: UnpackLimits,
): UnpackLimitError | null {
  if (unpacked === undefined) return null;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRatio = limits.maxRatio ?? DEFAULT_MAX_RATIO;
  if (unpacked > maxBytes) return new UnpackLimitError(file, 'size', maxBytes);
  if (unpacked > RATIO_GRACE && packed !== undefined && unpacked > maxRatio * Math.max(1, packed))
    return new UnpackLimitError(file, 'ratio', maxRatio);
  return null;
}

function openZipMember(file: string, member: string | undefined, limits: UnpackLimits): Readable {
  const raw = createReadStream(file);
  const out = new PassThrough();
  let sizes: { packed?: number | undefined; unpacked?: number | undefined } = {};
  const guard = unpackGuard(
    file,
    limits,
    () => sizes.packed ?? raw.bytesRead,
    () => sizes.unpacked,
  );
  const seen: string[] = [];
  let found = false;
  let finished = false;
  const fail = (error: Error) => {
    if (finished) return;
    finished = true;
    raw.destroy();
    guard.destroy(error);
  };
  const unzip = new Unzip((entry) => {
    seen.push(entry.name);
    const wanted =
      member === undefined ? entry.name.toLowerCase().endsWith('.csv') && !found : entry.name === member;
    if (!wanted) return;
    found = true;
    // The sizes the archive declares (absent when written as a stream) are checked before any
    // byte is unpacked; the guard then holds the member to them.
    sizes = { packed: entry.size, unpacked: entry.originalSize };
    const declared = declaredLimit(file, entry.size, entry.originalSize, limits);
    if (declared) return fail(declared);
    entry.ondata = (err, chunk, final) => {
      if (finished) return;
      if (err) return fail(new ArchiveError(`${file}: cannot inflate ${entry.name}: ${err.message}`));
      // Backpressure: stop reading the archive while the reader is behind.
      if (chunk.length > 0 && !out.write(chunk)) raw.pause();
      if (final) {
        finished = true;
        out.end();
      }
    };
    entry.start();
  });
  unzip.register(AsyncUnzipInflate);
  out.on('drain', () => raw.resume());
  raw.on('data', (chunk) => {
    try {
      unzip.push(chunk as Buffer);
    } catch (e) {
      fail(new ArchiveError(`${file}: not a readable zip archive (${(e as Error).message})`));
    }
  });
  raw.on('end', () => {
    try {
      unzip.push(new Uint8Array(0), true);
    } catch (e) {
      fail(new ArchiveError(`${file}: truncated zip archive (${(e as Error).message})`));
      return;
    }
    if (!found) {
      const what = member === undefined ? 'no .csv member' : `no member '${member}'`;
      fail(new ArchiveError(`${file}: ${what} in the zip (members: ${seen.join(', ') || 'none'})`));
    }
  });
  raw.on('error', (e) => fail(e));
  out.on('error', (e) => fail(e));
  guard.on('close', () => raw.destroy());
  return out.pipe(guard);
}
