import { describe, expect, it } from 'vitest';
import { fairnessModule } from './module.ts';

const records = [
  ...Array.from({ length: 40 }, (_, i) => ({ g: 'a', p: i < 10 ? 1 : 0, y: i < 12 ? 1 : 0 })),
  ...Array.from({ length: 40 }, (_, i) => ({ g: 'b', p: i < 25 ? 1 : 0, y: i < 12 ? 1 : 0 })),
];
const input = fairnessModule.inputSchema.parse({
  records,
  mapping: { prediction: 'p', outcome: 'y', groups: ['g'] },
  reference: { g: 'a' },
});
const settings = fairnessModule.settingsSchema.parse({ bootstrap: 100 });

describe('fairness module contract', () => {
  it('runs, validates its output and explains itself with the findings', () => {
    const result = fairnessModule.run(input, settings);
    expect(fairnessModule.outputSchema.safeParse(result.output).success).toBe(true);
    expect(result.explanation).toBe(result.output.findings.join('\n'));
    expect(result.explanation).toContain('g = b');
    expect(result.risky).toBe(true);
    expect(result.output.groups.find((g) => g.value === 'b')?.selectionRate).toBeCloseTo(25 / 40, 12);
  });

  it('rejects input without a mapping and evaluates to numbers', () => {
    expect(fairnessModule.inputSchema.safeParse({ records }).success).toBe(false);
    const m = fairnessModule.evaluate!(input, settings);
    expect(m.failedParities).toBeGreaterThan(0);
    expect(m.worstDisparityRatio).toBeCloseTo(2.5, 12);
    expect(m.demographicParityDifference).toBeCloseTo(15 / 40, 12);
  });
});
