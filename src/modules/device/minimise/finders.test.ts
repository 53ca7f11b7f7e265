import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPostalCodes, findWorldAddresses } from './addresses.ts';
import { findMoreDates, joinDates } from './dates.ts';
import { detect, detectWithRules, SPAN_TYPES } from './detect.ts';
import { findFullNames, findSurnamePairs } from './names.ts';
import { findOrganisations } from './organisations.ts';
import { findWorldPhones } from './phones.ts';
import { findWorldPlaces, isPlaceName } from './places.ts';

const texts = (text: string, spans: ReadonlyArray<{ start: number; end: number }>) =>
  spans.map((s) => text.slice(s.start, s.end));

describe('findWorldPhones', () => {
  it.each([
    ['Call me on +1 (415) 555-0134 tonight', '+1 (415) 555-0134'],
    ['or text 415.555.0134 after 5pm', '415.555.0134'],
    ['vous pouvez me joindre au +33 1 23 45 67 89.', '+33 1 23 45 67 89'],
    ['The Berlin office number is +49 30 1234567.', '+49 30 1234567'],
    ['ring the sydney office on (02) 9876 5432 mate', '(02) 9876 5432'],
    ['ou au 06 12 34 56 78', '06 12 34 56 78'],
    ['Contact Mrs Carter at (617) 555-0182 ext. 204.', '(617) 555-0182 ext. 204'],
    ['toll free 1-800-275-2273', '1-800-275-2273'],
  ])('finds the number in %j', (text, number) => {
    expect(texts(text, findWorldPhones(text))).toEqual([number]);
  });

  it.each([
    'the meeting is on 2024-03-12 and 12.03.2024',
    'card 4111 1111 1111 1112 was refused',
    'order ref 943 476 5910 is cancelled',
    'tracking no 1234567890123 not working',
    'ZIP 10025-1234, years 2015-2019, total 1234.56',
  ])('finds no phone number in %j', (text) => {
    expect(findWorldPhones(text)).toEqual([]);
  });

  it('names the rule that accepted each number', () => {
    const rules = findWorldPhones('+44 20 7946 0958 or 212-555-0147 or (02) 9876 5432').map((s) => s.rule);
    expect(rules).toEqual(['rule:phone-international', 'rule:phone-nanp', 'rule:phone-national-AU']);
  });
});

describe('findWorldAddresses', () => {
  it.each([
    'Please send the lease to 1234 Elm Street, Apt 5B, Springfield, IL 62704 before Friday.',
    'Our office is at Hauptstraße 12, 10115 Berlin now.',
    'Ship it to 782 Maple Ave, Toronto, ON M5V 2T6 please.',
    'It went to 45 Wattle Street, Ultimo NSW 2007 on Tuesday.',
    "Je m'appelle Camille et j'habite au 18 rue de la Paix, 75002 Paris.",
    'Meet at Via Roma 25, 00184 Roma tomorrow.',
    'My flat is at ul. Marszałkowska 84/92, 00-514 Warszawa.',
    'Mail: PO Box 4821, Boise, ID 83702',
    'Ship to: Tyler Brooks\n88 Harbor Drive\nSan Diego, CA 92101',
    'i live at 45 w 34th st apt 6c nyc',
  ])('reads the whole address in %j', (text) => {
    const expected: Record<string, string> = {
      Please: '1234 Elm Street, Apt 5B, Springfield, IL 62704',
      Our: 'Hauptstraße 12, 10115 Berlin',
      Ship: '782 Maple Ave, Toronto, ON M5V 2T6',
      It: '45 Wattle Street, Ultimo NSW 2007',
      Je: '18 rue de la Paix, 75002 Paris',
      Meet: 'Via Roma 25, 00184 Roma',
      My: 'ul. Marszałkowska 84/92, 00-514 Warszawa',
      'Mail:': 'PO Box 4821, Boise, ID 83702',
      'Ship to:': '88 Harbor Drive\nSan Diego, CA 92101',
      i: '45 w 34th st apt 6c',
    };
    const key = text.startsWith('Ship to:') ? 'Ship to:' : text.split(' ')[0]!;
    expect(texts(text, findWorldAddresses(text))).toEqual([expected[key]]);
  });

  it.each([
    'Flight BA 117 departs at gate 23 in 20 minutes.',
    'Appointment at 2:30 PM with Dr. Sorensen.',
    'I bought 3 apples and 2 pears.',
    'Hauptstraße is closed today.',
  ])('finds no address in %j', (text) => {
    expect(findWorldAddresses(text)).toEqual([]);
  });
});

describe('findPostalCodes', () => {
  it('reads Canadian and Irish codes by form, ZIP codes by the words around them', () => {
    const text = 'K2P 1L4 and D02 X285; Austin, TX 78701; my ZIP code is 94110 and zip, mine is 10025-1234';
    expect(texts(text, findPostalCodes(text)).sort()).toEqual(
      ['10025-1234', '78701', '94110', 'D02 X285', 'K2P 1L4'].sort(),
    );
  });

  it('leaves numbers with no such words alone', () => {
    expect(findPostalCodes('we sold 94110 units in 2023 and 12345 more')).toEqual([]);
  });
});

