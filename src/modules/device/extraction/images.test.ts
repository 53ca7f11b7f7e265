import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ExtractionError } from './errors.ts';
import { imageType } from './images.ts';
import { LIMITS, readExtraction } from './read.ts';
import type { ImageRecord } from './records.ts';

const pixels = { width: 8, height: 8, channels: 3 as const, background: { r: 200, g: 30, b: 30 } };
const jpeg = await sharp({ create: pixels }).jpeg().toBuffer();
const png = await sharp({ create: pixels }).png().toBuffer();
const gif = await sharp({ create: pixels }).gif().toBuffer();
const webp = await sharp({ create: pixels }).webp().toBuffer();
const heic = new Uint8Array([
  0,
  0,
  0,
  0x18,
  ...new TextEncoder().encode('ftypheic'),
  0,
  0,
  0,
  0,
  ...new TextEncoder().encode('mif1heic'),
]);
const text = new TextEncoder().encode('not an image');
/** Local wall time 12 June 2024 10:00:00 (zip times are local), which is 09:00 UTC in London (BST). */
const mtime = new Date(2024, 5, 12, 10, 0, 0);

const zip = zipSync({
  'DCIM/IMG_0001.jpg': [jpeg, { mtime }],
  'DCIM/screen.png': [png, { mtime }],
  'DCIM/anim.gif': [gif, { mtime }],
  'DCIM/sticker.webp': [webp, { mtime }],
  'DCIM/IMG_0002.HEIC': [heic, { mtime }],
  'DCIM/notes.txt': [text, { mtime }],
  'DCIM/fake.jpg': [text, { mtime }],
  '__MACOSX/DCIM/._IMG_0001.jpg': [text, { mtime }],
});

describe('a zip of images', async () => {
  const read = await readExtraction([{ name: 'photos.zip', bytes: zip }]);
  const images = read.records as ImageRecord[];

  it('lists JPEG, PNG, GIF, WebP and HEIC entries by their bytes, with hash, size and time', () => {
    expect(images.map((r) => r.name)).toEqual([
      'DCIM/IMG_0001.jpg',
      'DCIM/screen.png',
      'DCIM/anim.gif',
      'DCIM/sticker.webp',
      'DCIM/IMG_0002.HEIC',
    ]);
    expect(images[0]).toEqual({
      id: 'r1',
      kind: 'image',
      source: { file: 'photos.zip/DCIM/IMG_0001.jpg', position: 'entry 1' },
      at: '2024-06-12T09:00:00Z',
      name: 'DCIM/IMG_0001.jpg',
      sha256: createHash('sha256').update(jpeg).digest('hex'),
      bytes: jpeg.length,
      timeFrom: 'zip',
    });
    expect([jpeg, png, gif, webp, heic].map((b) => imageType(b))).toEqual([
      'jpeg',
      'png',
      'gif',
      'webp',
      'heic',
    ]);
  });

  it('returns the bytes apart, by record id, and flags HEIC', () => {
    expect(Buffer.from(read.images.get('r2')!).equals(png)).toBe(true);
    expect(read.images.size).toBe(5);
    expect(read.flagged).toEqual([
      { id: 'r5', reason: 'HEIC/HEIF image: listed, but it cannot be shown in a browser' },
    ]);
    expect(read.files[0]!.warnings).toEqual([
      '1 HEIC/HEIF image listed but flagged: they cannot be shown in a browser',
    ]);
  });

  it('counts entries that are not images', () => {
    expect(read.skipped).toEqual({
      'zip entry that is not an image': 1,
      'zip entry named as an image but not one': 1,
      'zip entry of macOS metadata': 1,
    });
  });
});

/** Central-directory offset of a zip (from its end record). */
function centralDirectory(z: Uint8Array): number {
  const view = new DataView(z.buffer, z.byteOffset, z.byteLength);
  return view.getUint32(z.length - 22 + 16, true);
}

