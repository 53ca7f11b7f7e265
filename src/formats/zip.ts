import { Inflate } from 'fflate';

/**
 * A small zip reader with a guard against zip bombs: the central directory is read first
 * (PKWARE APPNOTE.TXT, sections 4.3.12 and 4.3.16), the sizes it declares are added up against
 * a limit before anything is inflated, and each entry is inflated in steps and stopped as soon
 * as it gives more than it declared. Every entry's CRC-32 is checked.
 */

/** How much a zip may hold. */
export interface ZipLimits {
  entries: number;
  unzippedBytes: number;
}

/** One entry of the central directory. */
export interface ZipEntry {
  /** 1-based place in the central directory. */
  index: number;
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  crc: number;
  headerOffset: number;
  /** Modification time: UTC seconds from an extended-timestamp field, else the DOS local fields. */
  utcSeconds?: number;
  dos: { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** The UTC modification time in an extended-timestamp extra field (0x5455), if any. */
function extendedTime(b: Uint8Array, from: number, to: number): number | undefined {
  for (let at = from; at + 4 <= to; ) {
    const id = u16(b, at);
    const len = u16(b, at + 2);
    if (id === 0x5455 && len >= 5 && b[at + 4]! & 1) return u32(b, at + 5);
    at += 4 + len;
  }
  return undefined;
}

/** Why a zip's directory cannot be read, or is refused. */
export class ZipError extends Error {
  override name = 'ZipError';
  constructor(
    readonly reason: 'damaged' | 'zip64' | 'entries' | 'size',
    /** What is wrong, for the reader's message. */
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * The entries a zip lists; throws a {@link ZipError} when it is damaged, zip64, has too many
 * entries, or the sizes its entries declare add up to more than the limit.
 */
export function zipEntries(b: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const damaged = (why: string): never => {
    throw new ZipError('damaged', why);
  };
  let end = -1;
  for (let at = b.length - 22; at >= Math.max(0, b.length - 22 - 65_535); at--) {
    if (u32(b, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) damaged('no end of central directory');
  const count = u16(b, end + 10);
  const dirSize = u32(b, end + 12);
  const dirOffset = u32(b, end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw new ZipError('zip64', 'a zip64 archive, which is not read');
  if (count > limits.entries)
    throw new ZipError(
      'entries',
      `${count.toLocaleString('en-GB')} entries, over the limit of ${limits.entries.toLocaleString('en-GB')}`,
    );
  if (dirOffset + dirSize > end) damaged('the central directory runs past its end');
  const entries: ZipEntry[] = [];
  let declared = 0;
  for (let at = dirOffset, i = 1; i <= count; i++) {
    if (at + 46 > end || u32(b, at) !== 0x02014b50) damaged(`central directory entry ${i} is damaged`);
    const nameLen = u16(b, at + 28);
    const extraLen = u16(b, at + 30);
    const time = u16(b, at + 12);
    const date = u16(b, at + 14);
    const entry: ZipEntry = {
      index: i,
      name: new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLen)),
      method: u16(b, at + 10),
      encrypted: (u16(b, at + 8) & 1) === 1,
      compressedSize: u32(b, at + 20),
      size: u32(b, at + 24),
      crc: u32(b, at + 16),
      headerOffset: u32(b, at + 42),
      dos: {
        year: 1980 + (date >> 9),
        month: (date >> 5) & 15,
        day: date & 31,
        hour: time >> 11,
        minute: (time >> 5) & 63,
        second: (time & 31) * 2,
      },
    };
    const utc = extendedTime(b, at + 46 + nameLen, at + 46 + nameLen + extraLen);
    if (utc !== undefined) entry.utcSeconds = utc;
    declared += entry.size;
    if (declared > limits.unzippedBytes)
      throw new ZipError('size', 'the sizes its entries declare add up to more than the limit');
    entries.push(entry);
    at += 46 + nameLen + extraLen + u16(b, at + 32);
  }
  return entries;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as zip uses it (ISO 3309 polynomial 0xEDB88320, reflected). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * An entry's bytes, inflated in 64 KB steps and stopped once they pass the declared size (a
 * zip bomb costs at most one step more than it declares); or why it cannot be read.
 */
export function entryBytes(b: Uint8Array, e: ZipEntry): Uint8Array | string {
  if (e.encrypted) return 'encrypted';
  if (u32(b, e.headerOffset) !== 0x04034b50) return 'its local header is damaged';
  const start = e.headerOffset + 30 + u16(b, e.headerOffset + 26) + u16(b, e.headerOffset + 28);
  const data = b.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) return 'it runs past the end of the zip';
  let out: Uint8Array;
  if (e.method === 0) out = data;
  else if (e.method === 8) {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let over = false;
    const inflate = new Inflate((chunk) => {
      total += chunk.length;
      if (total > e.size) over = true;
      else chunks.push(chunk);
    });
    try {
      for (let at = 0; at < data.length && !over; at += 65_536) {
        const stop = Math.min(at + 65_536, data.length);
        inflate.push(data.subarray(at, stop), stop === data.length);
      }
      if (!data.length) inflate.push(new Uint8Array(0), true);
    } catch (err) {
      return `it does not inflate (${err instanceof Error ? err.message : String(err)})`;
    }
    if (over)
      return `it unpacks to more than the ${e.size.toLocaleString('en-GB')} bytes it declares: a damaged entry or a zip bomb`;
    out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
  } else return `compression method ${e.method} is not read (only stored and deflate)`;
  if (out.length !== e.size) return `it unpacks to ${out.length} bytes, not the ${e.size} it declares`;
  if (crc32(out) !== e.crc) return 'its CRC-32 does not match: the entry is damaged';
  return out;
}
