import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { entryBytes, ZipError, zipEntries } from './zip.ts';

const text = (s: string) => new TextEncoder().encode(s);
const LIMITS = { entries: 10, unzippedBytes: 1024 * 1024 };

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ZipError) return `${e.reason}: ${e.detail}`;
    throw e;
  }
  return 'read';
}

describe('zip reader', () => {
  it('lists the entries and unpacks stored and deflated ones', () => {
    const zip = zipSync({ 'a.txt': [text('stored'), { level: 0 }], 'b/c.txt': text('deflated '.repeat(50)) });
    const entries = zipEntries(zip, LIMITS);
    expect(entries.map((e) => [e.index, e.name, e.method])).toEqual([
      [1, 'a.txt', 0],
      [2, 'b/c.txt', 8],
    ]);
    expect(new TextDecoder().decode(entryBytes(zip, entries[1]!) as Uint8Array)).toBe('deflated '.repeat(50));
  });

  it('refuses before inflating when the declared sizes or the count pass the limits', () => {
    const zip = zipSync({ 'a.txt': text('x'.repeat(2000)), 'b.txt': text('y') });
    expect(reason(() => zipEntries(zip, { entries: 10, unzippedBytes: 1500 }))).toBe(
      'size: the sizes its entries declare add up to more than the limit',
    );
    expect(reason(() => zipEntries(zip, { entries: 1, unzippedBytes: 1e6 }))).toBe(
      'entries: 2 entries, over the limit of 1',
    );
  });

  it('names damage: no directory, a corrupted entry', () => {
    expect(reason(() => zipEntries(text('not a zip at all'), LIMITS))).toBe(
      'damaged: no end of central directory',
    );
    const zip = zipSync({ 'a.txt': [text('stored bytes'), { level: 0 }] });
    const entry = zipEntries(zip, LIMITS)[0]!;
    const spoilt = zip.slice();
    const at = spoilt.indexOf(text('s')[0]!, 30);
    spoilt[at] = spoilt[at]! ^ 1;
    expect(entryBytes(spoilt, entry)).toBe('its CRC-32 does not match: the entry is damaged');
  });
});
