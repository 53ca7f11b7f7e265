import { DAY_MS, inWindow, type Window, windowEnding } from './model.ts';
import { populationStability, type Stability } from './psi.ts';

/** What each run records for drift: a few numbers summarising its input and output. */
export interface MonitoredRun {
  createdAt: Date;
  monitored: Readonly<Record<string, number>>;
}

export interface DriftWindows {
  current: Window;
  baseline: Window;
  baselineKind: 'first-after-go-live' | 'previous';
}

/**
 * The windows drift compares: the current window (ending at `end`) against the first window
 * after go-live, or, when there has been no full window since go-live before the current one
 * (or no go-live yet), against the window just before the current one.
 */
export function driftWindows(end: Date, windowDays: number, goLiveAt: Date | null): DriftWindows {
  const current = windowEnding(end, windowDays);
  if (goLiveAt) {
    const first: Window = {
      start: new Date(goLiveAt.getTime() - 1),
      end: new Date(goLiveAt.getTime() + windowDays * DAY_MS),
    };
    if (first.end.getTime() <= current.start.getTime())
      return { current, baseline: first, baselineKind: 'first-after-go-live' };
  }
  return { current, baseline: windowEnding(current.start, windowDays), baselineKind: 'previous' };
}

export interface DriftResult {
  key: string;
  /** Runs with this value in each window, counted even when there are too few for a PSI. */
  baselineCount: number;
  currentCount: number;
  stability: Stability | null;
}

/** PSI of each monitored value (union of keys over the runs), current window against baseline. */
export function drift(runs: readonly MonitoredRun[], windows: DriftWindows): DriftResult[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.monitored)) keys.add(k);
  const valuesIn = (w: Window, key: string) =>
    runs
      .filter((r) => inWindow(r.createdAt, w))
      .map((r) => r.monitored[key])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return [...keys].sort().map((key) => {
    const baseline = valuesIn(windows.baseline, key);
    const current = valuesIn(windows.current, key);
    return {
      key,
      baselineCount: baseline.length,
      currentCount: current.length,
      stability: populationStability(baseline, current),
    };
  });
}
