import { z } from 'zod';
import type { AiModule } from '../../contract.ts';
import { advisoryFields } from '../advisory.ts';
import { evaluateProbabilities } from '../evaluate.ts';
import { assessOgrs3 } from './assess.ts';
import { ogrs3InputSchema, validateOgrs3Input } from './input.ts';
import type { OffenceTable } from './offence-table.ts';

export const ogrs3OutputSchema = z.object({
  oneYear: z.number().int(),
  twoYear: z.number().int(),
  band: z.enum(['low', 'medium', 'high', 'very high']),
  oneYearProbability: z.number(),
  twoYearProbability: z.number(),
  copasRate: z.number(),
  total: z.number(),
  contributions: z.array(
    z.object({
      term: z.enum(['copasRate', 'convictionStatus', 'ageAndGender', 'offence']),
      value: z.number(),
      description: z.string(),
    }),
  ),
  ...advisoryFields,
});

export const ogrs3SettingsSchema = z.object({});

/** Evaluation data: people with their OGRS3 inputs and whether they were proven to reoffend within two years. */
const ogrs3EvaluationSchema = z.array(
  z.object({ input: ogrs3InputSchema, reoffendedWithinTwoYears: z.boolean() }),
);

export type Ogrs3Module = AiModule<
  typeof ogrs3InputSchema,
  typeof ogrs3SettingsSchema,
  typeof ogrs3OutputSchema
>;

/**
 * OGRS3 as an oversight-runtime module. `offenceTable` supplies the published offence weightings;
 * it is called on each run and should return a table already in memory (see offence-table-file.ts,
 * which reads the file once), so `run` stays free of I/O after the first call.
 */
export function createOgrs3Module(offenceTable: () => OffenceTable): Ogrs3Module {
  // Every check of the inputs (dates in order, ages, the offence code in the table) runs when the
  // run is started, so a person hears of a mistake at once, naming the field, not after queueing.
  const inputSchema = ogrs3InputSchema.superRefine((input, ctx) => {
    const result = validateOgrs3Input(input, offenceTable());
    if (result.ok) return;
    for (const issue of result.issues) {
      ctx.addIssue({ code: 'custom', path: issue.field.split('.'), message: issue.message });
    }
  });
  return {
    id: 'risk.ogrs3',
    version: '3.0.0',
    title: 'Reoffending risk: OGRS3 (advisory)',
    personalData: true,
    // Advisory risk scores: every output is reviewed, then the named decision maker decides.
    review: { sampling: 'never', decisionMaker: true },
    inputSchema,
    settingsSchema: ogrs3SettingsSchema,
    outputSchema: ogrs3OutputSchema,
    run(input) {
      const assessment = assessOgrs3(input, offenceTable());
      return {
        output: { ...assessment, latestAudit: null },
        explanation: assessment.explanation,
        risky: true,
      };
    },
    evaluate(data) {
      const cases = ogrs3EvaluationSchema.parse(data);
      const table = offenceTable();
      return evaluateProbabilities(
        cases.map((c) => assessOgrs3(c.input, table).twoYearProbability),
        cases.map((c) => (c.reoffendedWithinTwoYears ? 1 : 0)),
      );
    },
  };
}
