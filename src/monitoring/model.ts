/**
 * Monitoring in live use, as pure functions: the metrics and thresholds a system is watched
 * against, rolling windows over its outcomes (overall and per group), and threshold checks in
 * each metric's direction. No I/O here.
 */

export const DAY_MS = 86_400_000;

export interface MetricDef {
  name: string;
  description: string;
  /** 'min': the value must be at least the threshold; 'max': at most. */
  direction: 'min' | 'max';
  threshold: number;
  /** Checked in each group as well as overall. */
  perGroup: boolean;
  /** A breach suspends the system automatically (honoured only from the monitoring plan). */
  severe: boolean;
}

export interface MonitoringPlan {
  /** Where the metrics come from: the monitoring plan, or the test and evaluation design. */
  source: 'monitoring-plan' | 'test-design';
  metrics: MetricDef[];
  /** Length of the rolling window. */
  windowDays: number;
  /** Distance between the ends of successive windows in the series (the review cadence). */
  stepDays: number;
  /** Groups named in the test design (outcomes may bring others). */
  groups: string[];
}

/** Window used when only the test design is there (it names no window). */
export const DEFAULT_WINDOW_DAYS = 30;
/** Step used when the plan names no review cadence. */
export const DEFAULT_STEP_DAYS = 7;

interface PlanData {
  metrics?: Array<Partial<MetricDef> & { name: string; direction: 'min' | 'max'; threshold: number }>;
  windowDays?: number;
  reviewEveryDays?: number;
}

function metricsOf(data: PlanData | undefined, honourSevere: boolean): MetricDef[] {
  return (data?.metrics ?? []).map((m) => ({
    name: m.name,
    description: m.description ?? '',
    direction: m.direction,
    threshold: m.threshold,
    perGroup: Boolean(m.perGroup),
    severe: honourSevere && Boolean(m.severe),
  }));
}

/**
 * The plan a system is monitored against: its monitoring plan, or (before it has one, e.g. in
 * trial) its test and evaluation design. Only the monitoring plan can mark a metric severe, as
 * automatic suspension is a decision the product manager takes for live use.
 */
export function planFrom(monitoringPlan: unknown, testDesign: unknown): MonitoringPlan | null {
  const plan = monitoringPlan as PlanData | undefined;
  const design = testDesign as (PlanData & { groups?: string[] }) | undefined;
  const groups = design?.groups ?? [];
  if (plan?.metrics?.length) {
    return {
      source: 'monitoring-plan',
      metrics: metricsOf(plan, true),
      windowDays: plan.windowDays ?? DEFAULT_WINDOW_DAYS,
      stepDays: plan.reviewEveryDays ?? DEFAULT_STEP_DAYS,
      groups,
    };
  }
  if (design?.metrics?.length) {
    return {
      source: 'test-design',
      metrics: metricsOf(design, false),
      windowDays: DEFAULT_WINDOW_DAYS,
      stepDays: DEFAULT_STEP_DAYS,
      groups,
    };
  }
  return null;
}

export interface Outcome {
  observedAt: Date;
  group: string | null;
  metrics: Readonly<Record<string, number>>;
}

/** A half-open window (start, end]: an outcome observed exactly at `end` is inside. */
export interface Window {
  start: Date;
  end: Date;
}

export function windowEnding(end: Date, days: number): Window {
  return { start: new Date(end.getTime() - days * DAY_MS), end };
}

export function inWindow(at: Date, w: Window): boolean {
  const t = at.getTime();
  return t > w.start.getTime() && t <= w.end.getTime();
}

/**
 * Rolling windows of `windowDays`, their ends `stepDays` apart, the last ending at `end`, going
 * back until a window would end before `earliest` (the first observation); oldest first, at most
 * `maxPoints`. Windows overlap when the step is shorter than the window, as rolling windows do.
 */
export function rollingWindows(
  end: Date,
  windowDays: number,
  stepDays: number,
  earliest: Date,
  maxPoints = 52,
): Window[] {
  const out: Window[] = [];
  const step = Math.max(1, stepDays) * DAY_MS;
  for (let k = 0; k < maxPoints; k++) {
    const e = new Date(end.getTime() - k * step);
    if (k > 0 && e.getTime() < earliest.getTime()) break;
    out.push(windowEnding(e, windowDays));
  }
  return out.reverse();
}

export interface WindowValue {
  /** Mean of the metric's values in the window; null when there are none. */
  mean: number | null;
  count: number;
}

