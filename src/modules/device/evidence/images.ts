import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../../../db/schema.ts';
import { errors } from '../../../http/errors.ts';
import { hashImage } from '../pdq/image.ts';
import { forceIndex } from './hash-lists.ts';

/** PDQ's usual match threshold: Hamming distance 31 or less of 256 bits. */
export const MATCH_DISTANCE = 31;

export interface ImageFacts {
  record: string;
  pdq: string;
  quality: number;
  sha256: string;
  matches: Array<{ list: string; source: string; distance: number }>;
  bytes: Uint8Array;
  /** A small, heavily blurred preview; none for a matched image, which is never shown. */
  preview: Buffer | null;
}

/**
 * Hashes each image with PDQ, matches it against every list the force holds, and makes a
 * blurred preview of each unmatched one (shown until an officer chooses to see the image).
 * An image that cannot be decoded stops the import, named by its record.
 */
export async function imageFacts(
  db: Kysely<DB>,
  forceId: number,
  images: ReadonlyArray<{ record: string; bytes: Uint8Array }>,
): Promise<ImageFacts[]> {
  if (!images.length) return [];
  const index = await forceIndex(db, forceId);
  const out: ImageFacts[] = [];
  const problems: Array<{ path: string; message: string }> = [];
  for (const image of images) {
    try {
      const { hash, quality } = await hashImage(image.bytes, image.record);
      const matches = index
        .query(hash, MATCH_DISTANCE)
        .map((m) => ({ list: m.payload.list, source: m.payload.source, distance: m.distance }));
      out.push({
        record: image.record,
        pdq: hash,
        quality,
        sha256: createHash('sha256').update(image.bytes).digest('hex'),
        matches,
        bytes: image.bytes,
        preview: matches.length ? null : await blurredPreview(image.bytes),
      });
    } catch (e) {
      problems.push({ path: image.record, message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (problems.length) throw errors.validation(problems);
  return out;
}

/** A preview 160 pixels wide, blurred past recognition (Gaussian, sigma 12), as JPEG. */
export async function blurredPreview(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: 50_000_000 })
    .rotate()
    .resize({ width: 160, height: 160, fit: 'inside' })
    .blur(12)
    .jpeg({ quality: 60 })
    .toBuffer();
}
