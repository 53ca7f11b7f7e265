/** One problem with a risk input: which field, a stable code and a plain-English message. */
export interface InputIssue {
  field: string;
  code: string;
  message: string;
}

/** Thrown when risk inputs fail validation; carries every issue found, not just the first. */
export class RiskInputError extends Error {
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.message}`).join('\n'));
    this.name = 'RiskInputError';
    this.issues = issues;
  }
}

/** Turns zod issues into InputIssues with a dotted field path. */
export function issuesFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }>,
): InputIssue[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    code: `invalid_${issue.code}`,
    message: issue.message,
  }));
}
