import { MINUTES_PER_DAY } from '../time.ts';
import type { CrimeEvent } from '../types.ts';
import { addGaussian } from './gaussian.ts';
import { naive } from './naive.ts';
import type { ForecastInput } from './types.ts';

export interface BluelampSettings {
  /** a: extra weight of a brand-new event relative to an old one (recency boost). */
  recencyWeight: number;
  /** τ: e-folding time of the recency boost, days. */
  recencyDays: number;
  /** b: weight of the neighbourhood (Gaussian) term relative to the event's own cell. */
  smoothing: number;
  /** σ: Gaussian bandwidth of the neighbourhood term, metres. */
  bandwidth: number;
  /** The Gaussian is cut where it falls below exp(-cutoff). */
  cutoff: number;
}

/**
 * A fixed setting, used when the forecast is asked for explicit settings or when the training
 * window is too short for inner validation. It is the best mean relative gain over the counting
 * grid at 5% coverage on training-time validation periods only (Chicago: the 52 weeks of 2018;
 * Northumbria burglary and violence: May 2021 to January 2022), never a test period and never
 * Vancouver or the City of London. The evaluated forecaster (`bluelampAuto`) does not use it:
 * it chooses its settings inside each training window (see bluelamp-select.ts and README.md).
 */
export const bluelampDefaults: BluelampSettings = {
  recencyWeight: 2,
  recencyDays: 60,
  smoothing: 0.05,
  bandwidth: 300,
  cutoff: 18,
};

/**
 * Bluelamp's forecaster: long-run counts, a short-term near-repeat boost and a neighbourhood
 * kernel, all from the training window only:
 *
 *   risk_c = Σ_i w_i · ( 1[i in c] + b · exp(-d_ic² / 2σ²) ),   w_i = 1 + a · exp(-age_i / τ)
 *
 * where d_ic is the distance from cell c's centre to event i and age_i = t0 - t_i in days.
 * The first term is the counting grid (the strongest single predictor at small coverages,
 * because crime concentrates at the same places year after year; Weisburd 2015, "The law of
 * crime concentration and the criminology of place", Criminology 53(2)). The recency boost
 * carries the near-repeat effect (Johnson 2008, "Repeat burglary victimisation: a tale of two
 * theories", J. Exp. Criminology 4). The Gaussian term lends strength from neighbouring cells,
 * which both smooths sparse counts and breaks the many ties between equal counts in favour of
 * cells in busier neighbourhoods.
 */
export function bluelamp(input: ForecastInput, settings: BluelampSettings = bluelampDefaults): Float64Array {
  const { recencyWeight: a, recencyDays: tau, smoothing: b } = settings;
  const weights = input.events.map(
    (e: CrimeEvent) => 1 + a * Math.exp(-(input.t0 - e.t) / MINUTES_PER_DAY / tau),
  );
  const risk = naive(input, weights);
  if (b > 0) addGaussian(input, settings.bandwidth, settings.cutoff, (i) => b * (weights[i] as number), risk);
  return risk;
}
