import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../../test/shared.ts';
import { minutesOf } from '../time.ts';
import { type ColumnMapping, policeUkMapping } from './mapping.ts';
import { IngestError, readEvents, readStream } from './read-events.ts';

const split: ColumnMapping = {
  time: { columns: ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE'], format: 'YYYY M D H m' },
  coordinates: { x: 'X', y: 'Y', crs: 'EPSG:32610' },
  category: 'TYPE',
};

const text = (s: string) => Readable.from([Buffer.from(s)]);

describe('readEvents', () => {
  it('reads split time columns and counts rows without usable coordinates per reason', async () => {
    const csv =
      'TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,X,Y\n' +
      'Theft,2020,7,1,9,5,491059.5,5459122.4\n' +
      'Assault,2020,7,2,0,0,0,0\n' +
      'Assault,2020,7,3,0,0,,\n' +
      'Theft,2020,12,31,23,59,491000,5459000\n';
    const { events, report } = await readStream('v.csv', text(csv), { mapping: split });
    expect(report).toEqual({ read: 4, kept: 2, dropped: { 'coordinates zero': 1, 'coordinates empty': 1 } });
    expect(events[0]).toEqual({
      t: minutesOf(2020, 7, 1, 9, 5),
      x: 491059.5,
      y: 5459122.4,
      category: 'Theft',
    });
    expect(events[1]?.t).toBe(minutesOf(2020, 12, 31, 23, 59));
  });

  it('rejects a bad date naming file, line and field', async () => {
    const csv = 'TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,X,Y\nTheft,2020,7,1,9,5,1,2\nTheft,2020,13,1,9,5,1,2\n';
    const error = await readStream('v.csv', text(csv), { mapping: split }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as Error).message).toBe(
      "v.csv, line 3, field 'YEAR+MONTH+DAY+HOUR+MINUTE': '2020 13 1 9 5' is not a time in the format 'YYYY M D H m'",
    );
  });

  it('rejects a bad number naming the field', async () => {
    const csv = 'TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,X,Y\nTheft,2020,7,1,9,5,12a,2\n';
    await expect(readStream('v.csv', text(csv), { mapping: split })).rejects.toThrow(
      "v.csv, line 2, field 'X': '12a' is not a number",
    );
  });

  it('rejects a header without a mapped column', async () => {
    await expect(readStream('v.csv', text('TYPE,X,Y\nA,1,2\n'), { mapping: split })).rejects.toThrow(
      "field 'YEAR': column missing",
    );
  });

  it('reads police.uk month files (gz, several files) with the preset, projecting to UTM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hotspots-'));
    const header =
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type\n';
    const a = path.join(dir, '2022-01-street.csv.gz');
    const b = path.join(dir, '2022-02-street.csv');
    writeFileSync(
      a,
      gzipSync(
        `${header},2022-01,N,N,-1.614,54.978,On or near X,E1,L,Burglary\n,2022-01,N,N,,,No location,,,Drugs\n`,
      ),
    );
    writeFileSync(b, `${header},2022-02,N,N,-1.614,54.978,On or near X,E1,L,Robbery\n`);
    const { events, report } = await readEvents([a, b], { mapping: policeUkMapping, toCrs: 'EPSG:32630' });
    expect(report).toEqual({ read: 3, kept: 2, dropped: { 'coordinates empty': 1 } });
    expect(events.map((e) => e.t)).toEqual([minutesOf(2022, 1, 1), minutesOf(2022, 2, 1)]);
    expect(events[0]?.category).toBe('Burglary');
    expect(events[0]?.x).toBeCloseTo(588705.9421, 3);
    expect(events[0]?.y).toBeCloseTo(6093221.9988, 3);
  });

  it('reads a named member of a zip and applies a category filter', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hotspots-'));
    const file = path.join(dir, 'crimes.zip');
    const csv = 'TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,X,Y\nTheft,2020,7,1,9,5,1,2\nMischief,2020,7,1,9,5,3,4\n';
    writeFileSync(file, zipSync({ 'readme.txt': strToU8('hello'), 'data.csv': strToU8(csv) }));
    const { events, report } = await readEvents(file, {
      mapping: { ...split, filter: { column: 'TYPE', equals: 'Theft' } },
      member: 'data.csv',
    });
    expect(events).toHaveLength(1);
    expect(report.dropped).toEqual({ 'filtered out': 1 });
    await expect(readEvents(file, { mapping: split, member: 'nope.csv' })).rejects.toThrow(
      /no member 'nope.csv'/,
    );
  });

  const vancouver = sharedData('data', 'vancouver_crimes_2020.zip');
  it.skipIf(vancouver.skip)(
    titleWith(vancouver, 'reads the Vancouver zip as the protocol describes (33,761 of 37,512 rows kept)'),
    async () => {
      const { report } = await readEvents(vancouver.path, {
        mapping: split,
        member: 'crimedata_csv_AllNeighbourhoods_2020.csv',
      });
      expect(report).toEqual({
        read: 37512,
        kept: 33761,
        dropped: { 'coordinates zero': 3750, 'coordinates empty': 1 },
      });
    },
  );
});
