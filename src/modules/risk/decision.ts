import type { InputIssue } from './errors.ts';

/** A decision-maker's own decision about a person, recorded after seeing an advisory risk score. */
export interface RiskDecision {
  decisionMakerId?: string | null;
  decision?: string | null;
  reasons?: string | null;
}

/** Reasons shorter than this cannot say why the decision was reached. */
export const MIN_REASONS_LENGTH = 20;

/**
 * Checks that a risk decision is a named person's own recorded decision: a decision-maker, a
 * decision and reasons of at least 20 characters (ignoring surrounding spaces). The oversight
 * runtime calls this before a risk output can be released. Returns every problem; empty means valid.
 */
export function validateRiskDecision(decision: RiskDecision): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!decision.decisionMakerId?.trim()) {
    issues.push({
      field: 'decisionMakerId',
      code: 'decision_maker_missing',
      message: 'a named decision-maker must record this decision; the risk score cannot decide on its own.',
    });
  }
  if (!decision.decision?.trim()) {
    issues.push({
      field: 'decision',
      code: 'decision_missing',
      message: 'record the decision made (the decision-maker’s own, not the score).',
    });
  }
  const reasons = decision.reasons?.trim() ?? '';
  if (reasons.length < MIN_REASONS_LENGTH) {
    issues.push({
      field: 'reasons',
      code: 'reasons_too_short',
      message:
        `give the reasons for the decision in at least ${MIN_REASONS_LENGTH} characters ` +
        `(${reasons.length} given), including how the advisory score was weighed.`,
    });
  }
  return issues;
}
