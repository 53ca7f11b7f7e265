/**
 * OGRS3 coefficients: Howard, Francis, Soothill & Humphreys (2009), "OGRS 3: the revised Offender
 * Group Reconviction Scale", Ministry of Justice Research Summary 7/09, with the values in live
 * use by HMPPS (see shared data `ogrs3/README.md`).
 */

export type Gender = 'male' | 'female';

/** Multiplier of the Copas rate ln((1 + previous sanctions) / (10 + years in criminal career)). */
export const COPAS_COEFFICIENT = 1.25112;

/** Conviction status: more than one sanction (a repeat offender) or this is the first sanction. */
export const REPEAT_OFFENDER_TERM = 0.46306;
export const FIRST_SANCTION_TERM = 0.12614;

/** Constants added to the total before the logistic transform, per follow-up period. */
export const ONE_YEAR_INTERCEPT = 1.40256;
export const TWO_YEAR_INTERCEPT = 2.1217;

/** An age band (inclusive, in completed years) and its weight for one gender. */
export interface AgeBand {
  from: number;
  to: number;
  weight: number;
}

const band = (from: number, to: number, weight: number): AgeBand => ({ from, to, weight });

/** Age at the start of follow-up, by gender. The last band is open-ended (50 and over). */
export const AGE_GENDER_BANDS: Readonly<Record<Gender, readonly AgeBand[]>> = {
  male: [
    band(10, 11, 0),
    band(12, 13, 0.08392),
    band(14, 15, 0.07578),
    band(16, 17, -0.0616),
    band(18, 20, -0.6251),
    band(21, 24, -1.0515),
    band(25, 29, -1.1667),
    band(30, 34, -1.326),
    band(35, 39, -1.368),
    band(40, 49, -1.4997),
    band(50, Number.POSITIVE_INFINITY, -2.0253),
  ],
  female: [
    band(10, 11, 0.785),
    band(12, 13, 0.61385),
    band(14, 15, 0.66952),
    band(16, 17, -0.9592),
    band(18, 20, -0.8975),
    band(21, 24, -1.0285),
    band(25, 29, -1.0528),
    band(30, 34, -1.1291),
    band(35, 39, -1.4219),
    band(40, 49, -1.5247),
    band(50, Number.POSITIVE_INFINITY, -2.4498),
  ],
};

/** Bands on the two-year percentage: low 0-49, medium 50-74, high 75-89, very high 90+. */
export type Ogrs3Band = 'low' | 'medium' | 'high' | 'very high';

export function bandForTwoYearPercent(percent: number): Ogrs3Band {
  if (percent >= 90) return 'very high';
  if (percent >= 75) return 'high';
  if (percent >= 50) return 'medium';
  return 'low';
}

/** The youngest age at which anyone can be convicted in England and Wales. */
export const AGE_OF_CRIMINAL_RESPONSIBILITY = 10;
