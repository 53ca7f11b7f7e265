import { describe, expect, it } from 'vitest';
import { classBreaks, classOf, formatNumber, riskColour } from './colour.ts';
import { placeLabels } from './labels.ts';
import { DEFAULT_POLICY, selectHotspots, statedCrimeTypes } from './safeguards.ts';
import { renderRiskMap } from './svg.ts';
import { topCellsTable } from './table.ts';
import { surfaceOf } from './testing.ts';

const surface = surfaceOf(30, 20, (gx, gy) => Math.exp(-((gx - 20) ** 2 + (gy - 8) ** 2) / 20), {
  keep: (gx, gy) => (gx - 15) ** 2 + (gy - 10) ** 2 < 150,
});
const period = { start: '2020-06-01', end: '2020-07-01' };
const all = statedCrimeTypes(['Burglary', 'Robbery'], ['Burglary', 'Robbery']);

function render(extra: Partial<Parameters<typeof renderRiskMap>[1]> = {}) {
  const sel = selectHotspots(surface, 0.05, DEFAULT_POLICY);
  return renderRiskMap(surface, {
    selected: sel.cells,
    crimeTypes: all,
    period,
    method: 'retro',
    notices: ['police.uk locations are anonymised snap points.'],
    ...extra,
  });
}

describe('renderRiskMap', () => {
  it('is an accessible image with a title and a text summary', () => {
    const svg = render();
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="hotspot-map-title hotspot-map-desc"/);
    expect(svg).toMatch(/<title id="hotspot-map-title">Forecast hot spots: all crime types<\/title>/);
    const desc = /<desc id="hotspot-map-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc).toMatch(/study area is \d+ cells of 150 m/);
    expect(desc).toMatch(/hot spot cells are outlined/);
    expect(desc).toMatch(/highest-risk cell is centred at easting \d+, northing \d+/);
  });

  it('has a numeric legend, a scale bar, a north arrow and a caption with types and period', () => {
    const svg = render();
    expect(svg).toContain('Forecast risk');
    expect(svg).toMatch(/over [\d.]+ to [\d.]+</);
    expect(svg).toContain('hot spot: top');
    expect(svg).toMatch(/>\d+(\.\d+)? (m|km)<\/text>/);
    expect(svg).toMatch(/>N<\/text>/);
    expect(svg).toContain('Crime types: All 2 recorded crime types used: Burglary, Robbery.');
    expect(svg).toContain('Forecast period: 1 Jun 2020 to 30 Jun 2020. Method: retro.');
    expect(svg).toContain('police.uk locations are anonymised snap points.');
  });

  it('says prominently when only one crime type was used', () => {
    const svg = render({ crimeTypes: statedCrimeTypes(['Burglary'], ['Burglary', 'Robbery']) });
    expect(svg).toMatch(/fill="#ffffff"[^>]*>ONE CRIME TYPE ONLY: Burglary/);
    expect(svg).toContain('<title id="hotspot-map-title">Forecast hot spots: Burglary</title>');
  });

  it('draws a forecast with no positive risk as study area only', () => {
    const flat = surfaceOf(10, 10, () => 0);
    const svg = renderRiskMap(flat, { selected: [0, 1], crimeTypes: all, period, method: 'naive' });
    expect(svg).toContain('study area, no forecast risk');
    expect(svg).not.toMatch(/above 0 to|over [\d.]+ to/);
  });

  it('merges runs of cells so the SVG grows with rows, not cells', () => {
    const big = surfaceOf(100, 100, () => 1);
    const svg = renderRiskMap(big, { crimeTypes: all, period, method: 'naive' });
    // one class, 100 rows, no zero-risk cells: one rectangle per row, all in the colour path
    expect(svg.match(/H[\d.]+z/g)?.length).toBe(100);
    expect(svg.length).toBeLessThan(20_000);
  });

  it('draws zero-risk study cells grey and leaves cells outside the study area blank', () => {
    const s = surfaceOf(4, 1, (gx) => (gx < 2 ? 0 : 1), { keep: (gx) => gx !== 3 });
    const svg = renderRiskMap(s, { crimeTypes: all, period, method: 'naive' });
    // the grey path holds one run of the two zero-risk cells
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+H[\d.]+V[\d.]+H[\d.]+z" fill="#d9d9d9"\/>/);
    expect(svg).not.toContain('hot spot: top');
  });

  it('adds a detail panel when the hot spots sit in a small part of the study area', () => {
    const wide = surfaceOf(200, 100, (gx, gy) => (gx > 20 && gx < 25 && gy > 40 && gy < 45 ? 10 : 1));
    const sel = selectHotspots(wide, 0.0008, DEFAULT_POLICY);
    expect(sel.cells.length).toBe(16);
    const svg = renderRiskMap(wide, { selected: sel.cells, crimeTypes: all, period, method: 'naive' });
    expect(svg).toContain('Detail: the hot spots (boxed on the left)');
    expect(svg).toContain('stroke="#d4351c"');
    const single = render();
    expect(single).not.toContain('Detail:');
  });

  it('marks hot spots with small squares when cells are too small to outline', () => {
    const force = surfaceOf(1000, 600, (gx, gy) => ((gx * 7 + gy * 13) % 101) + 1, {
      keep: (gx, gy) => (gx + gy) % 3 === 0,
    });
    const sel = selectHotspots(force, 0.001, DEFAULT_POLICY);
    const svg = renderRiskMap(force, { selected: sel.cells, crimeTypes: all, period, method: 'naive' });
    expect(svg).toContain('<path d="M');
    expect(svg).toMatch(/h3v3h-3z[^"]*" fill="#000000"\/>/);
    expect(svg).toContain('Detail: the densest cluster of hot spots');
  });

  it('places labels without overlap and caps their number', () => {
    const labels = Array.from({ length: 40 }, (_, i) => ({
      name: `Street ${i}`,
      x: 530_000 + 150 * (10 + (i % 10)),
      y: 180_000 + 150 * (5 + Math.floor(i / 10)),
    }));
    const svg = render({ labels, maxLabels: 5 });
    const placed = svg.match(/paint-order="stroke"[^>]*>Street \d+</g) ?? [];
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThanOrEqual(5);
  });

  it('escapes text from the data', () => {
    const svg = render({ labels: [{ name: 'A & <B>', x: 532_250, y: 181_500 }] });
    expect(svg).toContain('A &amp; &lt;B&gt;');
    expect(svg).not.toContain('<B>');
  });
});

