import { describe, expect, it } from 'vitest';
import { addWorkingDays, answerDueBy, bankHolidays, easterSunday, isOverdue } from './service-standard.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

describe('bank holidays of England and Wales', () => {
  it('finds Easter Sunday', () => {
    // Published dates: 5 April 2026, 28 March 2027, 16 April 2028, 20 April 2025.
    expect(day(easterSunday(2026))).toBe('2026-04-05');
    expect(day(easterSunday(2027))).toBe('2027-03-28');
    expect(day(easterSunday(2028))).toBe('2028-04-16');
    expect(day(easterSunday(2025))).toBe('2025-04-20');
  });

  it('gives the dates published on gov.uk/bank-holidays, substitute days included', () => {
    expect(bankHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28', // Boxing Day falls on a Saturday
    ]);
    expect(bankHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27', // Christmas Day falls on a Saturday
      '2027-12-28',
    ]);
    // New Year's Day 2028 is a Saturday: the holiday is Monday 3 January.
    expect(bankHolidays(2028)[0]).toBe('2028-01-03');
    // 2022: Christmas Day on a Sunday, so Monday 26 (Boxing Day) and Tuesday 27 (Christmas).
    expect(bankHolidays(2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27']);
  });
});

describe('the answer date', () => {
  it('counts 20 working days from the day after receipt, skipping weekends and bank holidays', () => {
    // Thu 3 Dec 2026: Dec 4, 7-11, 14-18, 21-24 (15 days), 25 and 28 holidays, 29-31 (18),
    // 1 Jan holiday, Mon 4 Jan (19), Tue 5 Jan (20).
    expect(day(answerDueBy(new Date('2026-12-03T10:00:00Z')))).toBe('2027-01-05');
    // 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time): Thu 2 Apr (1), Good
    // Friday and Easter Monday, 7-10 (5), 13-17 (10), 20-24 (15), 27 Apr to 1 May (20).
    expect(day(answerDueBy(new Date('2026-03-31T23:30:00Z')))).toBe('2026-05-01');
    // Received on a Saturday: Monday is the first working day.
    expect(day(addWorkingDays(new Date('2026-11-07T12:00:00Z'), 1))).toBe('2026-11-09');
  });

  it('is overdue only after the answer date has passed', () => {
    const received = new Date('2026-12-03T10:00:00Z');
    expect(isOverdue(received, new Date('2027-01-05T16:00:00Z'))).toBe(false);
    expect(isOverdue(received, new Date('2027-01-06T09:00:00Z'))).toBe(true);
  });
});
