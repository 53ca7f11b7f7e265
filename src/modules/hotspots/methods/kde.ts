import { MINUTES_PER_DAY } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { addGaussian } from './gaussian.ts';
import type { ForecastInput } from './types.ts';

export interface KdeSettings {
  /** Gaussian space bandwidth σ in metres. */
  bandwidth: number;
  /** Exponential time scale in days (weight exp(-τ/scale)/scale for an event τ days old). */
  timeScale: number;
  /**
   * The Gaussian is cut where exp(-d²/2σ²) < exp(-cutoff); 57.6 (1e-25) is far below the
   * 10-significant-digit rounding of the scoring, so rankings equal those of the untruncated sum.
   */
  cutoff: number;
}

export const kdeDefaults: KdeSettings = { bandwidth: 200, timeScale: 60, cutoff: 57.6 };

/**
 * Space-time kernel density (open_cp `kde.KDE` with `ExponentialTimeKernel(60)` in days and
 * `GaussianFixedBandwidthProvider(200)`), evaluated at each cell centre:
 * risk = Σ_i v_i exp(-d_i²/(2σ²)), v_i = exp(-τ_i/s)/s, τ_i = (t0 - t_i) in fractional days.
 * open_cp's normalising constant (Σ v_i · 2πσ²) is dropped: it does not change the ranking.
 */
export function kde(input: ForecastInput, settings: KdeSettings = kdeDefaults): Float64Array {
  const risk = new Float64Array(input.study.cells.length);
  const s = settings.timeScale;
  addGaussian(
    input,
    settings.bandwidth,
    settings.cutoff,
    (i) => Math.exp(-(input.t0 - (input.events[i] as CrimeEvent).t) / MINUTES_PER_DAY / s) / s,
    risk,
  );
  return risk;
}
