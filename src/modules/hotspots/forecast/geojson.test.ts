import { describe, expect, it } from 'vitest';
import { cellCentre } from '../grid.ts';
import { lonLatConverter } from './crs.ts';
import { forecastGeoJson } from './geojson.ts';
import { surfaceOf } from './testing.ts';

const meta = {
  method: 'retro',
  crimeTypes: ['Burglary'],
  period: { start: '2020-06-01', end: '2020-07-01' },
  notices: ['test notice'],
};

describe('forecastGeoJson', () => {
  for (const [crs, x0, y0] of [
    ['EPSG:27700', 531_900, 180_900],
    ['EPSG:32630', 588_600, 6_093_000],
    ['EPSG:32616', 447_750, 4_626_750],
    ['EPSG:32610', 491_000, 5_457_000],
  ] as const) {
    it(`gives WGS84 corners that round-trip to the grid within 1 m (${crs})`, () => {
      const s = surfaceOf(6, 5, (gx, gy) => gx + gy, { crs, x0, y0, cellSize: 150 });
      const fc = forecastGeoJson(s, [29, 28, 23], meta);
      expect(fc.features.map((f) => f.properties.rank)).toEqual([1, 2, 3]);
      const conv = lonLatConverter(crs);
      const f = fc.features[0]!;
      const ring = f.geometry.coordinates[0]!;
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
      const [x, y] = cellCentre(s.grid, 29);
      const expected = [
        [x - 75, y - 75],
        [x + 75, y - 75],
        [x + 75, y + 75],
        [x - 75, y + 75],
      ];
      expected.forEach(([ex, ey], i) => {
        const [lon, lat] = ring[i] as [number, number];
        expect(Math.abs(lon)).toBeLessThanOrEqual(180);
        const [bx, by] = conv.fromLonLat(lon, lat);
        expect(Math.hypot(bx - ex!, by - ey!)).toBeLessThan(1);
      });
    });
  }

  it('places a British National Grid cell where it belongs (Bank junction, City of London)', () => {
    // Bank junction is about 51.5133 N, 0.0890 W, near BNG 532 700, 181 100
    const [lon, lat] = lonLatConverter('EPSG:27700').toLonLat(532_700, 181_100);
    expect(lon).toBeCloseTo(-0.0893, 2);
    expect(lat).toBeCloseTo(51.5134, 2);
  });

  it('carries rank, risk, crime types and period, and all cells on request', () => {
    const s = surfaceOf(3, 3, (gx) => gx);
    const fc = forecastGeoJson(s, [8], meta, { allCells: true });
    expect(fc.features).toHaveLength(9);
    expect(fc.features[0]!.properties).toMatchObject({
      cell: 8,
      rank: 1,
      selected: true,
      risk: 2,
      crimeTypes: ['Burglary'],
    });
    expect(fc.features[1]!.properties).toMatchObject({ rank: null, selected: false });
    expect(fc.forecast.notices).toEqual(['test notice']);
    expect(fc.forecast.period.end).toBe('2020-07-01');
  });

  it('rings are anticlockwise (positive signed area in lon/lat)', () => {
    const fc = forecastGeoJson(
      surfaceOf(2, 2, () => 1),
      [0],
      meta,
    );
    const ring = fc.features[0]!.geometry.coordinates[0]!;
    let area = 0;
    for (let i = 0; i < ring.length - 1; i++)
      area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    expect(area).toBeGreaterThan(0);
  });
});
