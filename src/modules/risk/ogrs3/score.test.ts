import { describe, expect, it } from 'vitest';
import { assessOgrs3 } from './assess.ts';
import { validateOgrs3Input } from './input.ts';
import { parseOffenceTable } from './offence-table.ts';
import { probabilityToPercent } from './rounding.ts';
import { copasRate, scoreOgrs3 } from './score.ts';

/** A few rows of the published mapping, enough for the worked examples and the error cases. */
const table = parseOffenceTable(
  [
    'OFFENCE_GROUP_CODE,SUB_CODE,OGRS3_WEIGHTING,SNSV_STATIC_WEIGHTING',
    '004,04,0.2622,0',
    '016,12,-0.6534,0',
    '024,00,0.7606,0',
    '038,00,0.6612,0',
    '088,00,999,0',
    '088,01,-0.6534,0',
    '088,03,0.0328,0',
    '950,00,,0',
  ].join('\n'),
);

function assess(overrides: Record<string, unknown>) {
  return assessOgrs3(
    {
      gender: 'male',
      dateOfBirth: '1990-06-15',
      convictionDate: '2013-03-01',
      followUpDate: '2013-09-01',
      sanctions: 5,
      ageAtFirstSanction: 15,
      offenceCode: '004/04',
      ...overrides,
    },
    table,
  );
}

