import { describe, expect, it } from 'vitest';
import { monitorFeedback } from '../forecast/feedback.ts';
import { cellCentre } from '../grid.ts';
import { parseIsoMinutes } from '../time.ts';
import type { CrimeEvent, Grid } from '../types.ts';
import { assembleFeedback, type FeedbackDosage, type FeedbackRun, periodLabel } from './feedback.ts';

/**
 * A constructed town of 10 x 10 cells over six months. Every cell has 2 recorded crimes a month
 * at first. The forecasts pick the same 12 cells each month; from April, patrols (60 minutes a
 * cell) go to them. The latest forecast's grid starts one cell further west, so cells must be
 * carried between grids by their centres.
 */
const base: Grid = { x0: 400_050, y0: 500_100, cellSize: 150, ncols: 10, nrows: 10 };
const latest: Grid = { ...base, x0: base.x0 - 150, ncols: 11 };
const hot = Array.from({ length: 12 }, (_, k) => k * 8);
const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

const runs: FeedbackRun[] = months.map((m, i) => {
  const grid = i === months.length - 1 ? latest : base;
  const shift = grid === latest ? 1 : 0;
  return {
    id: `run-${i}`,
    reference: `R-TEST-000${i}`,
    t0: `${m}-01T00:00`,
    crs: 'EPSG:27700',
    grid,
    // The same places, numbered on each run's own grid.
    forecastCells: hot.map((c) => (c % 10) + shift + Math.floor(c / 10) * grid.ncols),
    crimeTypes: ['Burglary'],
  };
});
const dosage: FeedbackDosage[] = runs
  .slice(3)
  .flatMap((r) => r.forecastCells.map((cell) => ({ runId: r.id, cell, minutes: 60 })));

/** Crimes per cell and month: 2 each, or `later` in the chosen cells from April. */
function crimes(later: (cell: number) => number, category = 'Burglary'): CrimeEvent[] {
  const events: CrimeEvent[] = [];
  months.forEach((m, i) => {
    for (let cell = 0; cell < 100; cell++) {
      const n = i >= 3 ? later(cell) : 2;
      const [x, y] = cellCentre(base, cell);
      for (let k = 0; k < n; k++) events.push({ t: parseIsoMinutes(`${m}-0${1 + k}T12:00`), x, y, category });
    }
  });
  return events.sort((a, b) => a.t - b.t);
}

