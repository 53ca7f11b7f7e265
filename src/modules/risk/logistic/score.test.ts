import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { type ModelCard, modelCardSchema } from './card.ts';
import { scoreWithCard } from './score.ts';

/** A hand-made card: log-odds = -1 + 0.5 (priors - 2) / 2 + (degree M ? -0.4 : 0). */
const card: ModelCard = modelCardSchema.parse({
  schema: 'bluelamp.risk.logistic-model-card',
  schemaVersion: 1,
  modelId: 'test-model',
  version: '1',
  createdAt: '2026-01-01T00:00:00.000Z',
  intendedUse: 'advisory',
  training: {
    file: 't.csv',
    sha256: '0'.repeat(64),
    rowsRead: 100,
    filter: null,
    rowsUsed: 100,
    trainRows: 70,
    heldOutRows: 30,
    holdout: 0.3,
    seed: 1,
    outcome: 'y',
    outcomeRate: 0.3,
  },
  model: {
    kind: 'logistic-regression',
    optimiser: 'IRLS',
    l2: 1,
    iterations: 5,
    converged: true,
    features: [
      { name: 'priors', kind: 'numeric', mean: 2, sd: 2 },
      { name: 'degree', kind: 'categorical', reference: 'F', levels: ['M'] },
    ],
    intercept: -1,
    interceptRawScale: -1.5,
    coefficients: [
      { column: 'priors', feature: 'priors', coefficient: 0.5, oddsRatio: Math.exp(0.5), perUnit: 0.25 },
      { column: 'degree = M', feature: 'degree', level: 'M', coefficient: -0.4, oddsRatio: Math.exp(-0.4) },
    ],
  },
  protectedAttributes: [],
  flaggedFeatures: [],
  proxies: [],
  proxyWarnings: [],
  datasheet: {},
  validation: {
    population: 'held-out',
    n: 30,
    positives: 9,
    auc: 0.7,
    accuracy: 0.7,
    threshold: 0.5,
    brier: 0.2,
    brierBaseline: 0.21,
    calibration: [],
    unseenLevels: 0,
  },
  biasAudit: null,
  limitations: [],
});

describe('scoreWithCard', () => {
  it('adds each feature’s contribution to the intercept', () => {
    // priors 6: (6 - 2) / 2 = 2 sd above the mean -> 0.5 x 2 = +1.0; degree M -> -0.4
    // log-odds = -1 + 1 - 0.4 = -0.4; p = 1 / (1 + e^0.4) = 0.401312 -> 40%
    const score = scoreWithCard(card, { priors: 6, degree: 'M' });
    expect(score.contributions.map((c) => c.contribution)).toEqual([1, -0.4]);
    expect(score.logOdds).toBeCloseTo(-0.4, 12);
    expect(score.probability).toBeCloseTo(0.401312, 6);
    expect(score.percent).toBe(40);
    expect(score.contributions[0]?.description).toBe(
      'priors 6 adds 1.00 to the log-odds (compared with the training average 2.00)',
    );
    // The raw-scale intercept gives the same log-odds: -1.5 + 0.25 x 6 - 0.4 = -0.4
    expect(card.model.interceptRawScale + 0.25 * 6 - 0.4).toBeCloseTo(score.logOdds, 12);
  });

  it('refuses missing values and unknown levels with the feature named', () => {
    expect(() => scoreWithCard(card, { degree: 'F' })).toThrow(RiskInputError);
    try {
      scoreWithCard(card, { priors: 1, degree: 'X' });
    } catch (error) {
      expect((error as RiskInputError).issues[0]).toMatchObject({ field: 'degree', code: 'bad_value' });
    }
  });
});
