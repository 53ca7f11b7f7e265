import { MINUTES_PER_WEEK } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import type { ForecastInput } from './types.ts';
import { spread } from './types.ts';

export interface ProspectiveSettings {
  /** Space bandwidth in cells: events count while the Chebyshev cell distance d < this. */
  spaceBandwidth: number;
  /** Time bandwidth in weeks: events count while the whole weeks elapsed w < this. */
  timeBandwidth: number;
}

/** open_cp's 400 m / 8 weeks window on a 150 m grid. */
export const prospectiveDefaults: ProspectiveSettings = { spaceBandwidth: 400 / 150, timeBandwidth: 8 };

/**
 * Prospective hot-spotting with the classic weight of Bowers, Johnson & Pease (2004),
 * "Prospective hot-spotting: the future of crime mapping?", Brit. J. Criminology 44(5):
 * risk = sum of 1 / ((1 + d)(1 + w)) over events with d < space bandwidth and w < time
 * bandwidth, where d = max(|gx - gx_i|, |gy - gy_i|) (diagonal neighbours count as adjacent)
 * and w = floor((t0 - t_i) / 1 week).
 */
export function prospective(
  input: ForecastInput,
  settings: ProspectiveSettings = prospectiveDefaults,
): Float64Array {
  const risk = new Float64Array(input.study.cells.length);
  const reach = Math.ceil(settings.spaceBandwidth) - 1;
  const weeks = input.events.map((e: CrimeEvent) => Math.floor((input.t0 - e.t) / MINUTES_PER_WEEK));
  spread(
    input,
    Math.max(0, reach),
    (i, dx, dy) => {
      const w = weeks[i] as number;
      const d = Math.max(Math.abs(dx), Math.abs(dy));
      if (w >= settings.timeBandwidth || w < 0 || d >= settings.spaceBandwidth) return 0;
      return 1 / ((1 + d) * (1 + w));
    },
    risk,
  );
  return risk;
}
