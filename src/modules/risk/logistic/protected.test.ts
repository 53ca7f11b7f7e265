import { describe, expect, it } from 'vitest';
import { screenFeatures } from './protected.ts';

describe('screenFeatures', () => {
  it('refuses protected characteristics and their dummy columns, in any spelling', () => {
    const screen = screenFeatures(['priors_count', 'race', 'Sex', 'Ethnic Group', 'race_black', 'is_female']);
    expect(screen.refused.map((r) => r.field)).toEqual([
      'race',
      'Sex',
      'Ethnic Group',
      'race_black',
      'is_female',
    ]);
    expect(screen.refused[0]?.message).toMatch(/protected characteristic \(race\).*--protected/);
  });

  it('adds the user’s own protected list', () => {
    expect(screenFeatures(['postcode_area'], ['postcode_area']).refused).toHaveLength(1);
    expect(screenFeatures(['postcode_area']).refused).toHaveLength(0);
  });

  it('allows age but flags it for justification', () => {
    const screen = screenFeatures(['age', 'age_cat', 'priors_count']);
    expect(screen.refused).toEqual([]);
    expect(screen.flagged.map((f) => f.feature)).toEqual(['age', 'age_cat']);
    expect(screen.flagged[0]?.reason).toMatch(/Equality Act 2010/);
  });
});
