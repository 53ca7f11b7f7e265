import { describe, expect, it } from 'vitest';
import type { HotspotsOutput } from '../oversight/hotspot-view.ts';
import { asShares, periodIsPublic, publicForecastMap, publicFrom, shareText } from './forecast-maps.ts';

const grid = { x0: 530_000, y0: 180_000, cellSize: 150, ncols: 100, nrows: 100 };
const output: HotspotsOutput = {
  method: 'kde',
  crs: 'EPSG:27700',
  t0: '2020-11-01T00:00',
  grid,
  studyCells: 40,
  trainingEvents: 60,
  crimeTypes: ['Burglary', 'Robbery'],
  coverageCap: 2,
  topCells: [
    { rank: 1, cell: 5_050, x: 537_575, y: 187_575, risk: 3.123456789 },
    { rank: 2, cell: 5_051, x: 537_725, y: 187_575, risk: 1.987654321 },
  ],
};
const input = {
  crs: 'EPSG:27700',
  t0: '2020-11-01T00:00',
  events: [
    { time: '2020-05-01T00:00', x: 530_100, y: 180_100, category: 'Burglary' },
    { time: '2020-06-01T00:00', x: 537_600, y: 187_600, category: 'Robbery' },
    { time: '2021-01-01T00:00', x: 544_000, y: 194_000, category: 'Burglary' },
  ],
};

describe('when a forecast may be published', () => {
  it('waits 28 days after the period ends: a month from the 1st, else a week', () => {
    const month = { start: '2020-11-01', end: '2020-12-01' };
    expect(publicFrom(month)).toBe('2020-12-29');
    expect(periodIsPublic(month, '2020-12-28')).toBe(false);
    expect(periodIsPublic(month, '2020-12-29')).toBe(true);
    const week = { start: '2020-12-14', end: '2020-12-21' };
    expect(periodIsPublic(week, '2021-01-17')).toBe(false);
    expect(periodIsPublic(week, '2021-01-18')).toBe(true);
  });

  it('refuses to build the public map of a period too recent', () => {
    expect(() => publicForecastMap(output, input, { reference: 'R-AAAA-BBBB', today: '2020-12-28' })).toThrow(
      /may be published only 28 days after/,
    );
  });
});

describe('the public map of a forecast', () => {
  const map = publicForecastMap(output, input, { reference: 'R-AAAA-BBBB', today: '2021-06-01' });

  it('sums the forecast over 500 m squares and shows shares, never the 150 m cells', () => {
    expect(map.cellSize).toBe(500);
    expect(map.geojson.forecast.cellSize).toBe(500);
    const shares = map.geojson.features.map((f) => f.properties.sharePercent);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 1);
    // Cells 5050 and 5051 (x 537 500 to 537 800, y 187 500 to 187 650) lie in one 500 m square.
    expect(map.rows[0]).toMatchObject({ rank: 1, share: '100.0%' });
    const text = `${map.svg}${JSON.stringify(map.geojson)}${JSON.stringify(map.rows)}`;
    for (const c of output.topCells) {
      expect(text).not.toContain(String(c.risk));
      expect(text).not.toMatch(new RegExp(`(?<![\\d.])${c.cell}(?!\\d)`));
    }
  });

  it('states the crime types, the period, the delay and what the map is not', () => {
    expect(map.crimeTypes.used).toEqual(['Burglary', 'Robbery']);
    expect(map.periodText).toBe('1 Nov 2020 to 30 Nov 2020');
    expect(map.statement).toContain('500 m summary');
    expect(map.statement).toContain('at least 28 days after the period');
    expect(map.statement).toContain('a reason to look, not evidence about any person or place');
    expect(map.svg).toContain(`Crime types: ${map.crimeTypes.notice}`);
    expect(map.svg).toContain('Share of the forecast risk</text>');
    expect(map.svg).toContain('id="public-map-r-aaaa-bbbb-title"');
    // No police.uk caveat for data that did not come from police.uk.
    expect(map.notices.join(' ')).not.toContain('police.uk');
    const policeUk = publicForecastMap(
      output,
      { ...input, importId: 'police.uk:city.csv.gz' },
      { reference: 'R-AAAA-BBBB', today: '2021-06-01' },
    );
    expect(policeUk.notices[0]).toContain('police.uk locations are anonymised');
  });

  it('keeps the study area (squares with crime recorded before the forecast) at 500 m', () => {
    // Events before t0 fall in two 500 m squares; the one after t0 is not part of the study area.
    expect(map.squares).toBe(2);
    expect(map.geojson.features.filter((f) => f.properties.rank === null)).toHaveLength(1);
  });
});

describe('shares', () => {
  it('are per cent of the total, with a floor for people', () => {
    const s = asShares({
      grid,
      crs: 'EPSG:27700',
      cells: Int32Array.from([1, 2]),
      risk: Float64Array.from([1, 3]),
    });
    expect(Array.from(s.risk)).toEqual([25, 75]);
    expect(shareText(75)).toBe('75.0%');
    expect(shareText(0.01)).toBe('under 0.1%');
    expect(shareText(0)).toBe('0.0%');
  });
});
