import { describe, expect, it } from 'vitest';
import { at, tinyInput } from '../testing.ts';
import { MINUTES_PER_DAY, MINUTES_PER_WEEK } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { bluelamp, fitSeppExp, kde, naive, prospective, retro, seppexp } from './index.ts';

const t0 = 100 * MINUTES_PER_WEEK;
const centre = 12; // cell (2, 2) of the 5 x 5 grid
const cell = (gx: number, gy: number) => gy * 5 + gx;

describe('naive', () => {
  it('counts training events per cell', () => {
    const risk = naive(tinyInput([at(0, 0, 1), at(0, 0, 2), at(2, 2, 3)], t0));
    expect(risk[0]).toBe(2);
    expect(risk[centre]).toBe(1);
    expect(risk.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('retro', () => {
  it('weights events by the quartic (1 - d²/400²)² of the distance to each cell centre', () => {
    const risk = retro(tinyInput([at(2, 2, 0)], t0));
    const q = (d2: number) => (d2 > 160000 ? 0 : (1 - d2 / 160000) ** 2);
    expect(risk[centre]).toBe(1);
    expect(risk[cell(3, 2)]).toBeCloseTo(q(150 ** 2), 12);
    expect(risk[cell(3, 3)]).toBeCloseTo(q(2 * 150 ** 2), 12);
    expect(risk[cell(4, 3)]).toBeCloseTo(q(300 ** 2 + 150 ** 2), 12);
    expect(risk[cell(4, 4)]).toBe(0); // 424 m away
  });
});

describe('prospective', () => {
  it('sums 1/((1+d)(1+w)) within 2 cells (Chebyshev) and 8 weeks', () => {
    const events = [at(2, 2, t0 - 10 * MINUTES_PER_DAY), at(0, 0, t0 - 8 * MINUTES_PER_WEEK)];
    const risk = prospective(tinyInput(events, t0));
    expect(risk[centre]).toBeCloseTo(1 / 2, 15); // d = 0, w = 1
    expect(risk[cell(3, 1)]).toBeCloseTo(1 / 4, 15); // diagonal neighbour: d = 1
    expect(risk[cell(4, 0)]).toBeCloseTo(1 / 6, 15); // d = 2
    expect(risk[0]).toBeCloseTo(1 / 6, 15); // the 8-week-old event adds nothing
  });
});

describe('kde', () => {
  it('is Σ exp(-τ/60)/60 · exp(-d²/(2·200²)) at cell centres', () => {
    const risk = kde(tinyInput([at(2, 2, t0 - 60 * MINUTES_PER_DAY)], t0));
    const v = Math.exp(-1) / 60;
    expect(risk[centre]).toBeCloseTo(v, 15);
    expect(risk[cell(3, 2)]).toBeCloseTo(v * Math.exp(-(150 ** 2) / 80000), 15);
    expect(risk[cell(4, 4)]).toBeCloseTo(v * Math.exp(-(2 * 300 ** 2) / 80000), 15);
  });
});

/** A direct O(n²) transcription of the EM of PROTOCOL.md 5.5, to check the O(n) recursions. */
function bruteForceEm(events: CrimeEvent[], cellOf: (e: CrimeEvent) => number, iterations: number) {
  const first = Math.min(...events.map((e) => e.t));
  const T = Math.max(...events.map((e) => e.t)) - first;
  const byCell = new Map<number, number[]>();
  for (const e of events) byCell.set(cellOf(e), [...(byCell.get(cellOf(e)) ?? []), e.t - first]);
  let theta = 0.5;
  let omega = 1 / 1440;
  let mu = new Map([...byCell].map(([c, s]) => [c, s.length / T]));
  for (let it = 0; it < iterations; it++) {
    let s1 = 0;
    let s2 = 0;
    const next = new Map<number, number>();
    for (const [c, s] of byCell) {
      let pjj = 0;
      for (let j = 0; j < s.length; j++) {
        const trig = s.slice(0, j).map((si) => theta * omega * Math.exp(-omega * ((s[j] as number) - si)));
        const col = (mu.get(c) as number) + trig.reduce((a, b) => a + b, 0);
        pjj += (mu.get(c) as number) / col;
        trig.forEach((p, i) => {
          s1 += p / col;
          s2 += (p / col) * ((s[j] as number) - (s[i] as number));
        });
      }
      next.set(c, pjj / T);
    }
    omega = s1 / s2;
    theta = s1 / events.length;
    mu = next;
  }
  return { theta, omega, mu };
}

describe('seppexp', () => {
  it('matches a direct transcription of the EM on random data', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const events: CrimeEvent[] = Array.from({ length: 60 }, () =>
      at(Math.floor(rand() * 3), Math.floor(rand() * 2), Math.floor(rand() * 30 * MINUTES_PER_DAY)),
    ).sort((a, b) => a.t - b.t);
    const input = tinyInput(events, 31 * MINUTES_PER_DAY);
    const fit = fitSeppExp(input);
    const ref = bruteForceEm(events, (e) => Math.floor(e.y / 150) * 5 + Math.floor(e.x / 150), 20);
    expect(fit.stoppedEarly).toBe(false);
    expect(fit.iterations).toBe(20);
    expect(fit.theta).toBeCloseTo(ref.theta, 12);
    expect(fit.omega / ref.omega).toBeCloseTo(1, 12);
    fit.cells.forEach((c, k) => {
      expect((fit.mu[k] as number) / (ref.mu.get(c) as number)).toBeCloseTo(1, 12);
    });
    const risk = seppexp(input);
    const trig = events
      .filter((e) => e.x < 150 && e.y < 150)
      .reduce((a, e) => a + fit.theta * fit.omega * Math.exp(-fit.omega * (input.t0 - e.t)), 0);
    expect(risk[0]).toBeCloseTo((fit.mu[fit.cells.indexOf(0)] as number) + trig, 15);
  });

  it('keeps the last finite parameters when an EM step is not finite', () => {
    // Only equal-time pairs: Σ p_ij (s_j - s_i) = 0, so ω would become infinite at the first step.
    const events = [at(0, 0, 0), at(0, 0, 0), at(0, 0, 0), at(1, 1, 100000), at(1, 1, 100000)];
    const fit = fitSeppExp(tinyInput(events, 200000));
    expect(fit.stoppedEarly).toBe(true);
    expect(fit.iterations).toBe(0);
    expect(fit.theta).toBe(0.5);
    expect(fit.omega).toBe(1 / 1440);
    const risk = seppexp(tinyInput(events, 200000));
    expect(risk.every(Number.isFinite)).toBe(true);
    expect(risk[0]).toBeGreaterThan(risk[6] as number); // 3 events vs 2 in the background rate
  });
});

describe('bluelamp', () => {
  it('is the counting grid when the recency and neighbourhood terms are off', () => {
    const input = tinyInput([at(0, 0, 1), at(0, 0, 2), at(2, 2, 3)], t0);
    const off = { recencyWeight: 0, recencyDays: 30, smoothing: 0, bandwidth: 150, cutoff: 18 };
    expect(Array.from(bluelamp(input, off))).toEqual(Array.from(naive(input)));
  });

  it('boosts recent events by 1 + a·exp(-age/τ) and adds b times a Gaussian of the neighbours', () => {
    const input = tinyInput([at(2, 2, t0 - 30 * MINUTES_PER_DAY)], t0);
    const s = { recencyWeight: 2, recencyDays: 30, smoothing: 0.5, bandwidth: 150, cutoff: 18 };
    const w = 1 + 2 * Math.exp(-1);
    const risk = bluelamp(input, s);
    expect(risk[centre]).toBeCloseTo(w * 1.5, 12);
    expect(risk[cell(3, 2)]).toBeCloseTo(w * 0.5 * Math.exp(-0.5), 12);
  });
});
