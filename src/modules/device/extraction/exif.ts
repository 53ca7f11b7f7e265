import type { LocalTime } from './time.ts';

/**
 * When a JPEG's camera says it was taken: EXIF DateTimeOriginal (tag 0x9003 of the Exif IFD),
 * else DateTime (0x0132 of IFD0), with OffsetTimeOriginal (0x9011) when the camera wrote it.
 * Read from the APP1 `Exif` segment's TIFF structure (CIPA DC-008, Exif 2.32: byte order, IFD
 * entries of 12 bytes, ASCII values `YYYY:MM:DD HH:MM:SS`). Nothing else of the EXIF is read.
 */
export interface CaptureTime {
  local: LocalTime;
  /** Minutes east of UTC, when the camera recorded its offset. */
  offsetMinutes?: number;
}

/** The TIFF block of a JPEG's EXIF segment, or undefined. */
function tiffOf(b: Uint8Array): Uint8Array | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  for (let at = 2; at + 4 <= b.length; ) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, start of scan
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (length < 2 || at + 2 + length > b.length) return undefined;
    const body = b.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && body.length > 14 && String.fromCharCode(...body.subarray(0, 6)) === 'Exif\0\0')
      return body.subarray(6);
    at += 2 + length;
  }
  return undefined;
}

/** The ASCII values of some tags in an IFD, and the offset of the Exif IFD if it points to one. */
function readIfd(
  t: Uint8Array,
  offset: number,
  little: boolean,
  tags: number[],
): Map<number, string | number> {
  const u16 = (at: number) => (little ? t[at]! | (t[at + 1]! << 8) : (t[at]! << 8) | t[at + 1]!);
  const u32 = (at: number) => (little ? u16(at) | (u16(at + 2) << 16) : (u16(at) << 16) | u16(at + 2)) >>> 0;
  const out = new Map<number, string | number>();
  if (offset + 2 > t.length) return out;
  const count = u16(offset);
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12;
    if (at + 12 > t.length) break;
    const tag = u16(at);
    if (!tags.includes(tag)) continue;
    const type = u16(at + 2);
    const n = u32(at + 4);
    if (type === 4 || (type === 13 && n === 1)) out.set(tag, u32(at + 8));
    else if (type === 2 && n <= 64) {
      const from = n <= 4 ? at + 8 : u32(at + 8);
      if (from + n > t.length) continue;
      out.set(tag, String.fromCharCode(...t.subarray(from, from + n)).replace(/\0+$/, ''));
    }
  }
  return out;
}

const DATE_TIME = 0x0132;
const EXIF_IFD = 0x8769;
const ORIGINAL = 0x9003;
const OFFSET_ORIGINAL = 0x9011;

function localOf(text: string | number | undefined): LocalTime | undefined {
  const m =
    typeof text === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text) : null;
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return year > 1900 ? { year, month, day, hour, minute, second } : undefined;
}

/** The capture time a JPEG states, or undefined (not a JPEG, no EXIF, no or blank time). */
export function captureTime(b: Uint8Array): CaptureTime | undefined {
  const t = tiffOf(b);
  if (!t || t.length < 8) return undefined;
  const order = String.fromCharCode(t[0]!, t[1]!);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const first = little
    ? (t[4]! | (t[5]! << 8) | (t[6]! << 16) | (t[7]! << 24)) >>> 0
    : ((t[4]! << 24) | (t[5]! << 16) | (t[6]! << 8) | t[7]!) >>> 0;
  const ifd0 = readIfd(t, first, little, [DATE_TIME, EXIF_IFD]);
  const exifAt = ifd0.get(EXIF_IFD);
  const exif =
    typeof exifAt === 'number' ? readIfd(t, exifAt, little, [ORIGINAL, OFFSET_ORIGINAL]) : new Map();
  const local = localOf(exif.get(ORIGINAL)) ?? localOf(ifd0.get(DATE_TIME));
  if (!local) return undefined;
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(String(exif.get(OFFSET_ORIGINAL) ?? ''));
  return offset
    ? { local, offsetMinutes: (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) }
    : { local };
}
