import { describe, expect, it } from 'vitest';
import { ExtractionError } from './errors.ts';
import { readExtraction } from './read.ts';
import type { LocationRecord } from './records.ts';

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
        reason:
          'not a Google location history (no "locations", "timelineObjects" or "semanticSegments" list)',
      },
    ]);
    expect(e.problems[3]!.file).toBe('broken.json');
    expect(e.problems[3]!.reason).toMatch(/^not readable JSON/);
  });
});

/** A Timeline.json as Google Maps exports it from the phone (since 2024). */
const TIMELINE = {
  semanticSegments: [
    {
      startTime: '2024-06-12T09:00:00.000+01:00',
      endTime: '2024-06-12T10:30:00.000+01:00',
      startTimeTimezoneUtcOffsetMinutes: 60,
      visit: {
        hierarchyLevel: 0,
        probability: 0.9,
        topCandidate: {
          placeId: 'ChIJ-example',
          semanticType: 'HOME',
          probability: 0.8,
          placeLocation: { latLng: '54.9695°, -1.614°' },
        },
      },
    },
    {
      startTime: '2024-06-12T10:30:00.000+01:00',
      endTime: '2024-06-12T11:00:00.000+01:00',
      activity: {
        start: { latLng: '54.9695°, -1.614°' },
        end: { latLng: '55.01°, -1.43°' },
        distanceMeters: 14000,
        topCandidate: { type: 'IN_PASSENGER_VEHICLE', probability: 0.9 },
      },
    },
    {
      startTime: '2024-06-12T10:00:00.000+01:00',
      endTime: '2024-06-12T12:00:00.000+01:00',
      timelinePath: [
        { point: '54.98°, -1.6°', time: '2024-06-12T10:40:00.000+01:00' },
        { point: 'geo:55.0,-1.5', time: '2024-06-12T10:50:00.000+01:00' },
      ],
    },
    { startTime: '2024-06-12T00:00:00.000+01:00', endTime: '2024-06-13T00:00:00.000+01:00' },
  ],
  rawSignals: [
    {
      position: {
        LatLng: '55.0100°, -1.4300°',
        accuracyMeters: 13,
        source: 'WIFI',
        timestamp: '2024-06-12T11:05:00.000+01:00',
      },
    },
    { activityRecord: { probableActivities: [] } },
  ],
  userLocationProfile: { frequentPlaces: [] },
};

describe('Google Maps Timeline.json (exported from the phone)', async () => {
  const read = await readExtraction([{ name: 'Timeline.json', bytes: json(TIMELINE) }]);

  it('reads visits with their end and Google label, activities as two fixes, paths and raw positions', () => {
    expect(read.files.map((f) => f.kind)).toEqual(['timeline']);
    expect(read.records[0]).toEqual({
      id: 'r1',
      kind: 'location',
      source: { file: 'Timeline.json', position: 'semantic segment 1' },
      at: '2024-06-12T08:00:00Z',
      type: 'visit',
      lat: 54.9695,
      lon: -1.614,
      until: '2024-06-12T09:30:00Z',
      place: "home (Google's label)",
    });
    expect(read.records.slice(1).map((r) => [r.source.position, r.at, (r as LocationRecord).lat])).toEqual([
      ['semantic segment 2 (start)', '2024-06-12T09:30:00Z', 54.9695],
      ['semantic segment 2 (end)', '2024-06-12T10:00:00Z', 55.01],
      ['semantic segment 3 point 1', '2024-06-12T09:40:00Z', 54.98],
      ['semantic segment 3 point 2', '2024-06-12T09:50:00Z', 55],
      ['raw signal 1', '2024-06-12T10:05:00Z', 55.01],
    ]);
    expect(read.records[5]).toMatchObject({ accuracyMetres: 13, lon: -1.43 });
    expect(read.skipped).toEqual({
      'Timeline segment that is neither a visit, an activity nor a path': 1,
      'Timeline raw signal that is not a position (activity or Wi-Fi scan)': 1,
    });
  });

  it('names every point it cannot read', async () => {
    const bad = {
      semanticSegments: [
        {
          startTime: '2024-06-12T09:00:00Z',
          visit: { topCandidate: { placeLocation: { latLng: 'nowhere' } } },
        },
        {
          startTime: '2024-06-12T09:00:00Z',
          timelinePath: [{ point: '95°, 1°', time: '2024-06-12T09:00:00Z' }],
        },
      ],
      rawSignals: [{ position: { LatLng: '54°, -1°', timestamp: 'soon' } }],
    };
    const e = (await readExtraction([{ name: 'Timeline.json', bytes: json(bad) }]).catch(
      (err: unknown) => err,
    )) as ExtractionError;
    expect(e.problems).toEqual([
      {
        file: 'Timeline.json',
        position: 'semantic segment 1',
        reason: 'visit: "nowhere" is not a latitude and longitude',
      },
      {
        file: 'Timeline.json',
        position: 'semantic segment 2 point 1',
        reason: 'latitude 95 is out of range',
      },
      { file: 'Timeline.json', position: 'raw signal 1', reason: 'no timestamp that is a time' },
    ]);
  });
});