describe('placeLabels', () => {
  it('never returns overlapping boxes and keeps clear of reserved areas', () => {
    const pts = Array.from({ length: 60 }, (_, i) => ({
      name: `Place ${i}`,
      px: 100 + (i % 8) * 20,
      py: 100 + (i >> 3) * 10,
    }));
    const frame = { x: 0, y: 0, w: 400, h: 300 };
    const reserved = [{ x: 90, y: 90, w: 30, h: 30 }];
    const placed = placeLabels(pts, frame, reserved, 12, 50);
    const hit = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (let i = 0; i < placed.length; i++) {
      expect(hit(placed[i]!.box, reserved[0]!)).toBe(false);
      for (let j = i + 1; j < placed.length; j++) expect(hit(placed[i]!.box, placed[j]!.box)).toBe(false);
    }
    expect(placed.length).toBeLessThan(60);
  });
});

describe('colour scale', () => {
  it('uses quantile classes and runs light to dark', () => {
    const breaks = classBreaks([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    expect(breaks).toEqual([1, 3, 5, 6, 8, 10]);
    expect(classOf(0, breaks)).toBe(-1);
    expect(classOf(1, breaks)).toBe(0);
    expect(classOf(3.5, breaks)).toBe(1);
    expect(classOf(10, breaks)).toBe(4);
    const lum = (hex: string) => [1, 3, 5].reduce((s, i) => s + Number.parseInt(hex.slice(i, i + 2), 16), 0);
    expect(lum(riskColour(0))).toBeGreaterThan(lum(riskColour(0.5)));
    expect(lum(riskColour(0.5))).toBeGreaterThan(lum(riskColour(1)));
    expect(riskColour(1)).toBe('#440154');
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(0.0012345)).toBe('0.00123');
  });
});

describe('topCellsTable', () => {
  it('ranks cells by risk with centres, lon/lat and shares of total risk', () => {
    const s = surfaceOf(4, 1, (gx) => [1, 3, 2, 4][gx]!, { x0: 532_000, y0: 181_000 });
    const rows = topCellsTable(s, 2);
    expect(rows.map((r) => r.cell)).toEqual([3, 1]);
    expect(rows[0]).toMatchObject({ rank: 1, easting: 532_525, northing: 181_075, risk: 4, share: 0.4 });
    expect(rows[0]!.lat).toBeCloseTo(51.51, 1);
    expect(rows[0]!.lon).toBeCloseTo(-0.09, 1);
  });
});
