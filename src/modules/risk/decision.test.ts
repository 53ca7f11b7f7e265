import { describe, expect, it } from 'vitest';
import { validateRiskDecision } from './decision.ts';

const codes = (input: Parameters<typeof validateRiskDecision>[0]) =>
  validateRiskDecision(input).map((i) => i.code);

describe('validateRiskDecision', () => {
  it('accepts a named decision-maker with a decision and reasons', () => {
    expect(
      validateRiskDecision({
        decisionMakerId: 'officer-4711',
        decision: 'refer to offender management unit',
        reasons: 'Recent breach of bail conditions outweighs the medium score.',
      }),
    ).toEqual([]);
  });

  it('rejects a missing or blank decision-maker', () => {
    expect(codes({ decision: 'no further action', reasons: 'x'.repeat(30) })).toEqual([
      'decision_maker_missing',
    ]);
    expect(codes({ decisionMakerId: '  ', decision: 'no further action', reasons: 'x'.repeat(30) })).toEqual([
      'decision_maker_missing',
    ]);
  });

  it('rejects an empty decision', () => {
    expect(codes({ decisionMakerId: 'p1', decision: ' ', reasons: 'x'.repeat(30) })).toEqual([
      'decision_missing',
    ]);
  });

  it('rejects reasons under 20 characters, counting without surrounding spaces', () => {
    expect(codes({ decisionMakerId: 'p1', decision: 'refer', reasons: '   agree with score   ' })).toEqual([
      'reasons_too_short',
    ]);
    expect(codes({ decisionMakerId: 'p1', decision: 'refer', reasons: 'x'.repeat(20) })).toEqual([]);
    const [issue] = validateRiskDecision({ decisionMakerId: 'p1', decision: 'refer', reasons: 'ok' });
    expect(issue?.message).toContain('at least 20 characters (2 given)');
  });

  it('reports every problem at once', () => {
    expect(codes({})).toEqual(['decision_maker_missing', 'decision_missing', 'reasons_too_short']);
  });
});
