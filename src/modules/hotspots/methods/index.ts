import { bluelampAuto } from './bluelamp-select.ts';
import { kde } from './kde.ts';
import { naive } from './naive.ts';
import { prospective } from './prospective.ts';
import { retro } from './retro.ts';
import { seppexp } from './seppexp.ts';
import type { ForecastInput } from './types.ts';

export { type BluelampSettings, bluelamp, bluelampDefaults } from './bluelamp.ts';
export {
  bluelampAuto,
  defaultPlan,
  expectedHits,
  innerFolds,
  type SelectionPlan,
  selectBluelampSettings,
} from './bluelamp-select.ts';
export { type KdeSettings, kde, kdeDefaults } from './kde.ts';
export { naive } from './naive.ts';
export { type ProspectiveSettings, prospective, prospectiveDefaults } from './prospective.ts';
export { type RetroSettings, retro, retroDefaults } from './retro.ts';
export { fitSeppExp, type SeppExpFit, type SeppExpSettings, seppExpDefaults, seppexp } from './seppexp.ts';
export type { ForecastInput, ForecastMethod } from './types.ts';

/** The open_cp reference methods with the protocol's settings. */
export const referenceMethods = {
  naive: (input: ForecastInput) => naive(input),
  retro: (input: ForecastInput) => retro(input),
  prospective: (input: ForecastInput) => prospective(input),
  kde: (input: ForecastInput) => kde(input),
  seppexp: (input: ForecastInput) => seppexp(input),
} as const;

export type ReferenceMethodName = keyof typeof referenceMethods;

/** Every method the evaluation can run: the references plus Bluelamp's own forecaster. */
export const allMethods = {
  ...referenceMethods,
  bluelamp: (input: ForecastInput) => bluelampAuto(input),
} as const;

export type MethodName = keyof typeof allMethods;

export const methodNames = Object.keys(allMethods) as MethodName[];
