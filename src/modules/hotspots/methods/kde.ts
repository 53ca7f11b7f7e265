import { MINUTES_PER_DAY } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import type { ForecastInput } from './types.ts';
import { eventCells } from './types.ts';

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
 * The Gaussian factorises, exp(-(dx²+dy²)/2σ²) = exp(-dx²/2σ²)·exp(-dy²/2σ²), so each event
 * needs only 2(2r+1) exponentials for its (2r+1)² cells.
 */
export function kde(input: ForecastInput, settings: KdeSettings = kdeDefaults): Float64Array {
  const { grid, positionOf, cells } = input.study;
  const risk = new Float64Array(cells.length);
  const s2 = 2 * settings.bandwidth * settings.bandwidth;
  const cs = grid.cellSize;
  const reach = Math.ceil(Math.sqrt(settings.cutoff * s2) / cs + 0.5);
  const width = 2 * reach + 1;
  const fx = new Float64Array(width);
  const fy = new Float64Array(width);
  const { gx, gy } = eventCells(input);
  for (let i = 0; i < gx.length; i++) {
    const cx = gx[i] as number;
    const cy = gy[i] as number;
    if (cx < 0) continue;
    const e = input.events[i] as CrimeEvent;
    const tau = (input.t0 - e.t) / MINUTES_PER_DAY;
    const v = Math.exp(-tau / settings.timeScale) / settings.timeScale;
    for (let k = 0; k < width; k++) {
      const dx = grid.x0 + (cx + k - reach + 0.5) * cs - e.x;
      const dy = grid.y0 + (cy + k - reach + 0.5) * cs - e.y;
      fx[k] = Math.exp(-(dx * dx) / s2);
      fy[k] = v * Math.exp(-(dy * dy) / s2);
    }
    const yLo = Math.max(0, cy - reach);
    const yHi = Math.min(grid.nrows - 1, cy + reach);
    const xLo = Math.max(0, cx - reach);
    const xHi = Math.min(grid.ncols - 1, cx + reach);
    for (let y = yLo; y <= yHi; y++) {
      const wy = fy[y - cy + reach] as number;
      const row = y * grid.ncols;
      for (let x = xLo; x <= xHi; x++) {
        const p = positionOf[row + x] as number;
        if (p >= 0) risk[p] = (risk[p] as number) + wy * (fx[x - cx + reach] as number);
      }
    }
  }
  return risk;
}
