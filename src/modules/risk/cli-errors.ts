import { RiskInputError } from './errors.ts';

/**
 * Rewrites a RiskInputError so each problem names the command-line option it came from; other
 * errors pass through unchanged.
 */
export function cliError(error: unknown, optionFor: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof RiskInputError)) return error;
  const lines = error.issues.map((issue) => `  ${optionFor[issue.field] ?? issue.field}: ${issue.message}`);
  return new Error(['Invalid input:', ...lines].join('\n'));
}
