import { effectOnLogOdds } from '../wording.ts';
import {
  AGE_GENDER_BANDS,
  bandForTwoYearPercent,
  COPAS_COEFFICIENT,
  FIRST_SANCTION_TERM,
  type Gender,
  type Ogrs3Band,
  ONE_YEAR_INTERCEPT,
  REPEAT_OFFENDER_TERM,
  TWO_YEAR_INTERCEPT,
} from './coefficients.ts';
import type { Ogrs3Validated } from './input.ts';
import { formatOffenceCode } from './offence-table.ts';
import { probabilityToPercent, roundHalfUp } from './rounding.ts';

export type Ogrs3Term = 'copasRate' | 'convictionStatus' | 'ageAndGender' | 'offence';

/** One term of the OGRS3 sum: its value on the log-odds scale and what it means. */
export interface Ogrs3Contribution {
  term: Ogrs3Term;
  value: number;
  description: string;
}

export interface Ogrs3Score {
  /** Whole percentages (1-99), rounded as the published tool does (see rounding.ts). */
  oneYear: number;
  twoYear: number;
  band: Ogrs3Band;
  /** Probabilities rounded to 5 decimals, as the tool holds them before the percentage. */
  oneYearProbability: number;
  twoYearProbability: number;
  /** The Copas rate, rounded to 5 decimals as published. */
  copasRate: number;
  /** Sum of the four terms (before the one- or two-year constant). */
  total: number;
  contributions: Ogrs3Contribution[];
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Copas rate (Copas & Marshall 1998, as used by OGRS3): ln((1 + previous sanctions) /
 * (10 + age at current conviction - age at first sanction)), rounded to 5 decimals. It grows with
 * the rate of offending over the criminal career; the 10 damps very short careers.
 */
export function copasRate(sanctions: number, ageAtConviction: number, ageAtFirstSanction: number): number {
  const previousSanctions = sanctions - 1;
  return roundHalfUp(Math.log((1 + previousSanctions) / (10 + ageAtConviction - ageAtFirstSanction)), 5);
}

/** Weight of the age band (at the start of follow-up) for the gender. */
export function ageGenderWeight(gender: Gender, age: number): number {
  const found = AGE_GENDER_BANDS[gender].find((band) => age >= band.from && age <= band.to);
  if (!found) throw new RangeError(`OGRS3 has no ${gender} age band for age ${age}`);
  return found.weight;
}

/**
 * OGRS3 (Howard et al. 2009): total = 1.25112 x Copas rate + conviction status + age/gender +
 * offence weighting; P(proven reoffence within one year) = logistic(total + 1.40256) and within two
 * years = logistic(total + 2.1217). The band is read from the two-year percentage.
 */
export function scoreOgrs3(input: Ogrs3Validated): Ogrs3Score {
  const rate = copasRate(input.sanctions, input.ageAtConviction, input.ageAtFirstSanction);
  const repeat = input.sanctions > 1;
  const terms: Record<Ogrs3Term, number> = {
    copasRate: COPAS_COEFFICIENT * rate,
    convictionStatus: repeat ? REPEAT_OFFENDER_TERM : FIRST_SANCTION_TERM,
    ageAndGender: ageGenderWeight(input.gender, input.ageAtFollowUp),
    offence: input.offenceWeighting,
  };
  const career = input.ageAtConviction - input.ageAtFirstSanction;
  const contributions: Ogrs3Contribution[] = [
    {
      term: 'copasRate',
      value: terms.copasRate,
      description:
        `Rate of offending (Copas rate ${rate.toFixed(5)}: ${input.sanctions - 1} previous sanctions over ` +
        `${career} years since the first sanction at ${input.ageAtFirstSanction}) ${effectOnLogOdds(terms.copasRate)} the log-odds`,
    },
    {
      term: 'convictionStatus',
      value: terms.convictionStatus,
      description: `${repeat ? 'Repeat offender (more than one sanction)' : 'First sanction'} ${effectOnLogOdds(terms.convictionStatus)} the log-odds`,
    },
    {
      term: 'ageAndGender',
      value: terms.ageAndGender,
      description: `${input.gender === 'male' ? 'Male' : 'Female'} aged ${input.ageAtFollowUp} at the start of follow-up ${effectOnLogOdds(terms.ageAndGender)} the log-odds`,
    },
    {
      term: 'offence',
      value: terms.offence,
      description: `Current offence ${formatOffenceCode(input.offenceCode)} ${effectOnLogOdds(terms.offence)} the log-odds`,
    },
  ];
  const total = terms.copasRate + terms.convictionStatus + terms.ageAndGender + terms.offence;
  const oneYearProbability = roundHalfUp(logistic(total + ONE_YEAR_INTERCEPT), 5);
  const twoYearProbability = roundHalfUp(logistic(total + TWO_YEAR_INTERCEPT), 5);
  const twoYear = probabilityToPercent(twoYearProbability);
  return {
    oneYear: probabilityToPercent(oneYearProbability),
    twoYear,
    band: bandForTwoYearPercent(twoYear),
    oneYearProbability,
    twoYearProbability,
    copasRate: rate,
    total,
    contributions,
  };
}