describe('OGRS3 worked examples (computed by hand from Howard et al. 2009)', () => {
  it('case A: male, repeat offender, aged 22 at conviction and 23 at follow-up', () => {
    // Age at conviction: born 15 Jun 1990, convicted 1 Mar 2013 -> 22 (birthday not reached).
    // Age at follow-up (1 Sep 2013) -> 23.
    // Copas rate = ln((1 + 4 previous) / (10 + 22 - 15)) = ln(5 / 17) = ln(0.294118) = -1.2237754
    //   rounded to 5 decimals -> -1.22378; term = 1.25112 x -1.22378 = -1.5310956
    // Conviction status: 5 sanctions -> repeat offender = 0.46306
    // Age/gender: male, 23 is in 21-24 -> -1.0515
    // Offence 004/04 -> 0.2622
    // Total = -1.5310956 + 0.46306 - 1.0515 + 0.2622 = -1.8573356
    // One year: logistic(-1.8573356 + 1.40256) = logistic(-0.4547756) = 1 / (1 + e^0.4547756)
    //   = 1 / (1 + 1.575797) = 0.388226 -> 0.38823 -> 38.823% -> 39%
    // Two years: logistic(-1.8573356 + 2.1217) = logistic(0.2643644) = 1 / (1 + e^-0.2643644)
    //   = 1 / (1 + 0.767702) = 0.565709 -> 0.56571 -> 56.571% -> 57%: medium (50-74)
    const result = assess({});
    expect(result.copasRate).toBe(-1.22378);
    expect(result.total).toBeCloseTo(-1.8573356, 6);
    expect(result.oneYearProbability).toBe(0.38823);
    expect(result.twoYearProbability).toBe(0.56571);
    expect(result.oneYear).toBe(39);
    expect(result.twoYear).toBe(57);
    expect(result.band).toBe('medium');
    expect(result.contributions.map((c) => [c.term, Number(c.value.toFixed(5))])).toEqual([
      ['copasRate', -1.5311],
      ['convictionStatus', 0.46306],
      ['ageAndGender', -1.0515],
      ['offence', 0.2622],
    ]);
    expect(result.contributions[2]?.description).toBe(
      'Male aged 23 at the start of follow-up subtracts 1.05 from the log-odds',
    );
    expect(result.contributions[3]?.description).toBe('Current offence 004/04 adds 0.26 to the log-odds');
    expect(result.advisory).toBe(true);
    expect(result.limitations.length).toBeGreaterThan(3);
    expect(result.explanation).toContain('39% within one year and 57% within two years');
  });

  it('case B: female, first sanction (Copas edge: no previous sanctions, career of 0 years)', () => {
    // Born 10 Jan 1975; convicted 20 May 2015 -> 40; follow-up 1 Jun 2015 -> 40.
    // Copas rate = ln((1 + 0) / (10 + 40 - 40)) = ln(1 / 10) = -2.3025851 -> -2.30259
    //   term = 1.25112 x -2.30259 = -2.8808164 (the lowest Copas term anyone can have)
    // Conviction status: 1 sanction -> first sanction = 0.12614
    // Age/gender: female 40-49 -> -1.5247;  offence 016/12 -> -0.6534
    // Total = -2.8808164 + 0.12614 - 1.5247 - 0.6534 = -4.9327764
    // One year: logistic(-4.9327764 + 1.40256) = logistic(-3.5302164) = 1 / (1 + 34.13) = 0.028465
    //   -> 0.02846 -> 2.846% -> 3%
    // Two years: logistic(-4.9327764 + 2.1217) = logistic(-2.8110764) = 1 / (1 + 16.628) = 0.056729
    //   -> 0.05673 -> 5.673% -> 6%: low
    const result = assess({
      gender: 'female',
      dateOfBirth: '1975-01-10',
      convictionDate: '2015-05-20',
      followUpDate: '2015-06-01',
      sanctions: 1,
      ageAtFirstSanction: 40,
      offenceCode: '01612',
    });
    expect(result.copasRate).toBe(Number((-Math.LN10).toFixed(5))); // ln(1/10) to 5 decimals
    expect(result.contributions[1]?.value).toBe(0.12614);
    expect(result.total).toBeCloseTo(-4.9327764, 6);
    expect([result.oneYear, result.twoYear, result.band]).toEqual([3, 6, 'low']);
  });

  it('case C: male, Copas rate above zero (more sanctions than 10 + career years)', () => {
    // Born 1 Feb 1995; convicted and followed up from 1 Aug 2013 -> 18.
    // Copas rate = ln((1 + 39) / (10 + 18 - 12)) = ln(40 / 16) = ln(2.5) = 0.9162907 -> 0.91629
    //   term = 1.25112 x 0.91629 = 1.1463887
    // Repeat offender 0.46306; male 18-20 -0.6251; offence 024/00 0.7606
    // Total = 1.1463887 + 0.46306 - 0.6251 + 0.7606 = 1.7449487
    // One year: logistic(3.1475087) = 1 / (1 + 0.042970) = 0.958810 -> 0.95881 -> 96%
    // Two years: logistic(3.8666487) = 1 / (1 + 0.020929) = 0.979501 -> 0.97950 -> 98%: very high
    const result = assess({
      dateOfBirth: '1995-02-01',
      convictionDate: '2013-08-01',
      followUpDate: '2013-08-01',
      sanctions: 40,
      ageAtFirstSanction: 12,
      offenceCode: '024/00',
    });
    expect(result.copasRate).toBe(0.91629);
    expect(result.total).toBeCloseTo(1.7449487, 6);
    expect([result.oneYear, result.twoYear, result.band]).toEqual([96, 98, 'very high']);
  });

  it('case D: female whose age band changes between conviction (17) and follow-up (18)', () => {
    // Born 10 Mar 2000; convicted 1 Dec 2017 -> 17; follow-up on her birthday 10 Mar 2018 -> 18.
    // Copas rate = ln(3 / (10 + 17 - 14)) = ln(3 / 13) = -1.4663371 -> -1.46634; term = -1.8345673
    // Repeat 0.46306; female 18-20 (age at follow-up, not at conviction) -0.8975; offence 038/00 0.6612
    // Total = -1.8345673 + 0.46306 - 0.8975 + 0.6612 = -1.6078073
    // One year: logistic(-0.2052473) = 0.448868 -> 45%; two years: logistic(0.5138927) = 0.625719 -> 63%: medium
    const result = assess({
      gender: 'female',
      dateOfBirth: '2000-03-10',
      convictionDate: '2017-12-01',
      followUpDate: '2018-03-10',
      sanctions: 3,
      ageAtFirstSanction: 14,
      offenceCode: '038/00',
    });
    expect(result.contributions[2]?.value).toBe(-0.8975);
    expect([result.oneYear, result.twoYear, result.band]).toEqual([45, 63, 'medium']);
  });

  it('case E: the published tool never reports 100%, it caps at 99', () => {
    // Male aged 12, 60 sanctions since 10: Copas = ln(60 / 12) = ln 5 = 1.60944; term = 2.0136026
    // Total = 2.0136026 + 0.46306 + 0.08392 + 0.7606 = 3.3211826
    // Two years: logistic(5.4428826) = 0.995692 -> 99.569% -> 100% -> capped at 99%
    const result = assess({
      dateOfBirth: '2000-01-01',
      convictionDate: '2012-06-01',
      followUpDate: '2012-06-01',
      sanctions: 60,
      ageAtFirstSanction: 10,
      offenceCode: '024/00',
    });
    expect(result.twoYearProbability).toBe(0.99569);
    expect([result.oneYear, result.twoYear, result.band]).toEqual([99, 99, 'very high']);
  });
});

