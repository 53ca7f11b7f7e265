import { describe, expect, it } from 'vitest';
import { minutesOf, parseDuration } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { buildForecast } from './forecast.ts';
import { DEFAULT_POLICY } from './safeguards.ts';

/** A town of burglaries around (1000, 1000) and thefts around (3000, 1000), plus a sparse hamlet far east. */
function events(): CrimeEvent[] {
  const out: CrimeEvent[] = [];
  for (let m = 1; m <= 12; m++) {
    const t = minutesOf(2021, m, 1);
    for (let i = 0; i < 30; i++) {
      out.push({
        t,
        x: 500_000 + 1000 + (i % 6) * 40,
        y: 200_000 + 1000 + Math.floor(i / 6) * 40,
        category: 'Burglary',
      });
      out.push({
        t,
        x: 500_000 + 3000 + (i % 5) * 60,
        y: 200_000 + 1000 + Math.floor(i / 5) * 50,
        category: 'Other theft',
      });
    }
    if (m % 4 === 0) out.push({ t, x: 500_000 + 9000, y: 200_000 + 4000, category: 'Other theft' });
  }
  out.push({ t: minutesOf(2022, 1, 1), x: 500_000 + 9100, y: 200_000 + 4100, category: 'Burglary' });
  return out;
}

const base = {
  crs: 'EPSG:27700',
  t0: minutesOf(2022, 1, 1),
  period: parseDuration('P1M'),
  train: parseDuration('P12M'),
  coverage: 0.05,
  cellSize: 150,
  policy: DEFAULT_POLICY,
};

describe('buildForecast', () => {
  it('forecasts from all crime types by default and says so', () => {
    const r = buildForecast({ ...base, events: events(), method: 'naive' });
    expect(r.crimeTypes).toMatchObject({ used: ['Burglary', 'Other theft'], allTypes: true });
    expect(r.period).toEqual({ start: '2022-01-01', end: '2022-02-01' });
    // the event at t0 is not training data and its cell is not in the study area
    expect(r.trainingEvents).toBe(12 * 60 + 3);
    expect(r.selection.cells.length).toBe(Math.floor(r.surface.cells.length * 0.05));
    expect(r.rural.cells).toBeGreaterThan(0);
    expect(r.plan.zones.rural.share).toBeGreaterThanOrEqual(DEFAULT_POLICY.minRuralShare);
  });

  it('uses only the chosen types, and the hot spots follow them', () => {
    const r = buildForecast({ ...base, events: events(), method: 'naive', crimeTypes: ['Burglary'] });
    expect(r.crimeTypes.singleType).toBe(true);
    const xs = Array.from(r.selection.cells, (c) => r.surface.grid.x0 + (c % r.surface.grid.ncols) * 150);
    for (const x of xs) expect(x).toBeLessThan(502_000);
  });

  it('refuses unknown methods and crime types with the known ones listed', () => {
    expect(() => buildForecast({ ...base, events: events(), method: 'crystal-ball' })).toThrow(
      /unknown method 'crystal-ball' \(known: naive, retro, prospective, kde, seppexp/,
    );
    expect(() =>
      buildForecast({ ...base, events: events(), method: 'naive', crimeTypes: ['Arson'] }),
    ).toThrow(/not in the data: Arson \(present: Burglary, Other theft\)/);
  });
});
