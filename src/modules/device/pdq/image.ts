import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { type PdqResult, pdqFromPixels } from './pdq.ts';

/**
 * Decoding an image file for PDQ the way the reference hashers prepare it, so hashes compare with
 * theirs: the first frame (GIF, animated WebP), no EXIF rotation (the reference reads pixels as
 * stored), alpha dropped rather than composited (PIL's `convert("RGB")`), and an image larger than
 * 512 pixels on a side first shrunk to fit 512x512 keeping its shape (the reference Python hasher's
 * `thumbnail((512, 512))`; the two-pass tent filter is too slow on full-size photographs).
 */

/** Images are shrunk to fit this square before hashing, as the reference does. */
export const PREPARED_SIZE = 512;

/** The most pixels (width x height) an image may declare: larger ones are refused unread. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** The largest image file read from disk. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** An image that cannot be decoded or is too large; the message names it. */
export class ImageError extends Error {
  constructor(
    readonly image: string,
    message: string,
  ) {
    super(`${image}: ${message}`);
  }
}

/** 8-bit RGB pixels, row-major and interleaved, ready for `pdqFromPixels`. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Decodes image bytes (`name` is used in errors only) to at most 512x512 RGB pixels. */
export async function decodeForPdq(bytes: Uint8Array, name: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .resize({ width: PREPARED_SIZE, height: PREPARED_SIZE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return {
      width: info.width,
      height: info.height,
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (e) {
    throw new ImageError(name, `cannot be decoded as an image (${describe(e)})`);
  }
}

function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(message)) return `larger than ${MAX_INPUT_PIXELS.toLocaleString('en-GB')} pixels`;
  return message.split('\n')[0]!.trim();
}

/** The PDQ hash and quality of an image given as bytes; `name` identifies it in errors. */
export async function hashImage(bytes: Uint8Array, name: string): Promise<PdqResult> {
  const image = await decodeForPdq(bytes, name);
  return pdqFromPixels(image.pixels, image.width, image.height, 3);
}

/** The PDQ hash and quality of an image file; errors name the file. */
export async function hashImageFile(file: string): Promise<PdqResult> {
  return hashImage(await readImageFile(file), file);
}

/** Reads an image file, refusing a missing file, a folder or one over `MAX_FILE_BYTES`. */
export async function readImageFile(file: string): Promise<Uint8Array> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new ImageError(file, 'is not a file');
    size = s.size;
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw new ImageError(file, 'no such file');
  }
  if (size > MAX_FILE_BYTES) throw new ImageError(file, `larger than ${MAX_FILE_BYTES / 2 ** 20} MiB`);
  return readFile(file);
}
