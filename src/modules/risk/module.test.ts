import { describe, expect, it } from 'vitest';
import { RiskInputError } from './errors.ts';
import { ogrs3Module } from './index.ts';

const caseA = {
  gender: 'male' as const,
  dateOfBirth: '1990-06-15',
  convictionDate: '2013-03-01',
  followUpDate: '2013-09-01',
  sanctions: 5,
  ageAtFirstSanction: 15,
  offenceCode: '004/04',
};

describe('ogrs3Module (AiModule contract)', () => {
  it('runs with the published offence table and returns an advisory, explained output', () => {
    const input = ogrs3Module.inputSchema.parse(caseA);
    const result = ogrs3Module.run(input, ogrs3Module.settingsSchema.parse({}));
    const output = ogrs3Module.outputSchema.parse(result.output);
    expect(output).toMatchObject({
      oneYear: 39,
      twoYear: 57,
      band: 'medium',
      advisory: true,
      latestAudit: null,
    });
    expect(output.limitations.join(' ')).toMatch(/England and Wales/);
    expect(result.explanation).toContain('57% within two years');
    expect(result.risky).toBe(true);
  });

  it('refuses an offence code that needs the exact offence', () => {
    expect(() => ogrs3Module.run({ ...caseA, offenceCode: '111/00' }, {})).toThrow(RiskInputError);
  });

  it('evaluates against observed outcomes', () => {
    const older = { ...caseA, dateOfBirth: '1960-01-01', sanctions: 1, ageAtFirstSanction: 53 };
    const metrics = ogrs3Module.evaluate?.(
      [
        { input: caseA, reoffendedWithinTwoYears: true },
        { input: older, reoffendedWithinTwoYears: false },
      ],
      {},
    );
    expect(metrics).toMatchObject({ n: 2, positives: 1, auc: 1, accuracy: 1 });
  });
});
