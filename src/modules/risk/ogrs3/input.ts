import { z } from 'zod';
import { type InputIssue, issuesFromZod, RiskInputError } from '../errors.ts';
import { AGE_OF_CRIMINAL_RESPONSIBILITY, type Gender } from './coefficients.ts';
import { type CalendarDate, compareDates, completedYears, parseIsoDate } from './dates.ts';
import { lookUpOffence, type OffenceTable } from './offence-table.ts';

const isoDate = z
  .string()
  .refine((text) => parseIsoDate(text) !== undefined, { message: 'must be a real date written YYYY-MM-DD' });

/** What a user gives to score OGRS3. */
export const ogrs3InputSchema = z.object({
  gender: z.enum(['male', 'female']),
  dateOfBirth: isoDate,
  convictionDate: isoDate.describe('date of the current conviction'),
  followUpDate: isoDate.describe(
    'start of follow-up: release from custody, start of the community sentence, or the assessment date',
  ),
  sanctions: z
    .number()
    .int()
    .min(1, 'must be at least 1: the total number of sanctions includes the current one')
    .max(500, 'more than 500 sanctions is not plausible; check the count'),
  ageAtFirstSanction: z
    .number()
    .int()
    .min(AGE_OF_CRIMINAL_RESPONSIBILITY, {
      message: `must be at least ${AGE_OF_CRIMINAL_RESPONSIBILITY}, the age of criminal responsibility in England and Wales`,
    }),
  offenceCode: z.string().min(1, 'is required'),
});
export type Ogrs3Input = z.infer<typeof ogrs3InputSchema>;

/** Inputs after validation: the derived ages and the offence weighting, ready for scoring. */
export interface Ogrs3Validated {
  gender: Gender;
  ageAtConviction: number;
  ageAtFollowUp: number;
  sanctions: number;
  ageAtFirstSanction: number;
  offenceCode: string;
  offenceWeighting: number;
}

/** Ages above this are treated as an input mistake. */
const OLDEST_PLAUSIBLE_AGE = 110;

function dateIssues(dob: CalendarDate, conviction: CalendarDate, followUp: CalendarDate): InputIssue[] {
  const issues: InputIssue[] = [];
  if (compareDates(conviction, dob) <= 0) {
    issues.push({
      field: 'convictionDate',
      code: 'dates_out_of_order',
      message: 'the conviction date must be after the date of birth.',
    });
  }
  if (compareDates(followUp, conviction) < 0) {
    issues.push({
      field: 'followUpDate',
      code: 'dates_out_of_order',
      message: 'the follow-up date must be on or after the conviction date.',
    });
  }
  return issues;
}

function ageIssues(input: Ogrs3Input, ageAtConviction: number, ageAtFollowUp: number): InputIssue[] {
  const issues: InputIssue[] = [];
  if (ageAtConviction < AGE_OF_CRIMINAL_RESPONSIBILITY) {
    issues.push({
      field: 'convictionDate',
      code: 'age_impossible',
      message:
        `age at conviction would be ${ageAtConviction}, under the age of criminal responsibility ` +
        `(${AGE_OF_CRIMINAL_RESPONSIBILITY}); check the date of birth and conviction date.`,
    });
  }
  if (ageAtFollowUp > OLDEST_PLAUSIBLE_AGE) {
    issues.push({
      field: 'dateOfBirth',
      code: 'age_impossible',
      message: `age at follow-up would be ${ageAtFollowUp}; check the date of birth.`,
    });
  }
  if (input.ageAtFirstSanction > ageAtConviction && ageAtConviction >= AGE_OF_CRIMINAL_RESPONSIBILITY) {
    issues.push({
      field: 'ageAtFirstSanction',
      code: 'age_impossible',
      message: `age at first sanction (${input.ageAtFirstSanction}) is after the age at the current conviction (${ageAtConviction}).`,
    });
  }
  return issues;
}

/**
 * Validates raw input (zod for shape, then domain rules: date order, possible ages, a scoreable
 * offence code) and derives the ages OGRS3 uses. Collects every issue before failing.
 */
export function validateOgrs3Input(
  raw: unknown,
  table: OffenceTable,
): { ok: true; value: Ogrs3Validated } | { ok: false; issues: InputIssue[] } {
  const parsed = ogrs3InputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error.issues) };
  const input = parsed.data;
  // The schema has already checked the three dates parse.
  const dob = parseIsoDate(input.dateOfBirth)!;
  const conviction = parseIsoDate(input.convictionDate)!;
  const followUp = parseIsoDate(input.followUpDate)!;

  const issues = dateIssues(dob, conviction, followUp);
  const ageAtConviction = completedYears(dob, conviction);
  const ageAtFollowUp = completedYears(dob, followUp);
  if (issues.length === 0) issues.push(...ageIssues(input, ageAtConviction, ageAtFollowUp));
  const offence = lookUpOffence(table, input.offenceCode);
  if ('issue' in offence) issues.push(offence.issue);
  if (issues.length > 0 || 'issue' in offence) return { ok: false, issues };

  return {
    ok: true,
    value: {
      gender: input.gender,
      ageAtConviction,
      ageAtFollowUp,
      sanctions: input.sanctions,
      ageAtFirstSanction: input.ageAtFirstSanction,
      offenceCode: offence.code,
      offenceWeighting: offence.weighting,
    },
  };
}

/** Like validateOgrs3Input, throwing a RiskInputError listing every issue. */
export function parseOgrs3Input(raw: unknown, table: OffenceTable): Ogrs3Validated {
  const result = validateOgrs3Input(raw, table);
  if (!result.ok) throw new RiskInputError(result.issues);
  return result.value;
}
