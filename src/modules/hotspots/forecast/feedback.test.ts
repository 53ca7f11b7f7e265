import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../random.ts';
import { type FeedbackPeriod, monitorFeedback } from './feedback.ts';

/** Poisson draw by Knuth's multiplication method (fine for the small means used here). */
function poisson(mean: number, u: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = u();
  while (p > limit) {
    k++;
    p *= u();
  }
  return k;
}

interface World {
  /** Extra crimes recorded per patrol hour in a patrolled cell (0 = no loop). */
  detectionPerHour: number;
  /** Forecast = the 60 cells with most baseline crime (true) or 60 random high-risk cells (false). */
  forecastTopBaseline?: boolean;
  seed?: number;
  periods?: number;
  /** Number of busy cells (default 150). */
  busy?: number;
}

/**
 * 150 (or `busy`) busy cells (true rate 2-6 crimes per period) and 350 quiet (0.1-1). Three baseline
 * periods without patrols, then forecast cells get 120 patrol minutes per period. In the loop world,
 * patrols add recorded crime in proportion to time spent there; true crime is unchanged.
 */
function simulate(world: World): { cells: number[]; periods: FeedbackPeriod[] } {
  const u = mulberry32(world.seed ?? 7);
  const nBusy = world.busy ?? 150;
  const cells = Array.from({ length: nBusy + 350 }, (_, i) => i);
  const rate = cells.map((i) => (i < nBusy ? 2 + 4 * u() : 0.1 + 0.9 * u()));
  const periods: FeedbackPeriod[] = [];
  const draw = (extra: (c: number) => number) =>
    new Map(cells.map((c) => [c, poisson(rate[c]!, u) + poisson(extra(c), u)] as [number, number]));
  const baselineTotals = new Float64Array(cells.length);
  for (let p = 0; p < 3; p++) {
    const crime = draw(() => 0);
    crime.forEach((v, c) => {
      baselineTotals[c]! += v;
    });
    periods.push({ label: `b${p}`, forecastCells: [], dosage: new Map(), crime });
  }
  const busy = cells.slice(0, nBusy);
  const forecast = world.forecastTopBaseline
    ? [...cells].sort((a, b) => baselineTotals[b]! - baselineTotals[a]!).slice(0, 60)
    : busy.filter(() => u() < 0.4);
  const dosage = new Map(forecast.map((c) => [c, 120] as [number, number]));
  for (let p = 0; p < (world.periods ?? 6); p++) {
    const crime = draw((c) => (dosage.has(c) ? (world.detectionPerHour * dosage.get(c)!) / 60 : 0));
    periods.push({ label: `p${p}`, forecastCells: forecast, dosage, crime });
  }
  return { cells, periods };
}

describe('monitorFeedback', () => {
  it('flags a loop when patrols add recorded crime only where they go', () => {
    const { cells, periods } = simulate({ detectionPerHour: 1 });
    const r = monitorFeedback(cells, periods);
    expect(r.status).toBe('loop-suspected');
    expect(r.flag).toBe(true);
    expect(r.ratio).toBeGreaterThan(1.25);
    expect(r.patrolledIndex).toBeGreaterThan(1.2);
    expect(r.comparisonIndex).toBeGreaterThan(0.8);
    expect(r.comparisonIndex).toBeLessThan(1.2);
    expect(r.periods).toHaveLength(6);
    expect(r.explanation).toMatch(/rising where patrols were sent/);
  });

  it('does not flag when recorded crime does not depend on patrols', () => {
    for (const seed of [1, 2, 3]) {
      const r = monitorFeedback(...args(simulate({ detectionPerHour: 0, seed })));
      expect(r.status).toBe('no-loop');
      expect(r.ratio).toBeGreaterThan(0.8);
      expect(r.ratio).toBeLessThan(1.2);
      expect(r.explanation).toMatch(/no sign that patrols are inflating/);
    }
  });

  it('is not fooled by regression to the mean when forecasts pick the highest past counts', () => {
    const r = monitorFeedback(
      ...args(simulate({ detectionPerHour: 0, forecastTopBaseline: true, busy: 1500, seed: 11 })),
    );
    expect(r.status).toBe('no-loop');
    // the patrolled cells' own counts fall back towards their true rate...
    expect(r.patrolledIndex).toBeLessThan(0.85);
    // ...and so do comparable unpatrolled cells, so the ratio stays below the alert threshold
    expect(r.comparisonIndex).toBeLessThan(0.85);
    expect(r.ratio).toBeLessThan(1.25);
    // the highest-count patrolled cells have no unpatrolled peers and are reported as unmatched
    expect(r.unmatchedPatrolledCells).toBeGreaterThan(0);
    expect(r.patrolledCells + r.unmatchedPatrolledCells).toBe(60);
  });

  it('uses the configured threshold', () => {
    const data = args(simulate({ detectionPerHour: 0.3, seed: 5 }));
    const loose = monitorFeedback(data[0], data[1], { threshold: 1.05 });
    const strict = monitorFeedback(data[0], data[1], { threshold: 3 });
    expect(loose.flag).toBe(true);
    expect(strict.flag).toBe(false);
    expect(loose.ratio).toBe(strict.ratio);
  });

  it('says when there is not enough data', () => {
    const { cells, periods } = simulate({ detectionPerHour: 1 });
    const r = monitorFeedback(cells, periods.slice(0, 3));
    expect(r.status).toBe('insufficient-data');
    expect(r.flag).toBe(false);
    expect(r.explanation).toMatch(/Not enough data/);
  });
});

function args(w: { cells: number[]; periods: FeedbackPeriod[] }): [number[], FeedbackPeriod[]] {
  return [w.cells, w.periods];
}