/** The mean of one metric over the outcomes in a window: overall, and for each group. */
export function windowMeans(
  outcomes: readonly Outcome[],
  window: Window,
  metric: string,
): { overall: WindowValue; groups: Map<string, WindowValue> } {
  let sum = 0;
  let count = 0;
  const byGroup = new Map<string, { sum: number; count: number }>();
  for (const o of outcomes) {
    const v = o.metrics[metric];
    if (v === undefined || !Number.isFinite(v) || !inWindow(o.observedAt, window)) continue;
    sum += v;
    count += 1;
    if (o.group !== null) {
      const g = byGroup.get(o.group) ?? { sum: 0, count: 0 };
      g.sum += v;
      g.count += 1;
      byGroup.set(o.group, g);
    }
  }
  const groups = new Map<string, WindowValue>();
  for (const [name, g] of byGroup) groups.set(name, { mean: g.sum / g.count, count: g.count });
  return { overall: { mean: count ? sum / count : null, count }, groups };
}

/**
 * Whether a value meets its threshold in the metric's direction. A mean of values equal to the
 * threshold can differ from it in the last binary digit (3 x 0.05 / 3 = 0.05000000000000001), so
 * differences within a relative 1e-9 count as equal.
 */
export function meetsThreshold(direction: 'min' | 'max', threshold: number, value: number): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(threshold));
  return direction === 'min' ? value >= threshold - tolerance : value <= threshold + tolerance;
}

export interface CheckResult {
  metric: string;
  /** null: overall. */
  group: string | null;
  direction: 'min' | 'max';
  threshold: number;
  value: number;
  count: number;
  pass: boolean;
  severe: boolean;
  window: Window;
}

/** Every group named in the plan or seen in the outcomes, in a stable order. */
export function groupsOf(plan: MonitoringPlan, outcomes: readonly Outcome[]): string[] {
  const seen = new Set(plan.groups);
  for (const o of outcomes) if (o.group !== null) seen.add(o.group);
  return [...seen].sort((a, b) => a.localeCompare(b));
}

/**
 * The threshold checks for one window: every metric overall, and in each group for metrics
 * checked per group. Metrics with no values in the window (or group) are not checked.
 */
export function checkWindow(
  plan: MonitoringPlan,
  outcomes: readonly Outcome[],
  window: Window,
): CheckResult[] {
  const out: CheckResult[] = [];
  for (const m of plan.metrics) {
    const { overall, groups } = windowMeans(outcomes, window, m.name);
    const targets: Array<[string | null, WindowValue]> = [[null, overall]];
    if (m.perGroup)
      for (const [g, v] of [...groups].sort(([a], [b]) => a.localeCompare(b))) targets.push([g, v]);
    for (const [group, v] of targets) {
      if (v.mean === null) continue;
      out.push({
        metric: m.name,
        group,
        direction: m.direction,
        threshold: m.threshold,
        value: v.mean,
        count: v.count,
        pass: meetsThreshold(m.direction, m.threshold, v.mean),
        severe: m.severe,
        window,
      });
    }
  }
  return out;
}

export interface SeriesPoint {
  window: Window;
  overall: WindowValue & { pass: boolean | null };
  groups: Record<string, WindowValue & { pass: boolean | null }>;
}

export interface MetricSeries {
  metric: MetricDef;
  points: SeriesPoint[];
}

/**
 * Each metric over a series of windows, overall and per group, with pass or fail against its
 * threshold (per group only where the metric is checked per group; null where not checked or
 * there is no value).
 */
export function metricSeries(
  plan: MonitoringPlan,
  outcomes: readonly Outcome[],
  windows: readonly Window[],
  groups: readonly string[],
): MetricSeries[] {
  const judge = (m: MetricDef, v: WindowValue, checked: boolean) => ({
    ...v,
    pass: checked && v.mean !== null ? meetsThreshold(m.direction, m.threshold, v.mean) : null,
  });
  return plan.metrics.map((m) => ({
    metric: m,
    points: windows.map((window) => {
      const { overall, groups: byGroup } = windowMeans(outcomes, window, m.name);
      return {
        window,
        overall: judge(m, overall, true),
        groups: Object.fromEntries(
          groups.map((g) => [g, judge(m, byGroup.get(g) ?? { mean: null, count: 0 }, m.perGroup)]),
        ),
      };
    }),
  }));
}

const londonDay = (d: Date) =>
  d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

/** Rounds for people to read (4 significant figures), without trailing zeros. */
export function readable(value: number): string {
  return Number.parseFloat(value.toPrecision(4)).toString();
}

/** The alert text for a breach: metric, group, value, threshold, window. */
export function breachMessage(c: CheckResult): string {
  const days = Math.round((c.window.end.getTime() - c.window.start.getTime()) / DAY_MS);
  const where = c.group === null ? 'overall' : `in the group ${c.group}`;
  const limit = c.direction === 'min' ? 'below its minimum' : 'above its maximum';
  return `${c.metric} ${where} was ${readable(c.value)} over the ${days} days to ${londonDay(c.window.end)} (${c.count} outcome${c.count === 1 ? '' : 's'}), ${limit} of ${readable(c.threshold)}.`;
}
