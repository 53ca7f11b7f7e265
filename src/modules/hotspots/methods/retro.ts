import type { CrimeEvent } from '../types.ts';
import type { ForecastInput } from './types.ts';
import { spread } from './types.ts';

export interface RetroSettings {
  /** Quartic kernel bandwidth in metres (open_cp `Quartic(bandwidth)`). */
  bandwidth: number;
}

export const retroDefaults: RetroSettings = { bandwidth: 400 };

/**
 * Retrospective hot spots (open_cp `RetroHotSpotGrid` with a quartic weight): risk at a cell
 * centre = sum over training events of (1 - d²/h²)² for d² <= h², d the distance from the cell
 * centre to the event. Timestamps are ignored.
 */
export function retro(input: ForecastInput, settings: RetroSettings = retroDefaults): Float64Array {
  const { grid } = input.study;
  const h2 = settings.bandwidth * settings.bandwidth;
  const reach = Math.ceil(settings.bandwidth / grid.cellSize + 0.5);
  const risk = new Float64Array(input.study.cells.length);
  const cs = grid.cellSize;
  let ex = 0;
  let ey = 0;
  let baseX = 0;
  let baseY = 0;
  let last = -1;
  spread(
    input,
    reach,
    (i, dx, dy) => {
      if (i !== last) {
        const e = input.events[i] as CrimeEvent;
        ex = e.x;
        ey = e.y;
        baseX = Math.floor((e.x - grid.x0) / cs);
        baseY = Math.floor((e.y - grid.y0) / cs);
        last = i;
      }
      const cx = grid.x0 + (baseX + dx + 0.5) * cs - ex;
      const cy = grid.y0 + (baseY + dy + 0.5) * cs - ey;
      const d2 = cx * cx + cy * cy;
      if (d2 > h2) return 0;
      const u = 1 - d2 / h2;
      return u * u;
    },
    risk,
  );
  return risk;
}