describe('findMoreDates and joinDates', () => {
  it.each([
    ['DOB 07/22/1975 noted', '07/22/1975'],
    ['emailed on 2023/11/02.', '2023/11/02'],
    ['flew on 12 Mar 24.', '12 Mar 24'],
    ['hired in June 2021.', 'June 2021'],
    ['Hans zog am 1. April 2023 um', '1. April 2023'],
    ['I moved here in 2018.', '2018'],
    ['moving in September.', 'September'],
    ['we go to Florida for Thanksgiving.', 'Thanksgiving'],
    ['closed on Sundays.', 'Sundays'],
    ['ships next week.', 'next week'],
  ])('finds the date in %j', (text, date) => {
    expect(texts(text, findMoreDates(text))).toContain(date);
  });

  it('leaves numbers that are not dates alone', () => {
    expect(findMoreDates('we need 250 chairs and 30 tables, 13/45/2020 is no date')).toEqual([]);
  });

  it('joins the parts of one date and takes a bare hour after "at"', () => {
    const text = 'Wed, 13 Mar 2024 09:00 or saturday at 8';
    const parts = [
      { type: 'DATE', start: 0, end: 3, rule: 'a' },
      { type: 'DATE', start: 5, end: 16, rule: 'b' },
      { type: 'DATE', start: 17, end: 22, rule: 'c' },
      { type: 'DATE', start: 26, end: 34, rule: 'd' },
    ];
    expect(texts(text, joinDates(text, parts))).toEqual(['Wed, 13 Mar 2024 09:00', 'saturday at 8']);
  });
});

describe('findOrganisations', () => {
  it('reads names by their suffix, kind and well-known names', () => {
    const text =
      "Invoice from Acme Widgets Inc. and Keller & Sohn GmbH; Dr. Okonkwo joined St. Mary's Hospital, then the University of Toronto, Bank of Ireland and Starbucks.";
    expect(texts(text, findOrganisations(text))).toEqual([
      'Acme Widgets Inc.',
      'Keller & Sohn GmbH',
      "St. Mary's Hospital",
      'University of Toronto',
      'Bank of Ireland',
      'Starbucks',
    ]);
  });

  it('does not take a bare kind word or a lower-case phrase for an organisation', () => {
    expect(findOrganisations('The Hospital said the bank is closed.')).toEqual([]);
  });
});

describe('findWorldPlaces', () => {
  const given = new Set(['jordan', 'madison']);
  it('finds countries, states and cities, with a state code after a city', () => {
    const text = 'From Osaka, Japan to Austin, TX via New South Wales and ho chi minh city.';
    expect(texts(text, findWorldPlaces(text, given))).toEqual([
      'Osaka',
      'Japan',
      'Austin',
      'TX',
      'New South Wales',
      'ho chi minh city',
    ]);
  });

  it('reads a place that is also a name as a person unless a word of place stands before it', () => {
    expect(texts('Jordan went home', findWorldPlaces('Jordan went home', given))).toEqual([]);
    expect(texts('she flew to Jordan', findWorldPlaces('she flew to Jordan', given))).toEqual(['Jordan']);
    expect(findWorldPlaces('that was nice, not china', given)).toEqual([]);
    expect(isPlaceName('nairobi')).toBe(true);
  });
});

describe('names', () => {
  const given = new Set(['fatima', 'tenzin', 'carlos', 'jean']);
  it('reads a given name with middle names, initials and particles', () => {
    const text = 'Fatima Zahra Benali met Tenzin P. Demir and Carlos Mendoza de Guadalajara.';
    const spans = findFullNames(text, given, (w) => w === 'guadalajara');
    expect(texts(text, spans)).toEqual(['Fatima Zahra Benali', 'Tenzin P. Demir', 'Carlos Mendoza']);
  });

  it('reads a hyphenated given name and an unknown first name before a known surname', () => {
    expect(texts('Jean-Baptiste Mercier', findFullNames('Jean-Baptiste Mercier', given))).toEqual([
      'Jean-Baptiste Mercier',
    ]);
    const text = 'Hyun-woo Kim studies here. Dear Smith, The Green is shut.';
    expect(
      texts(
        text,
        findSurnamePairs(text, new Set(['kim', 'smith', 'green']), () => false),
      ),
    ).toEqual(['Hyun-woo Kim']);
  });
});

describe('detect on foreign text', () => {
  it('finds each part of a formal letter and says which rule found it', () => {
    const text =
      'Dear Ms. Laura Bennett, your order from Northwind Traders LLC ships to 600 Pine St, Seattle, WA 98101 on March 3rd, 2024. Call +1 (206) 555-0100.';
    const spans = detectWithRules(text);
    expect(spans.map((s) => [s.type, s.text])).toEqual([
      ['PERSON', 'Laura Bennett'],
      ['ORGANISATION', 'Northwind Traders LLC'],
      ['ADDRESS', '600 Pine St, Seattle, WA 98101'],
      ['DATE', 'March 3rd, 2024'],
      ['PHONE', '+1 (206) 555-0100'],
    ]);
    for (const s of spans) expect(s.foundBy).toMatch(/^(rule|lexicon|model):/);
  });
});

describe('data/dev-intl.jsonl', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const lines = readFileSync(path.join(here, 'data', 'dev-intl.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  it('has at least 200 messages whose gold spans match their text, sorted and apart', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
    for (const line of lines) {
      const m = JSON.parse(line) as {
        text: string;
        spans: Array<{ type: string; start: number; end: number; text: string }>;
      };
      let last = 0;
      for (const s of m.spans) {
        expect(m.text.slice(s.start, s.end)).toBe(s.text);
        expect(SPAN_TYPES).toContain(s.type);
        expect(s.start).toBeGreaterThanOrEqual(last);
        last = s.end;
      }
    }
  });

  it('detect finds most of it (tuned on it, so this only guards against breaking it)', () => {
    let gold = 0;
    let hit = 0;
    for (const line of lines) {
      const m = JSON.parse(line) as { text: string; spans: Array<{ start: number; end: number }> };
      const found = detect(m.text);
      for (const s of m.spans) {
        gold++;
        if (found.some((f) => f.start < s.end && f.end > s.start)) hit++;
      }
    }
    expect(hit / gold).toBeGreaterThan(0.9);
  });
});
