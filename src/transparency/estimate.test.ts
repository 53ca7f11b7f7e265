import { describe, expect, it } from 'vitest';
import type { ImpactSummary } from '../oversight/time.ts';
import { buildAtrsRecord } from './atrs.ts';
import { recordSections } from './presenters.ts';
import { exampleAtrsInput } from './testing.ts';

/** Six released runs of a system expecting 60 minutes saved per task: 6 hours, by estimate. */
const impact: ImpactSummary = {
  runs: 6,
  releasedRuns: 6,
  estimatedHoursSaved: 6,
  reinvested: { frontline: 0, 'community-engagement': 0, other: 0, total: 0 },
  hoursNotAccounted: 6,
  frontlineShare: 0,
  energyWh: 1,
  energyKwh: 0.001,
  co2eG: 0.2,
  co2eKg: 0.0002,
};

describe('time saved on the public record', () => {
  it('is called an estimate in the record and on the page, never "measured"', () => {
    const record = buildAtrsRecord({ ...exampleAtrsInput('live'), impact });
    expect(record.tier2.descriptionAndRationale.measuredImpact).toMatchObject({ estimatedHoursSaved: 6 });
    expect(JSON.stringify(record)).not.toContain('"hoursSaved"');
    const rows = recordSections(record).flatMap((s) => s.rows);
    const row = rows.find((r) => 'text' in r.value && r.value.text.includes('officer hours saved'));
    expect(row?.key.text).toBe('Use so far');
    expect(row && 'text' in row.value ? row.value.text : '').toMatch(
      /^6 runs; an estimated 6 officer hours saved \(the expected minutes saved per task times the released outputs; not measured\)/,
    );
    expect(rows.some((r) => r.key.text.includes('Measured'))).toBe(false);
  });
});
