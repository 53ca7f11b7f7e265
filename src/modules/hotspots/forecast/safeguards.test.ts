import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ForecastError } from './model.ts';
import type { RuralClassification } from './rural.ts';
import { DEFAULT_POLICY, planPatrols, selectHotspots, statedCrimeTypes } from './safeguards.ts';
import { surfaceOf } from './testing.ts';

// 40 × 25 = 1000 cells; risk rises to the east, so the top cells are in the last columns.
const surface = surfaceOf(40, 25, (gx, gy) => gx * 100 + gy);
const policy = { maxCoverage: 0.05, minOutsideShare: 0.2, minRuralShare: 0.05 };

function ruralWhere(pred: (gx: number) => boolean): RuralClassification {
  const rural = Uint8Array.from(surface.cells, (c) => (pred(c % 40) ? 1 : 0));
  return {
    rural,
    density: new Float64Array(rural.length),
    definition: { radius: 1000, maxDensity: 25 },
    description: 'test',
  };
}

describe('selectHotspots', () => {
  it('selects floor(N × coverage) cells, highest risk first', () => {
    const sel = selectHotspots(surface, 0.05, policy);
    expect(sel.cells.length).toBe(50);
    expect(sel.cells[0]).toBe(24 * 40 + 39);
    expect(Math.min(...Array.from(sel.cells, (c) => c % 40))).toBe(38);
    expect(sel.achievedCoverage).toBe(0.05);
    expect(sel.riskShare).toBeGreaterThan(0.05);
  });

  it('refuses a coverage above the force cap with a clear error', () => {
    const attempt = () => selectHotspots(surface, 0.1, policy);
    expect(attempt).toThrow(ForecastError);
    expect(attempt).toThrow(/coverage 10% of the study area is above this force's cap of 5%/);
    try {
      attempt();
    } catch (e) {
      expect((e as ForecastError).code).toBe('coverage-above-cap');
    }
  });

  it('never selects more than the cap, whatever the coverage asked', () => {
    for (const c of [0.001, 0.01, 0.033, 0.05]) {
      const sel = selectHotspots(surface, c, policy);
      expect(sel.cells.length / surface.cells.length).toBeLessThanOrEqual(policy.maxCoverage);
    }
  });

  it('breaks ties in favour of the larger row-major index and skips zero-risk cells', () => {
    const flat = surfaceOf(10, 10, (gx) => (gx === 0 ? 1 : 0));
    const sel = selectHotspots(flat, 0.05, { ...policy, maxCoverage: 0.2 });
    expect(Array.from(sel.cells)).toEqual([90, 80, 70, 60, 50]);
    const sparse = selectHotspots(
      surfaceOf(10, 10, (gx, gy) => (gx === 5 && gy === 5 ? 2 : 0)),
      0.05,
      policy,
    );
    expect(Array.from(sparse.cells)).toEqual([55]);
  });

  it('rejects incoherent policies', () => {
    expect(() => selectHotspots(surface, 0.01, { ...policy, minRuralShare: 0.3 })).toThrow(/minRuralShare/);
  });
});

describe('statedCrimeTypes', () => {
  it('states all types, a subset, or warns loudly about a single type', () => {
    const all = statedCrimeTypes(['Burglary', 'Robbery'], ['Robbery', 'Burglary']);
    expect(all).toMatchObject({ allTypes: true, singleType: false, used: ['Burglary', 'Robbery'] });
    const one = statedCrimeTypes(['Burglary'], ['Robbery', 'Burglary', 'Drugs']);
    expect(one.singleType).toBe(true);
    expect(one.notice).toMatch(/^ONE CRIME TYPE ONLY: Burglary/);
    expect(statedCrimeTypes(['A', 'B'], ['A', 'B', 'C']).notice).toMatch(/2 of 3 crime types used: A, B/);
    expect(() => statedCrimeTypes([], ['A'])).toThrow(/must state the crime types/);
  });
});

describe('planPatrols', () => {
  const sel = selectHotspots(surface, 0.05, policy);

  it('keeps at least the minimum share of patrol time outside the hot spots', () => {
    const plan = planPatrols(
      surface,
      sel,
      ruralWhere(() => false),
      policy,
      { totalMinutes: 600 },
    );
    const outside = plan.allocations.filter((a) => a.zone !== 'hotspot').reduce((s, a) => s + a.share, 0);
    const hot = plan.allocations.filter((a) => a.zone === 'hotspot').reduce((s, a) => s + a.share, 0);
    expect(outside).toBeCloseTo(0.2, 12);
    expect(hot + outside).toBeCloseTo(1, 12);
    expect(plan.zones['low-risk'].cells).toBe(950);
    expect(plan.zones.hotspot.minutes).toBeCloseTo(480, 9);
    // every low-risk cell gets some time: spread, not concentrated
    expect(plan.allocations.filter((a) => a.zone === 'low-risk').every((a) => a.share > 0)).toBe(true);
    expect(plan.explanation).toMatch(/20% is spread evenly over 950 low-risk cells/);
    expect(plan.explanation).toMatch(/rural guarantee does not apply/);
  });

  it('refuses an outside share below the force minimum', () => {
    expect(() =>
      planPatrols(
        surface,
        sel,
        ruralWhere(() => false),
        policy,
        { outsideShare: 0.1 },
      ),
    ).toThrow(/10% of patrol time outside the hot spots is below this force's minimum of 20%/);
  });

  it('guarantees rural cells their floor even when they are few', () => {
    const plan = planPatrols(
      surface,
      sel,
      ruralWhere((gx) => gx === 0),
      policy,
    );
    expect(plan.zones.rural.cells).toBe(25);
    expect(plan.zones.rural.share).toBeCloseTo(0.05, 12);
    expect(plan.zones['low-risk'].share).toBeCloseTo(0.15, 12);
    const ruralCells = plan.allocations.filter((a) => a.zone === 'rural');
    expect(ruralCells.every((a) => a.cell % 40 === 0 && a.share > 0)).toBe(true);
  });

  it('gives rural cells their pro-rata share when that is above the floor', () => {
    const plan = planPatrols(
      surface,
      sel,
      ruralWhere((gx) => gx < 19),
      policy,
      { outsideShare: 0.3 },
    );
    expect(plan.zones.rural.share).toBeCloseTo((0.3 * 475) / 950, 12);
    expect(plan.zones.hotspot.share).toBeCloseTo(0.7, 12);
  });

  it('splits hot spot time in proportion to forecast risk', () => {
    const plan = planPatrols(
      surface,
      sel,
      ruralWhere(() => false),
      policy,
    );
    const [first, , last] = [plan.allocations[0]!, null, plan.allocations[49]!];
    const r = (cell: number) => surface.risk[surface.cells.indexOf(cell)]!;
    expect(first.share / last.share).toBeCloseTo(r(first.cell) / r(last.cell), 9);
  });
});

it('default policy is the documented one', () => {
  expect(DEFAULT_POLICY).toEqual({ maxCoverage: 0.05, minOutsideShare: 0.2, minRuralShare: 0.05 });
});

describe('safeguard properties', () => {
  it('for any surface and coherent policy: cap kept, floors kept, shares sum to 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ncols, nrows, seed, cap, minOutside, ruralPart, coverPart) => {
          const s = surfaceOf(ncols, nrows, (gx, gy) => ((gx * 73 + gy * 151 + seed) % 97) / 7);
          const p = { maxCoverage: cap, minOutsideShare: minOutside, minRuralShare: minOutside * ruralPart };
          const sel = selectHotspots(s, Math.max(1e-9, cap * coverPart), p);
          expect(sel.cells.length).toBeLessThanOrEqual(Math.floor(s.cells.length * cap));
          const rural = Uint8Array.from(s.cells, (c) => ((c * 31 + seed) % 5 === 0 ? 1 : 0));
          const plan = planPatrols(
            s,
            sel,
            {
              rural,
              density: new Float64Array(rural.length),
              definition: { radius: 1000, maxDensity: 50 },
              description: '',
            },
            p,
          );
          const sum = (zone?: string) =>
            plan.allocations.filter((a) => !zone || a.zone === zone).reduce((acc, a) => acc + a.share, 0);
          expect(sum()).toBeCloseTo(1, 9);
          const others = s.cells.length - sel.cells.length;
          if (others > 0) expect(sum('low-risk') + sum('rural')).toBeGreaterThanOrEqual(minOutside - 1e-9);
          if (plan.zones.rural.cells > 0 && plan.zones['low-risk'].cells > 0) {
            expect(sum('rural')).toBeGreaterThanOrEqual(p.minRuralShare - 1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
