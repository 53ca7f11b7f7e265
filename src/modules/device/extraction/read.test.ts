import { describe, expect, it } from 'vitest';
import { ExtractionError, PROBLEMS_PER_FILE } from './errors.ts';
import { addressKey, displayNameParty } from './party.ts';
import { LIMITS, readExtraction } from './read.ts';
import { androidCallsDb } from './testing.ts';
import { localToUtc } from './time.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const chat = (lines: string) => ({ name: 'WhatsApp Chat with Dave B.txt', bytes: enc(lines) });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected an ExtractionError');
    },
    (e: unknown) => {
      if (!(e instanceof ExtractionError)) throw e;
      return e;
    },
  );

describe('readExtraction', () => {
  it('numbers records r1, r2, ... across files in order and names each file kind', async () => {
    const read = await readExtraction(
      [
        chat('12/03/2024, 21:15 - Dave B: hi\n12/03/2024, 21:16 - Jordan Pike: hello\n'),
        {
          name: 'calllog.db',
          bytes: androidCallsDb([
            { number: '07700900123', date: Date.UTC(2024, 2, 12), duration: 3, type: 2 },
          ]),
        },
      ],
      { owner: 'Jordan Pike' },
    );
    expect(read.records.map((r) => [r.id, r.kind, r.source.position])).toEqual([
      ['r1', 'message', 'line 1'],
      ['r2', 'message', 'line 2'],
      ['r3', 'call', 'calls row 1'],
    ]);
    expect(read.files).toEqual([
      { name: 'WhatsApp Chat with Dave B.txt', kind: 'whatsapp', records: 2, warnings: [] },
      { name: 'calllog.db', kind: 'android', records: 1, warnings: [] },
    ]);
  });

  it('is all or nothing: one bad file fails the import, and every bad file is listed', async () => {
    const e = await failure(
      readExtraction(
        [
          chat('12/03/2024, 21:15 - Dave B: hi\n'),
          {
            name: 'second.txt',
            bytes: enc('12/03/2024, 21:15 - Dave B: hi\n40/03/2024, 21:15 - Dave B: x\n'),
          },
          { name: 'notes.bin', bytes: new Uint8Array([1, 2, 3]) },
          { name: 'empty.json', bytes: new Uint8Array() },
        ],
        { owner: 'Jordan Pike' },
      ),
    );
    expect(e.problems).toEqual([
      {
        file: 'second.txt',
        position: 'line 2',
        reason:
          '"40/03/2024, 21:15" is not a date and time read as day/month/year (if the phone wrote month-first dates, read with dayFirst: false)',
      },
      {
        file: 'notes.bin',
        reason:
          'not a kind of file read here; expected a WhatsApp chat export (.txt), an Android mmssms.db or calllog.db, an iPhone sms.db, a CSV with a column mapping, a Google Takeout Records.json or Semantic Location History .json, a Google Maps Timeline.json exported from the phone, or a zip of images',
      },
      { file: 'empty.json', reason: 'the file is empty' },
    ]);
  });

  it('lists at most 20 problems of a file and counts the rest', async () => {
    const lines = Array.from({ length: 30 }, () => '99/99/2024, 21:15 - Dave B: x').join('\n');
    const e = await failure(
      readExtraction([chat(`12/03/2024, 21:15 - Dave B: hi\n${lines}`)], { owner: 'J' }),
    );
    expect(e.problems).toHaveLength(PROBLEMS_PER_FILE + 1);
    expect(e.problems.at(-1)).toEqual({
      file: 'WhatsApp Chat with Dave B.txt',
      reason: 'and 10 more problems',
    });
  });

  it('keeps to its limits on files, sizes and records, and checks the options', async () => {
    const one = chat('12/03/2024, 21:15 - Dave B: hi\n12/03/2024, 21:16 - Dave B: again\n');
    expect(
      (await failure(readExtraction([one, { ...one, name: 'b.txt' }], { owner: 'J', limits: { files: 1 } })))
        .message,
    ).toBe('(the import): 2 files, over the limit of 1');
    expect((await failure(readExtraction([one], { owner: 'J', limits: { records: 1 } }))).message).toBe(
      '(the import): 2 records, over the limit of 1',
    );
    expect((await failure(readExtraction([one], { owner: 'J', limits: { textBytes: 10 } }))).message).toBe(
      'WhatsApp Chat with Dave B.txt: 65 bytes, over the limit of 10 bytes for a text file',
    );
    expect((await failure(readExtraction([one, one], { owner: 'J' }))).message).toBe(
      'WhatsApp Chat with Dave B.txt: uploaded twice (file names must differ)',
    );
    expect((await failure(readExtraction([one], { owner: 'J', timeZone: 'Mars/Olympus' }))).message).toBe(
      '(the import): time zone "Mars/Olympus" is not an IANA time zone such as Europe/London',
    );
    expect(LIMITS.files).toBe(50);
  });
});

describe('local times to UTC across BST', () => {
  const utc = (
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    zone = 'Europe/London',
  ) => localToUtc({ year, month, day, hour, minute, second: 0 }, zone).toISOString();

  it('takes an hour off in summer and nothing in winter', () => {
    expect(utc(2024, 1, 15, 12, 0)).toBe('2024-01-15T12:00:00.000Z');
    expect(utc(2024, 7, 15, 12, 0)).toBe('2024-07-15T11:00:00.000Z');
    expect(utc(2024, 7, 15, 12, 0, 'America/New_York')).toBe('2024-07-15T16:00:00.000Z');
  });

  it('reads the changeover days: the skipped hour forward, the repeated hour as its first time', () => {
    expect(utc(2024, 3, 31, 0, 30)).toBe('2024-03-31T00:30:00.000Z');
    expect(utc(2024, 3, 31, 1, 30)).toBe('2024-03-31T01:30:00.000Z');
    expect(utc(2024, 3, 31, 2, 30)).toBe('2024-03-31T01:30:00.000Z');
    expect(utc(2024, 10, 27, 0, 30)).toBe('2024-10-26T23:30:00.000Z');
    expect(utc(2024, 10, 27, 1, 30)).toBe('2024-10-27T00:30:00.000Z');
    expect(utc(2024, 10, 27, 2, 30)).toBe('2024-10-27T02:30:00.000Z');
  });
});

describe('party keys', () => {
  it('writes numbers in E.164 (GB by default), lower-cases e-mail and keeps the rest', () => {
    expect(addressKey('07700 900123')).toBe('+447700900123');
    expect(addressKey('+44 (0)7700 900123')).toBe('+447700900123');
    expect(addressKey('0044 7700 900123')).toBe('+447700900123');
    expect(addressKey('+1 212 555 0100')).toBe('+12125550100');
    expect(addressKey('Dave@Example.COM')).toBe('dave@example.com');
    expect(addressKey('88088')).toBe('88088');
    expect(addressKey('HSBC')).toBe('HSBC');
    expect(addressKey('  ')).toBe('unknown');
    expect(displayNameParty('Dave B')).toEqual({ key: 'name:Dave B', name: 'Dave B' });
    expect(displayNameParty('+44 7700 900123')).toEqual({ key: '+447700900123', name: '+44 7700 900123' });
  });
});
