import { describe, expect, it } from 'vitest';
import { compileClockFormat } from './clock-format.ts';

describe('clock formats', () => {
  it('reads the fields a format names, two-digit and short forms alike', () => {
    expect(compileClockFormat('DD/MM/YYYY HH:mm:ss')(' 07/03/2024 21:05:09 ')).toEqual({
      year: 2024,
      month: 3,
      day: 7,
      hour: 21,
      minute: 5,
      second: 9,
    });
    expect(compileClockFormat('YYYY M D H m')('2024 3 7 9 5')).toMatchObject({ month: 3, day: 7, hour: 9 });
  });

  it('refuses text that does not fit, and days and times that do not exist', () => {
    const read = compileClockFormat('YYYY-MM-DD HH:mm');
    expect(read('2024-3-07 10:00')).toBeUndefined();
    expect(read('2023-02-29 10:00')).toBeUndefined();
    expect(read('2024-02-29 10:00')).toMatchObject({ day: 29 });
    expect(read('2024-06-31 10:00')).toBeUndefined();
    expect(read('2024-06-30 24:00')).toBeUndefined();
    expect(read('2024-06-30 10:60')).toBeUndefined();
  });

  it('takes other characters literally, regular-expression ones included', () => {
    expect(compileClockFormat('YYYY.MM.DD (HH)')('2024.01.02 (03)')).toMatchObject({ hour: 3 });
    expect(compileClockFormat('YYYY.MM.DD')('2024x01x02')).toBeUndefined();
  });

  it('needs a year', () => {
    expect(() => compileClockFormat('DD/MM HH:mm')).toThrow('time format "DD/MM HH:mm" has no YYYY');
  });
});