describe('rounding as the published tool does it', () => {
  it('rounds the exact binary value half up, so 0.235 (stored as 0.23499999...) gives 23%', () => {
    expect(probabilityToPercent(0.125)).toBe(13);
    expect(probabilityToPercent(0.235)).toBe(23);
    expect(probabilityToPercent(0.375)).toBe(38); // exactly representable: a true half, rounded up
    expect(probabilityToPercent(0.565)).toBe(56); // stored as 0.56499999999999995...
    expect(probabilityToPercent(0.565001)).toBe(56); // first rounded to 5 decimals: 0.56500
    expect(probabilityToPercent(0.56501)).toBe(57);
  });

  it('keeps percentages within 1..99', () => {
    expect(probabilityToPercent(0.001)).toBe(1);
    expect(probabilityToPercent(0.9999)).toBe(99);
  });

  it('rounds the Copas rate to 5 decimals', () => {
    expect(copasRate(2, 20, 20)).toBe(-1.60944); // ln(2/10) = -1.6094379
  });
});

describe('OGRS3 input validation', () => {
  const valid = {
    gender: 'male',
    dateOfBirth: '1990-06-15',
    convictionDate: '2013-03-01',
    followUpDate: '2013-09-01',
    sanctions: 5,
    ageAtFirstSanction: 15,
    offenceCode: '004/04',
  };
  const issuesFor = (overrides: Record<string, unknown>) => {
    const result = validateOgrs3Input({ ...valid, ...overrides }, table);
    if (result.ok) throw new Error('expected validation to fail');
    return result.issues.map((issue) => ({ field: issue.field, code: issue.code }));
  };

  it('accepts a valid input and derives the ages', () => {
    const result = validateOgrs3Input(valid, table);
    expect(result.ok && result.value).toMatchObject({ ageAtConviction: 22, ageAtFollowUp: 23 });
    if (result.ok) expect(scoreOgrs3(result.value).twoYear).toBe(57);
  });

  it('rejects a conviction before birth and a follow-up before the conviction', () => {
    expect(issuesFor({ convictionDate: '1989-01-01' })).toContainEqual({
      field: 'convictionDate',
      code: 'dates_out_of_order',
    });
    expect(issuesFor({ followUpDate: '2013-02-28' })).toEqual([
      { field: 'followUpDate', code: 'dates_out_of_order' },
    ]);
  });

  it('rejects impossible ages', () => {
    expect(issuesFor({ dateOfBirth: '2005-01-01' })).toEqual([
      { field: 'convictionDate', code: 'age_impossible' },
    ]);
    expect(issuesFor({ ageAtFirstSanction: 23 })).toEqual([
      { field: 'ageAtFirstSanction', code: 'age_impossible' },
    ]);
    expect(issuesFor({ ageAtFirstSanction: 9 })).toEqual([
      { field: 'ageAtFirstSanction', code: 'invalid_too_small' },
    ]);
    expect(issuesFor({ dateOfBirth: '1890-01-01' })).toEqual([
      { field: 'dateOfBirth', code: 'age_impossible' },
    ]);
  });

  it('rejects malformed fields', () => {
    expect(issuesFor({ dateOfBirth: '1990-02-30' })).toEqual([
      { field: 'dateOfBirth', code: 'invalid_custom' },
    ]);
    expect(issuesFor({ gender: 'x' })[0]?.field).toBe('gender');
    expect(issuesFor({ sanctions: 0 })).toEqual([{ field: 'sanctions', code: 'invalid_too_small' }]);
    expect(issuesFor({ sanctions: 2.5 })[0]?.field).toBe('sanctions');
  });

  it('rejects unknown, malformed, unweighted and too-broad offence codes', () => {
    expect(issuesFor({ offenceCode: '12345' })).toEqual([
      { field: 'offenceCode', code: 'offence_code_unknown' },
    ]);
    expect(issuesFor({ offenceCode: '088' })).toEqual([
      { field: 'offenceCode', code: 'offence_code_format' },
    ]);
    expect(issuesFor({ offenceCode: '950/00' })).toEqual([
      { field: 'offenceCode', code: 'offence_code_unweighted' },
    ]);
    const broad = validateOgrs3Input({ ...valid, offenceCode: '088/00' }, table);
    expect(broad.ok).toBe(false);
    if (!broad.ok) {
      expect(broad.issues[0]?.code).toBe('offence_code_needs_exact_offence');
      expect(broad.issues[0]?.message).toContain('give the exact offence instead (one of 088/01, 088/03)');
    }
  });

  it('reports every issue at once', () => {
    expect(issuesFor({ followUpDate: '2000-01-01', offenceCode: '99999' })).toEqual([
      { field: 'followUpDate', code: 'dates_out_of_order' },
      { field: 'offenceCode', code: 'offence_code_unknown' },
    ]);
  });
});
