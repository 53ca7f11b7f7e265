import { describe, expect, it } from 'vitest';
import { drift, driftWindows } from './drift.ts';
import {
  breachMessage,
  checkWindow,
  DAY_MS,
  type MonitoringPlan,
  meetsThreshold,
  metricSeries,
  type Outcome,
  planFrom,
  rollingWindows,
  windowEnding,
  windowMeans,
} from './model.ts';
import { binShares, populationStability, psiBand, psiFromShares, quantileEdges } from './psi.ts';
import { isRubberStamping, median, relianceStats } from './reliance.ts';

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const o = (d: string, group: string | null, metrics: Record<string, number>): Outcome => ({
  observedAt: day(d),
  group,
  metrics,
});

const plan: MonitoringPlan = {
  source: 'monitoring-plan',
  windowDays: 10,
  stepDays: 5,
  groups: ['Urban', 'Rural'],
  metrics: [
    { name: 'hit', description: '', direction: 'min', threshold: 0.2, perGroup: false, severe: true },
    { name: 'cover', description: '', direction: 'max', threshold: 0.05, perGroup: true, severe: false },
  ],
};

describe('rolling windows', () => {
  it('are half-open (start, end], stepped back from the end, oldest first', () => {
    const ws = rollingWindows(day('2026-03-31'), 10, 5, day('2026-03-18'));
    // The window ending 21 March covers the first observation (18 March); one ending 16 March would not.
    expect(ws.map((w) => w.end.toISOString().slice(0, 10))).toEqual([
      '2026-03-21',
      '2026-03-26',
      '2026-03-31',
    ]);
    expect(ws[2]!.start.toISOString().slice(0, 10)).toBe('2026-03-21');
  });

  it('average each metric in the window, overall and per group, ignoring outcomes outside it', () => {
    const outcomes = [
      o('2026-03-01', 'Urban', { hit: 0.9 }), // outside: before the window
      o('2026-03-21', 'Urban', { hit: 0.5 }), // exactly at the start: outside (half-open)
      o('2026-03-22', 'Urban', { hit: 0.3, cover: 0.04 }),
      o('2026-03-25', 'Rural', { hit: 0.1, cover: 0.08 }),
      o('2026-03-31', null, { hit: 0.2 }), // exactly at the end: inside
    ];
    const w = windowEnding(day('2026-03-31'), 10);
    const hit = windowMeans(outcomes, w, 'hit');
    // (0.3 + 0.1 + 0.2) / 3 = 0.2
    expect(hit.overall.mean).toBeCloseTo(0.2, 12);
    expect(hit.overall.count).toBe(3);
    expect(hit.groups.get('Urban')).toEqual({ mean: 0.3, count: 1 });
    expect(hit.groups.get('Rural')).toEqual({ mean: 0.1, count: 1 });
    const cover = windowMeans(outcomes, w, 'cover');
    expect(cover.overall.mean).toBeCloseTo(0.06, 12);
  });

  it('check each threshold in its direction, per group only where the plan says so', () => {
    const outcomes = [
      o('2026-03-22', 'Urban', { hit: 0.3, cover: 0.04 }),
      o('2026-03-25', 'Rural', { hit: 0.1, cover: 0.08 }),
      o('2026-03-31', null, { hit: 0.2 }),
    ];
    const checks = checkWindow(plan, outcomes, windowEnding(day('2026-03-31'), 10));
    const summary = checks.map((c) => `${c.metric}/${c.group ?? 'all'}:${c.pass ? 'pass' : 'fail'}`);
    // hit overall 0.2 >= 0.2 passes (boundary); cover overall 0.06 > 0.05 fails; Rural 0.08 fails; Urban 0.04 passes.
    expect(summary).toEqual(['hit/all:pass', 'cover/all:fail', 'cover/Rural:fail', 'cover/Urban:pass']);
    const rural = checks.find((c) => c.group === 'Rural')!;
    expect(breachMessage(rural)).toBe(
      'cover in the group Rural was 0.08 over the 10 days to 31 March 2026 (1 outcome), above its maximum of 0.05.',
    );
  });

  it('treat a mean equal to the threshold but for rounding as meeting it', () => {
    const outcomes = [0.05, 0.05, 0.05].map((v, i) => o(`2026-03-2${i}`, 'Urban', { cover: v }));
    expect(windowMeans(outcomes, windowEnding(day('2026-03-31'), 30), 'cover').overall.mean).not.toBe(0.05);
    expect(meetsThreshold('max', 0.05, (0.05 + 0.05 + 0.05) / 3)).toBe(true);
    expect(meetsThreshold('max', 0.05, 0.0500001)).toBe(false);
    expect(meetsThreshold('min', 0.2, 0.19999999)).toBe(false);
  });

  it('give a series per metric with pass/fail only where checked', () => {
    const outcomes = [
      o('2026-03-14', 'Urban', { hit: 0.1, cover: 0.01 }),
      o('2026-03-29', 'Rural', { hit: 0.4 }),
    ];
    const ws = rollingWindows(day('2026-03-31'), 10, 10, day('2026-03-14'));
    const [hit] = metricSeries(plan, outcomes, ws, ['Rural', 'Urban']);
    expect(hit!.points.map((p) => p.overall.mean)).toEqual([0.1, 0.4]);
    expect(hit!.points.map((p) => p.overall.pass)).toEqual([false, true]);
    // hit is not checked per group: values shown, no verdict.
    expect(hit!.points[0]!.groups.Urban).toEqual({ mean: 0.1, count: 1, pass: null });
    expect(hit!.points[0]!.groups.Rural).toEqual({ mean: null, count: 0, pass: null });
  });

  it('take the plan from the monitoring plan, else from the test design without severity', () => {
    const metric = {
      name: 'hit',
      description: 'd',
      direction: 'min',
      threshold: 0.2,
      perGroup: false,
      severe: true,
    };
    const fromPlan = planFrom(
      { metrics: [metric], windowDays: 90, reviewEveryDays: 30 },
      { groups: ['A'], metrics: [] },
    );
    expect(fromPlan).toMatchObject({
      source: 'monitoring-plan',
      windowDays: 90,
      stepDays: 30,
      groups: ['A'],
    });
    expect(fromPlan!.metrics[0]!.severe).toBe(true);
    const fromDesign = planFrom(undefined, { groups: [], metrics: [metric] });
    expect(fromDesign).toMatchObject({ source: 'test-design', windowDays: 30 });
    expect(fromDesign!.metrics[0]!.severe).toBe(false);
    expect(planFrom(undefined, undefined)).toBeNull();
  });
});

