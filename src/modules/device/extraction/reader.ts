import type { DeviceRecord } from './records.ts';

/**
 * What every reader of one uploaded file gives back, before the records are numbered: the
 * records (without their `id`), the count of lines or rows left out by reason, and notes on
 * what was read only in part.
 */

/** A record as a reader makes it: everything but the id, which the import assigns in order. */
export type Draft<T extends DeviceRecord = DeviceRecord> = T extends DeviceRecord ? Omit<T, 'id'> : never;

/** One uploaded file. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** What one file gave. `images` holds bytes by the index of their record in `records`. */
export interface FileRead {
  records: Draft[];
  skipped: Record<string, number>;
  warnings: string[];
  images?: Map<number, Uint8Array>;
  /** Records to look at twice (a HEIC image that cannot be shown), by index, with why. */
  flagged?: Map<number, string>;
}

/** Counts of things left out, by reason. */
export class Tally {
  readonly counts: Record<string, number> = {};

  /** Counts one more left out for this reason. */
  add(reason: string, n = 1): void {
    if (n) this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }
}

/** Text from bytes: UTF-8 (BOM dropped) or UTF-16 with a BOM. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** A count in words: `1 message`, `1,204 messages`. */
export const plural = (n: number, word: string) =>
  `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** An error's message, whatever was thrown. */
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
