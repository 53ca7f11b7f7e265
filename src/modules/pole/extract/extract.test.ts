import { describe, expect, it } from 'vitest';
import { findDates, findTimes } from './dates.ts';
import { extract } from './extract.ts';
import { offenceCategory } from './offences.ts';
import { birthDetails, findTitledNames, roleOf } from './people.ts';

const tuesday12March = new Date('2024-03-12T12:00:00Z');

describe('dates and times', () => {
  it('reads UK day-first dates and written dates', () => {
    expect(findDates('on 05/03/2024, 5th March 2024 and 2024-03-05', null).map((d) => d.date)).toEqual([
      '2024-03-05',
      '2024-03-05',
      '2024-03-05',
    ]);
  });

  it('resolves relative dates against the document date', () => {
    const dates = findDates('yesterday, last Tuesday, on Friday, three days ago, last night', tuesday12March);
    expect(dates.map((d) => d.date)).toEqual([
      '2024-03-11',
      '2024-03-05',
      '2024-03-08',
      '2024-03-09',
      '2024-03-11',
    ]);
  });

  it('reads a weekday written before a date as part of that date, not as a relative day', () => {
    for (const doc of [null, tuesday12March])
      expect(findDates('On Friday 8 March 2024 at 2330hrs, then Monday, 11 March 2024', doc)).toEqual([
        { start: 0, end: 22, date: '2024-03-08', relative: false },
        { start: 40, end: 61, date: '2024-03-11', relative: false },
      ]);
  });

  it('gives a day and month without a year the latest such date up to the document date', () => {
    expect(findDates('on 20 December', tuesday12March)[0]!.date).toBe('2023-12-20');
  });

  it('refuses dates that do not exist', () => {
    expect(findDates('31/02/2024', null)).toEqual([]);
  });

  it('reads 24-hour, clock and named times, marking approximate ones', () => {
    expect(
      findTimes('at about 2300hrs, 10.30pm, 7am and midnight').map((t) => [t.time, t.approximate]),
    ).toEqual([
      ['23:00', true],
      ['22:30', false],
      ['07:00', false],
      ['00:00', false],
    ]);
  });
});

describe('people', () => {
  it('reads ranks with collar numbers and titles', () => {
    expect(findTitledNames('PC 1234 Smith met DS Jones and Mrs Patel.')).toMatchObject([
      { title: 'PC', rank: 'Police Constable', collarNumber: '1234' },
      { title: 'DS', rank: 'Detective Sergeant' },
      { title: 'Mrs' },
    ]);
  });

  it('reads a date of birth and an age written next to a name', () => {
    const text = 'Daniel Marsh (DOB 04/07/1989), aged 34, was arrested.';
    expect(birthDetails(text, 0, 12, tuesday12March)).toEqual({ dateOfBirth: '1989-07-04', age: 34 });
    expect(birthDetails('a 27-year-old Sam Hill', 14, 22, null)).toEqual({ age: 27 });
  });

  it('takes the role word nearest the name', () => {
    const s = 'The victim, Ann Lee, said the suspect, Tom Hill, ran.';
    expect(roleOf(s, 12, 19)).toBe('victim');
    expect(roleOf(s, 39, 47)).toBe('suspect');
    expect(roleOf('Ann Lee went home.', 0, 7)).toBe('unknown');
  });
});

describe('offence categories', () => {
  it('names the most specific category the sentence names', () => {
    expect(offenceCategory('He was robbed of his phone')).toBe('Robbery');
    expect(offenceCategory('Her purse was stolen')).toBe('Theft');
    expect(offenceCategory('They broke into the house')).toBe('Burglary');
    expect(offenceCategory('It was a quiet day')).toBeNull();
  });
});

describe('extract', () => {
  const text =
    'Statement of PC 4471 Hughes.\nLast Tuesday at about 2300hrs I attended 14 Albion Street, Leeds LS1 6AB following a robbery. ' +
    'The suspect, Daniel Marsh, 27, left in a silver Ford Focus AB12 CDE armed with a machete.';
  const entities = extract({ id: 'doc-1', text, date: '2024-03-12' });
  const byKind = (kind: string) => entities.filter((e) => e.kind === kind);

  it('gives every entity its document, offsets into the text, confidence and finder', () => {
    for (const e of entities) {
      expect(e.documentId).toBe('doc-1');
      expect(text.slice(e.start, e.end)).toBe(e.text);
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
      expect(e.foundBy).toMatch(/^(rule|model):/);
    }
  });

  it('finds the event with its time, sentence and offence category', () => {
    const [event] = byKind('datetime');
    expect(event).toMatchObject({ value: '2024-03-05T23:00', text: 'Last Tuesday at about 2300hrs' });
    expect(event!.attributes).toMatchObject({ approximate: true, offenceCategory: 'Robbery' });
    expect(String(event!.attributes.sentence)).toMatch(/^Last Tuesday.*robbery\.$/);
  });

  it('finds the officer, the suspect with an age, the vehicle, mark, weapon, address and postcode', () => {
    expect(byKind('person').map((p) => [p.value, p.attributes.role])).toEqual([
      ['Hughes', 'officer'],
      ['Daniel Marsh', 'suspect'],
    ]);
    expect(byKind('person')[1]!.attributes.age).toBe(27);
    expect(byKind('registration-mark')[0]!.value).toBe('AB12CDE');
    expect(byKind('vehicle')[0]!.attributes).toMatchObject({
      colour: 'silver',
      make: 'Ford',
      model: 'Focus',
    });
    expect(byKind('weapon')[0]!.value).toBe('machete');
    expect(byKind('address')[0]!.value).toBe('14 Albion Street, Leeds');
    expect(byKind('postcode')[0]!.value).toBe('LS1 6AB');
  });

  it('refuses a document date that is not ISO 8601', () => {
    expect(() => extract({ id: 'x', text: 'hi', date: '12/03/2024' })).toThrow(/ISO 8601/);
  });
});