describe('the feedback-loop monitor data', () => {
  it('labels months and weeks', () => {
    expect(periodLabel({ start: '2020-11-01', end: '2020-12-01' })).toBe('Nov 2020');
    expect(periodLabel({ start: '2020-11-02', end: '2020-11-09' })).toBe('w/c 2 Nov 2020');
  });

  it('flags a loop when recorded crime rises only where patrols were sent', () => {
    const events = crimes((cell) => (hot.includes(cell) ? 4 : 2));
    const a = assembleFeedback({ runs, dosage, events, crs: 'EPSG:27700' });
    expect(a.grid).toEqual(latest);
    expect(a.periods.map((p) => p.label)).toEqual(
      'Jan,Feb,Mar,Apr,May,Jun'.split(',').map((m) => `${m} 2024`),
    );
    // Every run's cells land on the same places of the common grid.
    const onLatest = hot.map((c) => (c % 10) + 1 + Math.floor(c / 10) * 11);
    for (const p of a.periods) expect(Array.from(p.forecastCells)).toEqual(onLatest);
    expect(a.periods[4]!.dosageMinutes).toBe(720);
    expect(a.periods[0]!.dosageMinutes).toBe(0);
    expect(a.periods[0]!.crimes).toBe(200);
    expect(a.periods[5]!.crimes).toBe(224);
    expect(a.leftOut).toEqual({ runsOtherCrs: [], forecastCells: 0, dosageMinutes: 0, events: 0 });
    const report = monitorFeedback(a.cells, a.periods);
    expect(report.status).toBe('loop-suspected');
    expect(report.flag).toBe(true);
    expect(report.ratio).toBeCloseTo(2);
    expect(report.patrolledCells).toBe(12);
    expect(report.comparisonCells).toBe(88);
    expect(report.periods.map((p) => p.label)).toEqual(['Apr 2024', 'May 2024', 'Jun 2024']);
  });

  it('counts only the crime types of the forecasts: another type rising where patrols went is no loop', () => {
    const burglary = crimes(() => 2);
    const drugs = crimes((cell) => (hot.includes(cell) ? 4 : 2), 'drugs ');
    const events = [...burglary, ...drugs].sort((x, y) => x.t - y.t);
    const a = assembleFeedback({ runs, dosage, events, crs: 'EPSG:27700' });
    expect(a.crimeTypes).toMatchObject({ compared: ['Burglary'], unstatedRuns: [] });
    expect(a.crimeTypes.statement).toBe(
      'Crime types compared: Burglary (those the forecasts were made from); other recorded crime is not counted.',
    );
    expect(a.periods[5]!.crimes).toBe(200);
    const report = monitorFeedback(a.cells, a.periods);
    expect(report.status).toBe('no-loop');
    expect(report.flag).toBe(false);
    // A forecast made for drug offences (any case) counts them too, and the rise shows.
    const withDrugs = runs.map((r, i) => (i === 2 ? { ...r, crimeTypes: ['Burglary', 'Drugs'] } : r));
    const b = assembleFeedback({ runs: withDrugs, dosage, events, crs: 'EPSG:27700' });
    expect(b.crimeTypes.compared).toEqual(['Burglary', 'Drugs']);
    expect(monitorFeedback(b.cells, b.periods).flag).toBe(true);
    // A forecast that does not state its crime types: all recorded crime, and that is said.
    const unstated = runs.map((r, i) => (i === 0 ? { ...r, crimeTypes: [] } : r));
    const c = assembleFeedback({ runs: unstated, dosage, events, crs: 'EPSG:27700' });
    expect(c.crimeTypes).toMatchObject({ compared: null, unstatedRuns: ['R-TEST-0000'] });
    expect(c.crimeTypes.statement).toBe(
      'Crime types compared: all recorded crime, because forecast R-TEST-0000 does not state the crime types it was made from.',
    );
    expect(c.periods[5]!.crimes).toBe(424);
  });

  it('does not flag when recorded crime rises everywhere alike', () => {
    const events = crimes(() => 4);
    const a = assembleFeedback({ runs, dosage, events, crs: 'EPSG:27700' });
    const report = monitorFeedback(a.cells, a.periods);
    expect(report.status).toBe('no-loop');
    expect(report.flag).toBe(false);
    expect(report.ratio).toBeCloseTo(1);
    expect(report.patrolledIndex).toBeCloseTo(2);
  });

  it('says honestly when there is not enough data', () => {
    const events = crimes((cell) => (hot.includes(cell) ? 4 : 2));
    const a = assembleFeedback({ runs: runs.slice(0, 3), dosage: [], events, crs: 'EPSG:27700' });
    const report = monitorFeedback(a.cells, a.periods);
    expect(report.status).toBe('insufficient-data');
    expect(report.explanation).toMatch(/^Not enough data for a verdict/);
  });

  it('leaves out runs in other coordinates and what falls off the common grid', () => {
    const other = { ...runs[0]!, id: 'utm', reference: 'R-UTM0-0000', crs: 'EPSG:32630' };
    const stray = { runId: 'run-3', cell: 99, minutes: 15 };
    const far: CrimeEvent = { t: parseIsoMinutes('2024-02-10T00:00'), x: 0, y: 0, category: 'Burglary' };
    const a = assembleFeedback({
      runs: [other, ...runs],
      dosage: [...dosage, stray, { runId: 'unknown', cell: 1, minutes: 5 }],
      events: [far, ...crimes(() => 2)].sort((x, y) => x.t - y.t),
      crs: 'EPSG:27700',
    });
    expect(a.leftOut.runsOtherCrs).toEqual(['R-UTM0-0000']);
    expect(a.leftOut.events).toBe(1);
    expect(a.leftOut.dosageMinutes).toBe(5);
    expect(a.periods[3]!.dosageMinutes).toBe(735);
    expect(assembleFeedback({ runs: [], dosage: [], events: [], crs: 'EPSG:27700' })).toMatchObject({
      grid: null,
      periods: [],
    });
  });
});
