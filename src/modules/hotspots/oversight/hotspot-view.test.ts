import { describe, expect, it } from 'vitest';
import { checkHotspotRequest, HOTSPOT_SOURCES, trainingWindow } from './hotspot-run.ts';
import {
  dropTopCells,
  forecastPeriod,
  forecastSurface,
  type HotspotsOutput,
  hotspotGeoJson,
  hotspotView,
  mapMaxGap,
  runCrimeTypes,
} from './hotspot-view.ts';

const grid = { x0: 530_000, y0: 180_000, cellSize: 150, ncols: 20, nrows: 20 };
const output: HotspotsOutput = {
  method: 'naive',
  crs: 'EPSG:27700',
  t0: '2020-11-01T00:00',
  grid,
  studyCells: 4,
  trainingEvents: 6,
  crimeTypes: ['Burglary'],
  coverageCap: 2,
  topCells: [
    { rank: 1, cell: 21, x: 530_225, y: 180_225, risk: 3 },
    { rank: 2, cell: 45, x: 530_825, y: 180_375, risk: 2 },
  ],
};
const input = {
  importId: 'police.uk:city.csv.gz',
  crs: 'EPSG:27700',
  t0: '2020-11-01T00:00',
  events: [
    { time: '2020-05-01T00:00', x: 530_200, y: 180_200, category: 'Burglary' },
    { time: '2020-06-01T00:00', x: 530_010, y: 180_010, category: 'Burglary' },
    { time: '2020-07-01T00:00', x: 532_900, y: 182_900, category: 'Burglary' },
  ],
};

describe('hot spot runs as shown', () => {
  it('draws the top cells with their risk on the study area rebuilt from the input', () => {
    const s = forecastSurface(output, input);
    expect(Array.from(s.cells)).toEqual([0, 21, 45, 399]);
    expect(Array.from(s.risk)).toEqual([0, 3, 2, 0]);
    const alone = forecastSurface(output, null);
    expect(Array.from(alone.cells)).toEqual([21, 45]);
  });

  it('states one crime type prominently, out of the 14 police.uk categories', () => {
    const s = runCrimeTypes(output, input)!;
    expect(s.singleType).toBe(true);
    expect(s.notice).toContain('13 other types');
    const view = hotspotView(output, input, { title: 'Forecast hot spots, R-TEST' });
    expect(view.svg).toContain('ONE CRIME TYPE ONLY: Burglary');
    expect(view.svg).toContain('police.uk locations are anonymised');
    expect(view.rows.map((r) => r.rank)).toEqual([1, 2]);
    expect(view.rows[0]).toMatchObject({ easting: '530225', northing: '180225' });
  });

  it("states the types a force's own data held and the forecast left out", () => {
    const own = {
      ...input,
      importId: 'import:2c917a1f-d090-4467-a984-c3cda42b852d',
      recordedCrime: { cellSize: 150, squares: [], crimeTypes: ['Burglary', 'Robbery', 'Theft of vehicle'] },
    };
    const s = runCrimeTypes(output, own)!;
    expect(s.allTypes).toBe(false);
    expect(s.available).toEqual(['Burglary', 'Robbery', 'Theft of vehicle']);
    expect(s.notice).toContain('2 other types');
    // Without the types the data held, only the types used are known.
    const { recordedCrime: _, ...bare } = own;
    expect(runCrimeTypes(output, bare)!.allTypes).toBe(true);
  });

  it('covers the calendar month from the 1st, otherwise a week', () => {
    expect(forecastPeriod('2020-11-01T00:00')).toEqual({ start: '2020-11-01', end: '2020-12-01' });
    expect(forecastPeriod('2020-12-14T00:00')).toEqual({ start: '2020-12-14', end: '2020-12-21' });
  });

  it('drops the cells a reviewer chose and re-ranks the rest', () => {
    const amended = dropTopCells(output, new Set([21]));
    expect(amended.topCells).toEqual([{ rank: 1, cell: 45, x: 530_825, y: 180_375, risk: 2 }]);
    const geo = hotspotGeoJson(amended, input);
    expect(geo.features.map((f) => f.properties.cell)).toEqual([45]);
    expect(geo.forecast.crimeTypes).toEqual(['Burglary']);
  });

  it('keeps gaps small against the study area on the map, never under 2 km', () => {
    const s = forecastSurface(output, input);
    expect(mapMaxGap(s)).toBe(2000);
    const wide = {
      ...s,
      grid: { ...grid, ncols: 1000 },
      cells: Int32Array.from({ length: 100 }, (_, i) => i * 8),
    };
    // Middle 90% spans columns 32..752: 721 cells of 150 m, a quarter of which is 27 km.
    expect(mapMaxGap(wide)).toBeCloseTo((721 * 150) / 4);
  });
});

describe('hot spot run requests', () => {
  const ok = {
    sourceId: 'city-of-london',
    crimeTypes: ['Burglary'],
    forecastMonth: '2020-11',
    trainDays: 365,
  };

  it('accepts a month with a year of history in the file, and names each problem', () => {
    expect(checkHotspotRequest(ok)).toEqual([]);
    expect(checkHotspotRequest({ ...ok, forecastMonth: '2019-01' })[0]?.field).toBe('forecastMonth');
    expect(checkHotspotRequest({ ...ok, forecastMonth: '2021-01' })[0]?.field).toBe('forecastMonth');
    expect(checkHotspotRequest({ ...ok, crimeTypes: ['Arson'] })[0]?.field).toBe('crimeTypes');
    expect(checkHotspotRequest({ ...ok, sourceId: 'x' }).map((p) => p.field)).toEqual(['sourceId']);
    expect(HOTSPOT_SOURCES.map((s) => s.id)).toEqual(['city-of-london', 'northumbria']);
  });

  it('keeps only the chosen types in the training window, oldest first', () => {
    const day = 1440;
    const t0 = 1000 * day;
    const ev = (t: number, category: string) => ({ t, x: 0, y: 0, category });
    const kept = trainingWindow(
      [
        ev(t0 - 1, 'Burglary'),
        ev(t0, 'Burglary'),
        ev(t0 - 366 * day, 'Burglary'),
        ev(t0 - 5, 'Drugs'),
        ev(t0 - 365 * day, 'Burglary'),
      ],
      t0,
      365,
      ['Burglary'],
    );
    expect(kept.map((e) => e.t)).toEqual([t0 - 365 * day, t0 - 1]);
  });
});
