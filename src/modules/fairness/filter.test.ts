import { describe, expect, it } from 'vitest';
import { compileFilter, FilterSyntaxError } from './filter.ts';

describe('filter expressions', () => {
  const propublica = compileFilter(
    "days_b_screening_arrest <= 30 && days_b_screening_arrest >= -30 && is_recid != -1 && c_charge_degree != 'O' && score_text != 'N/A'",
  );

  it("express ProPublica's filters", () => {
    const row = { days_b_screening_arrest: '-1', is_recid: '0', c_charge_degree: 'F', score_text: 'Low' };
    expect(propublica.test(row)).toBe(true);
    expect(propublica.test({ ...row, days_b_screening_arrest: '31' })).toBe(false);
    expect(propublica.test({ ...row, days_b_screening_arrest: '' })).toBe(false);
    expect(propublica.test({ ...row, is_recid: '-1' })).toBe(false);
    expect(propublica.test({ ...row, c_charge_degree: 'O' })).toBe(false);
    expect(propublica.test({ ...row, score_text: 'N/A' })).toBe(false);
    expect(propublica.columns.sort()).toEqual([
      'c_charge_degree',
      'days_b_screening_arrest',
      'is_recid',
      'score_text',
    ]);
  });

  it('abs(), ||, !, parentheses and quoting', () => {
    const f = compileFilter('abs(d) <= 30 && (a == \'x\' || !(b > 2)) && `my col` == "v w"');
    expect(f.test({ d: -30, a: 'x', b: 5, 'my col': 'v w' })).toBe(true);
    expect(f.test({ d: -31, a: 'x', b: 5, 'my col': 'v w' })).toBe(false);
    expect(f.test({ d: 0, a: 'y', b: 1, 'my col': 'v w' })).toBe(true);
    expect(f.test({ d: 0, a: 'y', b: 3, 'my col': 'v w' })).toBe(false);
  });

  it('compares numerically when both fields are numbers, else as text', () => {
    expect(compileFilter('a < b').test({ a: '9', b: '10' })).toBe(true);
    expect(compileFilter('a < b').test({ a: 'b', b: 'a' })).toBe(false);
    expect(compileFilter('a == 1').test({ a: '1.0' })).toBe(true);
  });

  it('rejects unsafe or malformed input with its position', () => {
    expect(() => compileFilter('process.exit(1)')).toThrow(FilterSyntaxError);
    expect(() => compileFilter("a == 'x")).toThrow(/unterminated string/);
    expect(() => compileFilter('a = 1')).toThrow(/character 3/);
    expect(() => compileFilter('a == 1 b')).toThrow(/unexpected text/);
  });
});
