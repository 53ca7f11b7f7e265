import { describe, expect, it } from 'vitest';
import { ExtractionError } from './errors.ts';
import { readExtraction } from './read.ts';

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

const RECORDS = {
  locations: [
    { latitudeE7: 549783000, longitudeE7: -16178000, accuracy: 20, timestamp: '2024-06-12T20:15:00.000Z' },
    { latitudeE7: 549783000, longitudeE7: 4294967296 - 16178000, timestampMs: '1718223400000' },
    { activity: [] },
  ],
};

const SEMANTIC = {
  timelineObjects: [
    {
      placeVisit: {
        location: {
          latitudeE7: 549695000,
          longitudeE7: -16140000,
          name: 'Grey Street Café',
          address: '1 Grey St, Newcastle',
        },
        duration: { startTimestamp: '2024-06-12T08:00:00Z', endTimestamp: '2024-06-12T09:30:00.123Z' },
      },
    },
    {
      activitySegment: {
        startLocation: { latitudeE7: 549695000, longitudeE7: -16140000 },
        endLocation: { latitudeE7: 550100000, longitudeE7: -14300000 },
        duration: { startTimestamp: '2024-06-12T09:30:00Z', endTimestamp: '2024-06-12T10:00:00Z' },
      },
    },
  ],
};

describe('Google Takeout location history', async () => {
  const read = await readExtraction([
    { name: 'Records.json', bytes: json(RECORDS) },
    { name: '2024_JUNE.json', bytes: json(SEMANTIC) },
  ]);

  it('reads Records.json fixes from timestamp or timestampMs, turning back unsigned longitudes', () => {
    expect(read.files.map((f) => f.kind)).toEqual(['takeout-records', 'takeout-semantic']);
    expect(read.records[0]).toEqual({
      id: 'r1',
      kind: 'location',
      source: { file: 'Records.json', position: 'record 1' },
      at: '2024-06-12T20:15:00Z',
      type: 'fix',
      lat: 54.9783,
      lon: -1.6178,
      accuracyMetres: 20,
    });
    expect(read.records[1]).toMatchObject({
      at: '2024-06-12T20:16:40Z',
      lon: -1.6178,
      source: { position: 'record 2' },
    });
    expect(read.skipped).toEqual({ 'Takeout record without coordinates': 1 });
  });

  it('reads a place visit with its end and name, and an activity segment as two fixes', () => {
    expect(read.records[2]).toEqual({
      id: 'r3',
      kind: 'location',
      source: { file: '2024_JUNE.json', position: 'timeline object 1' },
      at: '2024-06-12T08:00:00Z',
      type: 'visit',
      lat: 54.9695,
      lon: -1.614,
      until: '2024-06-12T09:30:00.123Z',
      place: 'Grey Street Café',
    });
    expect(read.records[3]).toMatchObject({
      type: 'fix',
      at: '2024-06-12T09:30:00Z',
      lat: 54.9695,
      source: { position: 'timeline object 2 (start)' },
    });
    expect(read.records[4]).toMatchObject({
      type: 'fix',
      at: '2024-06-12T10:00:00Z',
      lat: 55.01,
      lon: -1.43,
      source: { position: 'timeline object 2 (end)' },
    });
  });

  it('names every bad record, and a JSON that is not Takeout', async () => {
    const e = (await readExtraction([
      {
        name: 'Records.json',
        bytes: json({
          locations: [
            { latitudeE7: 9e9, longitudeE7: 0, timestamp: '2024-01-01T00:00:00Z' },
            { latitudeE7: 1, longitudeE7: 1, timestamp: 'yesterday' },
          ],
        }),
      },
      { name: 'other.json', bytes: json({ hello: 1 }) },
      { name: 'broken.json', bytes: new TextEncoder().encode('{"locations": [') },
    ]).catch((err: unknown) => err)) as ExtractionError;
    expect(e).toBeInstanceOf(ExtractionError);
    expect(e.problems.slice(0, 3)).toEqual([
      { file: 'Records.json', position: 'record 1', reason: 'latitudeE7 9000000000 is not a latitude' },
      { file: 'Records.json', position: 'record 2', reason: 'no timestamp or timestampMs that is a time' },
      {
        file: 'other.json',
        reason: 'not a Google Takeout location history (no "locations" or "timelineObjects" list)',
      },
    ]);
    expect(e.problems[3]!.file).toBe('broken.json');
    expect(e.problems[3]!.reason).toMatch(/^not readable JSON/);
  });
});
