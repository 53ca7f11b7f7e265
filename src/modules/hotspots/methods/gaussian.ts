import type { CrimeEvent } from '../types.ts';
import type { ForecastInput } from './types.ts';
import { eventCells } from './types.ts';

/**
 * Adds Σ_i weight_i · exp(-d_i²/(2σ²)) to each study cell, d_i the distance from the cell
 * centre to event i. The Gaussian factorises, exp(-(dx²+dy²)/2σ²) = exp(-dx²/2σ²)·exp(-dy²/2σ²),
 * so each event needs only 2(2r+1) exponentials for its (2r+1)² cells. The kernel is cut where
 * it falls below exp(-cutoff).
 */
export function addGaussian(
  input: ForecastInput,
  sigma: number,
  cutoff: number,
  weightOf: (event: number) => number,
  risk: Float64Array,
): void {
  const n = input.events.length;
  addGaussianLayers(
    input,
    sigma,
    cutoff,
    [Float64Array.from({ length: n }, (_, i) => weightOf(i))],
    [risk],
    0,
    n,
  );
}

/**
 * The same for several layers at once, sharing the kernel: layer j receives
 * Σ_i weights[j][i] · exp(-d_i²/(2σ²)) over the events with index in [from, to).
 */
export function addGaussianLayers(
  input: ForecastInput,
  sigma: number,
  cutoff: number,
  weights: readonly Float64Array[],
  layers: readonly Float64Array[],
  from: number,
  to: number,
): void {
  const { grid, positionOf } = input.study;
  const s2 = 2 * sigma * sigma;
  const cs = grid.cellSize;
  const reach = Math.ceil(Math.sqrt(cutoff * s2) / cs + 0.5);
  const width = 2 * reach + 1;
  const fx = new Float64Array(width);
  const fy = new Float64Array(width);
  const { gx, gy } = eventCells(input);
  const single = layers.length === 1;
  const risk = layers[0] as Float64Array;
  const nLayers = layers.length;
  const w = new Float64Array(nLayers);
  for (let i = from; i < to; i++) {
    const cx = gx[i] as number;
    const cy = gy[i] as number;
    if (cx < 0) continue;
    const v = single ? ((weights[0] as Float64Array)[i] as number) : 1;
    if (v === 0) continue;
    const e = input.events[i] as CrimeEvent;
    for (let j = 0; j < nLayers; j++) w[j] = (weights[j] as Float64Array)[i] as number;
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
      if (single) {
        for (let x = xLo; x <= xHi; x++) {
          const p = positionOf[row + x] as number;
          if (p >= 0) risk[p] = (risk[p] as number) + wy * (fx[x - cx + reach] as number);
        }
        continue;
      }
      for (let x = xLo; x <= xHi; x++) {
        const p = positionOf[row + x] as number;
        if (p < 0) continue;
        const kxy = wy * (fx[x - cx + reach] as number);
        for (let j = 0; j < nLayers; j++) {
          const layer = layers[j] as Float64Array;
          layer[p] = (layer[p] as number) + kxy * (w[j] as number);
        }
      }
    }
  }
}
