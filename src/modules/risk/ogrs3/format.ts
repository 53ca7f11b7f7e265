import type { Ogrs3Assessment } from './assess.ts';

/** The OGRS3 result as the CLI prints it: labelled ADVISORY, with its explanation and limitations. */
export function formatOgrs3(result: Ogrs3Assessment): string {
  return [
    'ADVISORY: OGRS3 reoffending score (not a decision; a named decision-maker must decide and record reasons)',
    '',
    `  Proven reoffending within 1 year:  ${result.oneYear}%`,
    `  Proven reoffending within 2 years: ${result.twoYear}%`,
    `  Band (on the 2-year figure):       ${result.band}`,
    '',
    'How the score was reached:',
    ...result.contributions.map(
      (c) => `  - ${c.description} (${c.value >= 0 ? '+' : ''}${c.value.toFixed(5)})`,
    ),
    `  = ${result.total.toFixed(5)} in total; +1.40256 (1 year) / +2.1217 (2 years), then logistic.`,
    '',
    'Known limitations:',
    ...result.limitations.map((line) => `  - ${line}`),
  ].join('\n');
}
