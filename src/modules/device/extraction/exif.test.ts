import { describe, expect, it } from 'vitest';
import { captureTime } from './exif.ts';

/** A JPEG with a big-endian (MM) EXIF segment holding IFD0 -> Exif IFD -> DateTimeOriginal. */
function bigEndianJpeg(original: string): Uint8Array {
  const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const u16 = (n: number) => [n >> 8, n & 0xff];
  const u32 = (n: number) => [...u16(n >>> 16), ...u16(n & 0xffff)];
  const value = [...ascii(original), 0];
  // TIFF: header (8), IFD0 at 8 with one entry (2 + 12 + 4 = 18), Exif IFD at 26 (18), value at 44.
  const tiff = [
    ...ascii('MM'),
    ...u16(42),
    ...u32(8),
    ...u16(1),
    ...u16(0x8769),
    ...u16(4),
    ...u32(1),
    ...u32(26),
    ...u32(0),
    ...u16(1),
    ...u16(0x9003),
    ...u16(2),
    ...u32(value.length),
    ...u32(44),
    ...u32(0),
    ...value,
  ];
  const app1 = [...ascii('Exif'), 0, 0, ...tiff];
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, ...u16(app1.length + 2), ...app1, 0xff, 0xd9]);
}

describe('EXIF capture time', () => {
  it('reads big-endian EXIF as well as little-endian', () => {
    expect(captureTime(bigEndianJpeg('2023:11:05 17:45:09'))).toEqual({
      local: { year: 2023, month: 11, day: 5, hour: 17, minute: 45, second: 9 },
    });
  });

  it('gives nothing for a JPEG cut short, an empty time or bytes that are not a JPEG', () => {
    const whole = bigEndianJpeg('2023:11:05 17:45:09');
    expect(captureTime(whole.subarray(0, 30))).toBeUndefined();
    expect(captureTime(bigEndianJpeg('                   '))).toBeUndefined();
    expect(captureTime(new TextEncoder().encode('GIF89a'))).toBeUndefined();
  });
});
