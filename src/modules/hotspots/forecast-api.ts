import { studyAreaFromCells } from './grid.ts';
import {
  type BluelampSettings,
  bluelamp,
  bluelampAuto,
  type KdeSettings,
  kde,
  type MethodName,
  methodNames,
  naive,
  type ProspectiveSettings,
  prospective,
  type RetroSettings,
  retro,
  type SeppExpSettings,
  seppexp,
} from './methods/index.ts';
import type { CrimeEvent, Grid, RiskSurface } from './types.ts';

/** Settings per method; omitted ones take the protocol (or Bluelamp) defaults. */
export interface MethodSettings {
  retro?: RetroSettings;
  prospective?: ProspectiveSettings;
  kde?: KdeSettings;
  seppexp?: SeppExpSettings;
  bluelamp?: BluelampSettings;
}

/**
 * One forecast as a risk surface: the named method trained on the events strictly before t0
 * (the caller chooses the training window by the events it passes), evaluated on the study cells.
 */
export function forecast(
  events: readonly CrimeEvent[],
  grid: Grid,
  studyCells: Int32Array,
  t0: number,
  method: MethodName,
  options: { crs?: string; settings?: MethodSettings } = {},
): RiskSurface {
  if (!methodNames.includes(method))
    throw new Error(`unknown method '${method}' (known: ${methodNames.join(', ')})`);
  const training = events.filter((e) => e.t < t0).sort((a, b) => a.t - b.t);
  const input = { events: training, study: studyAreaFromCells(grid, studyCells), t0 };
  const s = options.settings ?? {};
  const risk =
    method === 'naive'
      ? naive(input)
      : method === 'retro'
        ? retro(input, s.retro)
        : method === 'prospective'
          ? prospective(input, s.prospective)
          : method === 'kde'
            ? kde(input, s.kde)
            : method === 'seppexp'
              ? seppexp(input, s.seppexp)
              : s.bluelamp
                ? bluelamp(input, s.bluelamp)
                : bluelampAuto(input);
  return { grid, crs: options.crs ?? '', cells: studyCells, risk };
}