describe('zip bombs', () => {
  const zeros = new Uint8Array(4 * 1024 * 1024);

  it('refuses a zip whose entries declare more than the limit, before inflating', async () => {
    const bomb = zipSync({ 'a.jpg': zeros, 'b.jpg': zeros }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    const e = (await readExtraction([{ name: 'bomb.zip', bytes: bomb }], {
      limits: { unzippedBytes: 6 * 1024 * 1024 },
    }).catch((err: unknown) => err)) as ExtractionError;
    expect(e).toBeInstanceOf(ExtractionError);
    expect(e.message).toBe(
      'bomb.zip: unpacks to more than 6 MB (the sizes its entries declare), the limit: refused as a possible zip bomb',
    );
  });

  it('refuses declared sizes over the default limit', async () => {
    const bomb = zipSync({ 'a.jpg': jpeg, 'b.jpg': jpeg });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    let at = centralDirectory(bomb);
    for (let i = 0; i < 2; i++) {
      view.setUint32(at + 24, 0xf0000000, true);
      at +=
        46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    const e = (await readExtraction([{ name: 'bomb.zip', bytes: bomb }]).catch(
      (err: unknown) => err,
    )) as ExtractionError;
    expect(e.message).toBe(
      `bomb.zip: unpacks to more than ${LIMITS.unzippedBytes / 1024 / 1024} MB (the sizes its entries declare), the limit: refused as a possible zip bomb`,
    );
  });

  it('stops inflating an entry that gives more than it declares', async () => {
    const bomb = zipSync({ 'a.jpg': zeros }, { level: 9 });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    view.setUint32(22, 1000, true);
    view.setUint32(centralDirectory(bomb) + 24, 1000, true);
    const e = (await readExtraction([{ name: 'liar.zip', bytes: bomb }]).catch(
      (err: unknown) => err,
    )) as ExtractionError;
    expect(e.message).toBe(
      'liar.zip, entry 1: a.jpg: it unpacks to more than the 1,000 bytes it declares: a damaged entry or a zip bomb',
    );
  });

  it('finds a damaged entry by its CRC', async () => {
    const z = zipSync({ 'a.png': png }, { level: 0 });
    z[30 + 'a.png'.length + 40]! ^= 0xff;
    const e = (await readExtraction([{ name: 'bad.zip', bytes: z }]).catch(
      (err: unknown) => err,
    )) as ExtractionError;
    expect(e.message).toBe('bad.zip, entry 1: a.png: its CRC-32 does not match: the entry is damaged');
  });
});

describe('a WhatsApp export with media (a zip holding _chat.txt)', async () => {
  const chat = [
    '[12/06/2024, 21:15:03] Dave B: \u200e<attached: 00000012-PHOTO-2024-06-12-21-15-03.jpg>',
    '[12/06/2024, 21:16:00] Sam K: nice',
    '[12/06/2024, 21:17:00] Jordan Pike: delete that',
  ].join('\n');
  const z = zipSync({
    '_chat.txt': [new TextEncoder().encode(chat), { mtime }],
    '00000012-PHOTO-2024-06-12-21-15-03.jpg': [jpeg, { mtime }],
  });
  const read = await readExtraction([{ name: 'WhatsApp Chat - Lads.zip', bytes: z }], {
    owner: 'Jordan Pike',
  });

  it('reads the chat (named after the zip) and then the images, ids and bytes lined up', () => {
    expect(read.files).toEqual([
      { name: 'WhatsApp Chat - Lads.zip', kind: 'whatsapp', records: 4, warnings: [] },
    ]);
    expect(read.records.map((r) => [r.id, r.kind, r.source.file, r.source.position])).toEqual([
      ['r1', 'message', 'WhatsApp Chat - Lads.zip/_chat.txt', 'line 1'],
      ['r2', 'message', 'WhatsApp Chat - Lads.zip/_chat.txt', 'line 2'],
      ['r3', 'message', 'WhatsApp Chat - Lads.zip/_chat.txt', 'line 3'],
      ['r4', 'image', 'WhatsApp Chat - Lads.zip/00000012-PHOTO-2024-06-12-21-15-03.jpg', 'entry 2'],
    ]);
    expect(read.records[0]).toMatchObject({
      group: 'Lads',
      media: ['00000012-PHOTO-2024-06-12-21-15-03.jpg'],
      at: '2024-06-12T20:15:03Z',
    });
    expect(read.records[2]).toMatchObject({ direction: 'out', party: { key: 'group:Lads' } });
    expect([...read.images.keys()]).toEqual(['r4']);
    expect(read.skipped).toEqual({});
  });
});

describe('capture times', async () => {
  const withExif = (exif: Record<string, Record<string, string>>) =>
    sharp({ create: pixels }).jpeg().withExif(exif).toBuffer();
  const photos = zipSync({
    'offset.jpg': [
      await withExif({ IFD2: { DateTimeOriginal: '2024:06:01 21:15:30', OffsetTimeOriginal: '+02:00' } }),
      { mtime },
    ],
    'local.jpg': [await withExif({ IFD2: { DateTimeOriginal: '2024:01:15 08:00:00' } }), { mtime }],
    'edited.jpg': [await withExif({ IFD0: { DateTime: '2024:06:20 12:00:00' } }), { mtime }],
    'blank.jpg': [await withExif({ IFD2: { DateTimeOriginal: '0000:00:00 00:00:00' } }), { mtime }],
  });
  const read = await readExtraction([{ name: 'photos.zip', bytes: photos }]);
  const images = read.records as ImageRecord[];

  it("takes a JPEG's EXIF capture time over the zip's, with the camera's offset or else local time", () => {
    expect(images.map((r) => [r.name, r.at, r.timeFrom])).toEqual([
      ['offset.jpg', '2024-06-01T19:15:30Z', 'camera'],
      ['local.jpg', '2024-01-15T08:00:00Z', 'camera'],
      ['edited.jpg', '2024-06-20T11:00:00Z', 'camera'],
      ['blank.jpg', '2024-06-12T09:00:00Z', 'zip'],
    ]);
  });
});
