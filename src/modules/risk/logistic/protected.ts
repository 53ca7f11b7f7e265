import type { InputIssue } from '../errors.ts';

/**
 * Protected characteristics under the Equality Act 2010 (s.4) that may never be model features,
 * written as the column names they usually have. Race covers colour, nationality and ethnic or
 * national origin. Age is also protected, but is handled by AGE_TERMS below.
 */
export const DEFAULT_PROTECTED: readonly string[] = [
  'race',
  'ethnicity',
  'ethnic',
  'ethnic_group',
  'ethnic_origin',
  'colour',
  'color',
  'nationality',
  'national_origin',
  'sex',
  'gender',
  'male',
  'female',
  'gender_reassignment',
  'transgender',
  'religion',
  'religion_or_belief',
  'belief',
  'disability',
  'disabled',
  'sexual_orientation',
  'marital_status',
  'marriage',
  'civil_partnership',
  'pregnancy',
  'maternity',
];

/**
 * Age is a protected characteristic too, but it is allowed as a feature: age is among the
 * strongest, best-evidenced predictors of reoffending and is part of published UK tools (OGRS3).
 * Its use must be objectively justified (Equality Act 2010 s.13(2): a proportionate means of
 * achieving a legitimate aim), so any age feature is flagged in the model card and on screen for
 * the equality impact assessment.
 */
export const AGE_TERMS: readonly string[] = [
  'age',
  'age_cat',
  'age_group',
  'age_band',
  'dob',
  'date_of_birth',
  'birth_date',
];

/** Lower case, with spaces and dashes as underscores: "Ethnic Group" -> "ethnic_group". */
export function normaliseColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** True when the column is one of `terms` or a dummy/derived column of one ("race_black", "is_male"). */
function matches(column: string, terms: readonly string[]): string | undefined {
  const name = normaliseColumn(column);
  return terms.find((term) => name === term || name.startsWith(`${term}_`) || name === `is_${term}`);
}

export interface FeatureScreen {
  /** Features refused because they are (or encode) a protected characteristic. */
  refused: InputIssue[];
  /** Features allowed but flagged (age), with the reason. */
  flagged: Array<{ feature: string; reason: string }>;
}

/** Screens the requested features against the default protected list plus the user's own. */
export function screenFeatures(
  features: readonly string[],
  extraProtected: readonly string[] = [],
): FeatureScreen {
  const protectedTerms = [...DEFAULT_PROTECTED, ...extraProtected.map(normaliseColumn)];
  const refused: InputIssue[] = [];
  const flagged: FeatureScreen['flagged'] = [];
  for (const feature of features) {
    const term = matches(feature, protectedTerms);
    if (term) {
      refused.push({
        field: feature,
        code: 'protected_feature',
        message:
          `"${feature}" is a protected characteristic (${term}) and cannot be a feature of a risk model; ` +
          'list it under --protected so the model is audited for bias across it instead.',
      });
      continue;
    }
    if (matches(feature, AGE_TERMS)) {
      flagged.push({
        feature,
        reason:
          'Age is a protected characteristic (Equality Act 2010). It is allowed because it is a well-evidenced ' +
          'predictor of reoffending, but its use must be justified as proportionate in the equality impact assessment.',
      });
    }
  }
  return { refused, flagged };
}
