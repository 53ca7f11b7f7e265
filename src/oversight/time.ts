/**
 * Time saved and energy (pure). Officer time saved is an estimate, not a measurement: the sum,
 * over released runs, of the minutes the register expects each task to save (the system's
 * "expected minutes saved per task", copied onto each run). No handling time without the tool
 * is recorded to measure it against, so it is named `estimatedHoursSaved`. Energy and CO2e are
 * summed over every run (a rejected output still used the power). The product manager records
 * where the saved time went; what is not yet accounted for is shown as such, never assumed.
 */

export const REINVESTMENT_CATEGORIES = ['frontline', 'community-engagement', 'other'] as const;
export type ReinvestmentCategory = (typeof REINVESTMENT_CATEGORIES)[number];

export const CATEGORY_TITLES: Record<ReinvestmentCategory, string> = {
  frontline: 'Frontline policing',
  'community-engagement': 'Community engagement',
  other: 'Other',
};

/** Totals over a system's runs (summed in SQL; see `runTotals`). */
export interface RunTotals {
  runs: number;
  releasedRuns: number;
  /** Sum of `minutes_saved` over released runs. */
  minutesSaved: number;
  energyWh: number;
  co2eG: number;
}

export interface Reinvestment {
  periodStart: string;
  periodEnd: string;
  hours: number;
  category: ReinvestmentCategory;
  notes: string;
}

export interface ImpactSummary {
  runs: number;
  releasedRuns: number;
  /** Expected minutes per task times released runs, in hours: an estimate, never measured. */
  estimatedHoursSaved: number;
  reinvested: Record<ReinvestmentCategory, number> & { total: number };
  /** Hours saved not (yet) recorded as reinvested; 0 when more was recorded than measured. */
  hoursNotAccounted: number;
  /** Share of the hours saved recorded as reinvested in frontline policing (null when none saved). */
  frontlineShare: number | null;
  energyWh: number;
  /** Energy in kilowatt hours, for people. */
  energyKwh: number;
  co2eG: number;
  co2eKg: number;
}

const round = (x: number, places: number) => {
  const f = 10 ** places;
  return Math.round(x * f) / f;
};

/** What a system's runs saved and used, and where the saved time went. */
export function impactSummary(totals: RunTotals, reinvestments: readonly Reinvestment[]): ImpactSummary {
  const reinvested = { frontline: 0, 'community-engagement': 0, other: 0, total: 0 };
  for (const r of reinvestments) {
    reinvested[r.category] += r.hours;
    reinvested.total += r.hours;
  }
  const hoursSaved = totals.minutesSaved / 60;
  return {
    runs: totals.runs,
    releasedRuns: totals.releasedRuns,
    estimatedHoursSaved: round(hoursSaved, 2),
    reinvested: {
      frontline: round(reinvested.frontline, 2),
      'community-engagement': round(reinvested['community-engagement'], 2),
      other: round(reinvested.other, 2),
      total: round(reinvested.total, 2),
    },
    hoursNotAccounted: round(Math.max(0, hoursSaved - reinvested.total), 2),
    frontlineShare: hoursSaved > 0 ? round(Math.min(1, reinvested.frontline / hoursSaved), 3) : null,
    energyWh: round(totals.energyWh, 4),
    energyKwh: round(totals.energyWh / 1000, 6),
    co2eG: round(totals.co2eG, 4),
    co2eKg: round(totals.co2eG / 1000, 6),
  };
}
