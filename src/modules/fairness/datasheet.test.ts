import { describe, expect, it } from 'vitest';
import { sharedData, titleWith } from '../../test/shared.ts';
import { datasheet } from './datasheet.ts';

const records = [
  { sex: 'F', race: 'A', label: '1', date: '2020-01-05', postcode: 'X1', age: '30' },
  { sex: 'F', race: 'B', label: '0', date: '2020-01-20', postcode: 'Y1', age: '' },
  { sex: 'M', race: 'A', label: '1', date: '2020-03-02', postcode: 'X1', age: '41' },
  { sex: 'M', race: 'B', label: '', date: 'not a date', postcode: 'Y2', age: '' },
  { sex: 'M', race: '', label: '0', date: '2019-12-31', postcode: '', age: '52' },
];

describe('datasheet', () => {
  const d = datasheet(records, {
    groups: ['sex', 'race'],
    label: 'label',
    time: 'date',
    population: { sex: { F: 0.5, M: 0.5 } },
  });

  it('representation against a reference population', () => {
    const f = d.representation.find((r) => r.attribute === 'sex' && r.value === 'F')!;
    expect(f.n).toBe(2);
    expect(f.share).toBeCloseTo(0.4, 12);
    expect(f.representationRatio).toBeCloseTo(0.8, 12);
    expect(d.representation.find((r) => r.value === '(missing)')!.n).toBe(1);
  });

  it('missingness per column and group', () => {
    const age = d.missingness.find((m) => m.column === 'age')!;
    expect(age.missing).toBe(2);
    expect(age.rate).toBeCloseTo(0.4, 12);
    expect(age.byGroup.find((g) => g.attribute === 'race' && g.value === 'B')).toMatchObject({
      missing: 2,
      n: 2,
    });
    expect(age.byGroup.find((g) => g.attribute === 'sex' && g.value === 'M')).toMatchObject({
      missing: 1,
      n: 3,
    });
  });

  it('label base rate per group and time coverage', () => {
    expect(d.labelBaseRates.find((l) => l.attribute === 'race' && l.value === 'A')).toMatchObject({
      n: 2,
      positives: 2,
      rate: 1,
    });
    expect(d.labelBaseRates.find((l) => l.attribute === 'sex' && l.value === 'M')).toMatchObject({
      n: 2,
      rate: 0.5,
    });
    expect(d.timeCoverage).toMatchObject({ first: '2019-12-31', last: '2020-03-02', unparsable: 1 });
    expect(d.timeCoverage!.byMonth).toEqual([
      { month: '2019-12', n: 1 },
      { month: '2020-01', n: 2 },
      { month: '2020-03', n: 1 },
    ]);
  });

  it('runs the proxy check on the other columns', () => {
    expect(new Set(d.proxies.map((p) => p.feature))).toEqual(new Set(['postcode', 'age']));
    expect(d.findings[0]).toContain('5 rows');
  });
});

const compas = sharedData('data', 'compas-scores-two-years.csv');

describe.skipIf(compas.skip)(titleWith(compas, 'datasheet command on COMPAS'), () => {
  it('streams the file and flags nothing spurious', async () => {
    const { runDatasheet } = await import('./cli.ts');
    const sheet = await runDatasheet({
      input: compas.path,
      group: 'race,sex',
      label: 'two_year_recid',
      time: 'compas_screening_date',
      features: 'age_cat,priors_count,sex',
    });
    expect(sheet.rows).toBe(7214);
    expect(sheet.timeCoverage).toMatchObject({ first: '2013-01-01', last: '2014-12-31' });
    expect(sheet.proxies.some((p) => p.feature === 'sex' && p.attribute === 'sex')).toBe(false);
    const aa = sheet.labelBaseRates.find((l) => l.attribute === 'race' && l.value === 'African-American')!;
    expect(aa.n).toBe(3696);
    expect(aa.rate).toBeCloseTo(0.5144, 3);
    await expect(runDatasheet({ input: compas.path, group: 'ethnicity' })).rejects.toThrow(
      "column 'ethnicity' not found",
    );
  });
});
