import { OGRS3_LIMITATIONS } from '../limitations.ts';
import { parseOgrs3Input } from './input.ts';
import type { OffenceTable } from './offence-table.ts';
import { type Ogrs3Score, scoreOgrs3 } from './score.ts';

/** An OGRS3 result as shown to people: always advisory, explained and with its limitations. */
export interface Ogrs3Assessment extends Ogrs3Score {
  advisory: true;
  explanation: string;
  limitations: string[];
}

/** Plain-English account of the score, one sentence per step. */
export function explainOgrs3(score: Ogrs3Score): string {
  const lines = score.contributions.map((contribution) => `${contribution.description}.`);
  return [
    ...lines,
    `Together they give ${score.total.toFixed(2)} on the log-odds scale. Adding the published constants ` +
      `(1.40256 for one year, 2.1217 for two years) and converting to a probability gives ${score.oneYear}% ` +
      `within one year and ${score.twoYear}% within two years, the ${score.band} band (on the two-year figure: ` +
      'low below 50%, medium 50-74%, high 75-89%, very high 90% and over).',
    `This is the proven-reoffending rate of people with the same scores in the OGRS3 study population, not a ` +
      'prediction of what this person will do.',
  ].join(' ');
}

/** Validates raw input against the offence table and scores it (throws RiskInputError on bad input). */
export function assessOgrs3(raw: unknown, table: OffenceTable): Ogrs3Assessment {
  const score = scoreOgrs3(parseOgrs3Input(raw, table));
  return { ...score, advisory: true, explanation: explainOgrs3(score), limitations: [...OGRS3_LIMITATIONS] };
}
