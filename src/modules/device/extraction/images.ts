import { createHash } from 'node:crypto';
import { entryBytes, type ZipEntry, ZipError, type ZipLimits, zipEntries } from '../../../formats/zip.ts';
import { FileProblems } from './errors.ts';
import { captureTime } from './exif.ts';
import { type Draft, decodeText, type FileRead, type InputFile, plural, Tally } from './reader.ts';
import type { ImageRecord } from './records.ts';
import { isoUtc, isValidLocal, localToUtc } from './time.ts';
import { looksLikeWhatsApp } from './whatsapp.ts';

/**
 * A zip of images: every entry whose first bytes are a JPEG, PNG, GIF, WebP or HEIC/HEIF image
 * becomes an image record (its SHA-256, size and time: a JPEG's EXIF capture time, else the
 * entry's modification time), its bytes kept apart.
 * HEIC/HEIF images are listed but flagged, as browsers cannot show them. Other entries, and
 * entries named as images whose bytes are not, are counted and left out; a WhatsApp chat
 * export inside (`_chat.txt` of an export with media) is handed back to be read as a chat.
 */

/** Image types told by their first bytes. */
export type ImageType = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic';

const IMAGE_NAME = /\.(jpe?g|png|gif|webp|hei[cf])$/i;
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The image type the bytes start with, if any. */
export function imageType(b: Uint8Array): ImageType | undefined {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(b, 8, 12))) return 'heic';
  return undefined;
}

/** Options of the image reader: limits and the zone of the zip's local times. */
export interface ImageOptions extends ZipLimits {
  timeZone: string;
}

/** The zip's entries, or its problem named for the officer. */
function listed(bytes: Uint8Array, limits: ZipLimits, problems: FileProblems): ZipEntry[] {
  try {
    return zipEntries(bytes, limits);
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
    if (e.reason === 'size')
      problems.fail(
        undefined,
        `unpacks to more than ${Math.round(limits.unzippedBytes / 1024 / 1024)} MB (the sizes its entries declare), the limit: refused as a possible zip bomb`,
      );
    problems.fail(undefined, e.reason === 'damaged' ? `not a readable zip: ${e.detail}` : e.detail);
  }
}

/** A JPEG's EXIF capture time in UTC: with the offset the camera wrote, else local in the zone. */
function cameraTime(bytes: Uint8Array, timeZone: string): string | undefined {
  const t = captureTime(bytes);
  if (!t || !isValidLocal(t.local)) return undefined;
  if (t.offsetMinutes === undefined) return isoUtc(localToUtc(t.local, timeZone).getTime());
  const { year, month, day, hour, minute, second } = t.local;
  return isoUtc(Date.UTC(year, month - 1, day, hour, minute, second) - t.offsetMinutes * 60_000);
}

/** Reads a zip of images. Record positions are `entry N` (its place in the zip's directory). */
export function readImages(file: InputFile, options: ImageOptions): FileRead & { chats: InputFile[] } {
  const problems: FileProblems = new FileProblems(file.name);
  const entries = listed(file.bytes, options, problems);
  const skipped = new Tally();
  const records: Draft[] = [];
  const images = new Map<number, Uint8Array>();
  const flagged = new Map<number, string>();
  const chats: InputFile[] = [];
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const position = `entry ${e.index}`;
    if (e.name.startsWith('__MACOSX/') || e.name.split('/').pop()!.startsWith('._')) {
      skipped.add('zip entry of macOS metadata');
      continue;
    }
    const bytes = entryBytes(file.bytes, e);
    if (typeof bytes === 'string') {
      problems.add(position, `${e.name}: ${bytes}`);
      continue;
    }
    const type = imageType(bytes);
    if (!type && /\.txt$/i.test(e.name) && looksLikeWhatsApp(decodeText(bytes.subarray(0, 4096)))) {
      chats.push({ name: `${file.name}/${e.name}`, bytes });
      continue;
    }
    if (!type) {
      skipped.add(
        IMAGE_NAME.test(e.name)
          ? 'zip entry named as an image but not one'
          : 'zip entry that is not an image',
      );
      continue;
    }
    const camera = type === 'jpeg' ? cameraTime(bytes, options.timeZone) : undefined;
    const at =
      camera ??
      (e.utcSeconds !== undefined
        ? isoUtc(e.utcSeconds * 1000)
        : isValidLocal(e.dos)
          ? isoUtc(localToUtc(e.dos, options.timeZone).getTime())
          : undefined);
    if (!at) {
      problems.add(position, `${e.name}: no valid modification time`);
      continue;
    }
    const record: Draft<ImageRecord> = {
      kind: 'image',
      source: { file: `${file.name}/${e.name}`, position },
      at,
      name: e.name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      timeFrom: camera ? 'camera' : 'zip',
    };
    if (type === 'heic')
      flagged.set(records.length, 'HEIC/HEIF image: listed, but it cannot be shown in a browser');
    images.set(records.length, bytes.slice());
    records.push(record);
  }
  problems.check();
  const warnings = flagged.size
    ? [`${plural(flagged.size, 'HEIC/HEIF image')} listed but flagged: they cannot be shown in a browser`]
    : [];
  return { records, skipped: skipped.counts, warnings, images, flagged, chats };
}
