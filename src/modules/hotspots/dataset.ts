import { buildGrid, maskBefore, type StudyArea } from './grid.ts';
import type { Period, Protocol } from './protocol.ts';
import { periodsOf } from './protocol.ts';
import type { CrimeEvent } from './types.ts';

/** Everything an evaluation needs, derived from the kept events of a protocol's file. */
export interface Dataset {
  study: StudyArea;
  /** The evaluated events (the protocol's `events` filter), sorted by time (stable). */
  events: CrimeEvent[];
  /** Their times, parallel to `events`, for binary search. */
  times: Float64Array;
  periods: Period[];
}

/** Index of the first time >= t in an ascending array. */
export function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds grid (all events), mask (all events before the first test period) and the sorted
 * evaluated events, as PROTOCOL.md sections 1-4 describe.
 */
export function prepareDataset(all: readonly CrimeEvent[], protocol: Protocol): Dataset {
  const periods = periodsOf(protocol.periods);
  const first = periods[0];
  if (!first) throw new Error('a protocol needs at least one period');
  const grid = buildGrid(all, protocol.grid.cellSize);
  const study = maskBefore(grid, all, first.t0);
  const filter = protocol.events;
  const events = (filter ? all.filter((e) => e.category === filter.equals) : [...all]).sort(
    (a, b) => a.t - b.t,
  );
  return { study, events, times: Float64Array.from(events, (e) => e.t), periods };
}

/** Training and test slices of one period. */
export function periodSlices(d: Dataset, p: Period): { train: CrimeEvent[]; test: CrimeEvent[] } {
  const a = lowerBound(d.times, p.trainStart);
  const b = lowerBound(d.times, p.t0);
  const c = lowerBound(d.times, p.testEnd);
  return { train: d.events.slice(a, b), test: d.events.slice(b, c) };
}
