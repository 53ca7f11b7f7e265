import { describe, expect, it } from 'vitest';
import type { CsvMapping } from './csv.ts';
import { ExtractionError } from './errors.ts';
import { readExtraction } from './read.ts';

const enc = (s: string) => new TextEncoder().encode(s);

const MESSAGES: CsvMapping = {
  kind: 'messages',
  time: { columns: ['Date', 'Time'], format: 'DD/MM/YYYY HH:mm:ss' },
  party: 'Number',
  name: 'Contact',
  direction: 'Direction',
  body: 'Text',
  channel: 'sms',
};
const CALLS: CsvMapping = {
  kind: 'calls',
  time: { columns: ['When'], format: 'ISO' },
  party: 'Number',
  direction: 'Type',
  directionValues: { in: ['answered'] },
  duration: 'Length',
};
const LOCATIONS: CsvMapping = {
  kind: 'locations',
  time: { columns: ['ts'], format: 'epoch-ms' },
  lat: 'lat',
  lon: 'lon',
  accuracy: 'acc',
};

describe('CSV exports through a column mapping', async () => {
  const read = await readExtraction(
    [
      {
        name: 'messages.csv',
        bytes: enc(
          'Date,Time,Number,Contact,Direction,Text\n12/06/2024,21:15:00,07700 900123,Dave B,Received,"hello,\nthere"\n12/01/2024,09:00:00,07700900456,,Sent,bye\n',
        ),
      },
      {
        name: 'calls.csv',
        bytes: enc(
          'When,Number,Type,Length\n2024-06-12T21:15:00+01:00,07700900123,answered,1:05\n2024-06-12 10:00,07700900123,missed,\n',
        ),
      },
      { name: 'places.csv', bytes: enc('ts,lat,lon,acc\n1718223300000,54.97,-1.61,12\n1718223400000,,,\n') },
    ],
    { csvMappings: { 'messages.csv': MESSAGES, 'calls.csv': CALLS, '*': LOCATIONS } },
  );

  it('reads messages in local time with line numbers of multi-line rows', () => {
    expect(read.records[0]).toEqual({
      id: 'r1',
      kind: 'message',
      source: { file: 'messages.csv', position: 'line 2' },
      at: '2024-06-12T20:15:00Z',
      channel: 'sms',
      direction: 'in',
      party: { key: '+447700900123', name: 'Dave B' },
      body: 'hello,\nthere',
    });
    expect(read.records[1]).toMatchObject({
      source: { position: 'line 4' },
      at: '2024-01-12T09:00:00Z',
      direction: 'out',
      party: { key: '+447700900456' },
    });
  });

  it('reads calls with ISO times, extra direction words and m:ss durations', () => {
    expect(read.records[2]).toMatchObject({
      kind: 'call',
      at: '2024-06-12T20:15:00Z',
      direction: 'in',
      durationSeconds: 65,
      channel: 'phone',
    });
    expect(read.records[3]).toMatchObject({
      at: '2024-06-12T09:00:00Z',
      direction: 'missed',
      durationSeconds: 0,
    });
  });

  it('reads locations, skipping rows without coordinates', () => {
    expect(read.records[4]).toEqual({
      id: 'r5',
      kind: 'location',
      source: { file: 'places.csv', position: 'line 2' },
      at: '2024-06-12T20:15:00Z',
      type: 'fix',
      lat: 54.97,
      lon: -1.61,
      accuracyMetres: 12,
    });
    expect(read.skipped).toEqual({ 'CSV location row without coordinates': 1 });
  });
});

describe('CSV problems', () => {
  const problems = async (text: string, mapping: CsvMapping | undefined) => {
    const e = await readExtraction(
      [{ name: 'x.csv', bytes: enc(text) }],
      mapping ? { csvMappings: { 'x.csv': mapping } } : {},
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ExtractionError);
    return (e as ExtractionError).message;
  };

  it('names the line and column of every bad cell', async () => {
    expect(
      await problems(
        'Date,Time,Number,Contact,Direction,Text\n12/06/2024,21:15:00,07700900123,,in,a\n31/06/2024,21:15:00,07700900123,,in,b\n12/06/2024,21:15:00,,,in,c\n12/06/2024,21:15:00,07700900123,,sideways,d\n',
        MESSAGES,
      ),
    ).toBe(
      [
        'x.csv, line 3, column "Date" + "Time": "31/06/2024 21:15:00" is not a time in the format DD/MM/YYYY HH:mm:ss',
        'x.csv, line 4, column "Number": empty: the other party is needed',
        'x.csv, line 5, column "Direction": "sideways" is not a direction (in, incoming, received, inbox, inbound, out, outgoing, sent, outbox, outbound)',
      ].join('\n'),
    );
  });

  it('names missing columns, a bad mapping, a missing mapping and a broken CSV', async () => {
    expect(await problems('ts,latitude,lon\n1,2,3\n', LOCATIONS)).toBe(
      'x.csv, line 1: columns "lat", "acc" not in the header (it has "ts", "latitude", "lon")',
    );
    expect(await problems('a\n1\n', { ...LOCATIONS, lat: '' })).toMatch(
      /^x\.csv: the column mapping is not valid: lat: /,
    );
    expect(await problems('a\n1\n', undefined)).toBe(
      'x.csv: a CSV needs a column mapping (option csvMappings["x.csv"] or csvMappings["*"])',
    );
    expect(await problems('ts,lat,lon,acc\n1,2,3,4\n1,2\n', LOCATIONS)).toMatch(
      /^x\.csv, line 3: not a readable CSV/,
    );
  });
});