describe('population stability index', () => {
  it('matches a hand-computed two-bin case', () => {
    // (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5) = 0.17329 + 0.10137 = 0.27465
    expect(psiFromShares([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.274653, 5);
    expect(psiFromShares([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('bins at the baseline quantiles and counts the shares', () => {
    const baseline = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileEdges(baseline, 4)).toEqual([3, 5, 8, 10]);
    expect(quantileEdges([5, 5, 5, 5], 10)).toEqual([5]);
    expect(binShares([3, 5, 8, 10], [1, 4, 9, 11])).toEqual([0.25, 0.25, 0, 0.25, 0.25]);
  });

  it('is about zero for the same distribution and large for a shifted one, with the usual bands', () => {
    const baseline = Array.from({ length: 100 }, (_, i) => i);
    expect(populationStability(baseline, baseline)!.psi).toBeCloseTo(0, 12);
    // Baseline deciles 0-9, 10-19, ...; current: half in the first decile, half in the last.
    const current = [...Array.from({ length: 50 }, () => 5), ...Array.from({ length: 50 }, () => 95)];
    const s = populationStability(baseline, current)!;
    // Two bins at 0.5 vs 0.1: 2 x (0.4 ln 5); eight empty bins floored at 1e-4: 8 x (1e-4 - 0.1) ln(1e-3).
    const expected = 2 * 0.4 * Math.log(5) + 8 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    expect(s.psi).toBeCloseTo(expected, 9);
    expect(s.band).toBe('significant');
    expect([psiBand(0.05), psiBand(0.1), psiBand(0.25), psiBand(0.26)]).toEqual([
      'stable',
      'moderate',
      'moderate',
      'significant',
    ]);
    expect(populationStability([], [1])).toBeNull();
  });

  it('compares the current window with the first window after go-live, or the previous one', () => {
    const end = day('2026-06-30');
    const early = driftWindows(end, 30, day('2026-06-10'));
    expect(early.baselineKind).toBe('previous');
    expect(early.baseline.end.getTime()).toBe(early.current.start.getTime());
    const later = driftWindows(end, 30, day('2026-01-01'));
    expect(later.baselineKind).toBe('first-after-go-live');
    expect(later.baseline.end.getTime() - day('2026-01-01').getTime()).toBe(30 * DAY_MS);
    const runs = [
      ...Array.from({ length: 20 }, (_, i) => ({ createdAt: day('2026-01-05'), monitored: { n: i } })),
      ...Array.from({ length: 20 }, (_, i) => ({ createdAt: day('2026-06-20'), monitored: { n: i + 100 } })),
    ];
    const [n] = drift(runs, later);
    expect(n!.key).toBe('n');
    expect(n!.stability!.baselineCount).toBe(20);
    expect(n!.stability!.band).toBe('significant');
  });
});

describe('reliance', () => {
  const rule = { maxAcceptance: 0.95, minMedianSeconds: 10, minReviews: 50 };
  const reviews = (accepted: number, other: number, seconds: number) => [
    ...Array.from({ length: accepted }, () => ({ decision: 'accepted' as const, seconds })),
    ...Array.from({ length: other }, () => ({ decision: 'amended' as const, seconds })),
  ];

  it('computes rates and the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    const s = relianceStats([
      { decision: 'accepted', seconds: 4 },
      { decision: 'amended', seconds: 30 },
      { decision: 'rejected', seconds: 60 },
      { decision: 'accepted', seconds: 5 },
    ]);
    expect(s).toMatchObject({
      reviews: 4,
      accepted: 2,
      amended: 1,
      rejected: 1,
      acceptanceRate: 0.5,
      medianSeconds: 17.5,
    });
  });

  it('flags rubber-stamping only above the acceptance rate, below the median time, across enough reviews', () => {
    expect(isRubberStamping(relianceStats(reviews(50, 0, 2)), rule)).toBe(true);
    expect(isRubberStamping(relianceStats(reviews(49, 0, 2)), rule)).toBe(false); // too few
    expect(isRubberStamping(relianceStats(reviews(57, 3, 2)), rule)).toBe(false); // exactly 95%: not above
    expect(isRubberStamping(relianceStats(reviews(60, 0, 10)), rule)).toBe(false); // median not under 10 s
  });
});
