import { describe, expect, it } from 'vitest';
import { findNamedStreets, findWorldAddresses } from './addresses.ts';
import { detectWithRules } from './detect.ts';
import { findOrganisations } from './organisations.ts';
import { findWorldPhones } from './phones.ts';
import { findWorldPlaces } from './places.ts';

const texts = (text: string, spans: ReadonlyArray<{ start: number; end: number }>) =>
  spans.map((s) => text.slice(s.start, s.end));

describe('addresses read as a street and a town with its postal code', () => {
  it.each([
    ['I live at Torggata 17, HAMAR 2317 now', 'Torggata 17, HAMAR 2317'],
    ['send it to Kirkjuvegur 4, Selfoss 800.', 'Kirkjuvegur 4, Selfoss 800'],
    ['my address is ul. długa 7, gdańsk 80-827', 'ul. długa 7, gdańsk 80-827'],
    ['Post: Petőfi Sándor u. 3., Szeged 6720', 'Petőfi Sándor u. 3., Szeged 6720'],
    ['Odos Ermou 12, Athina 105 63 please', 'Odos Ermou 12, Athina 105 63'],
    ['at the following R Augusta 90, Lisboa 1100-053', 'R Augusta 90, Lisboa 1100-053'],
    ['via dei mille 8, napoli 80121', 'via dei mille 8, napoli 80121'],
    ['12 Rigas Feraiou str, Larnaka 6021', '12 Rigas Feraiou str, Larnaka 6021'],
    ['Nádražní 120, Ostrava 2 70200', 'Nádražní 120, Ostrava 2 70200'],
  ])('reads %j whole', (text, address) => {
    expect(texts(text, findWorldAddresses(text))).toEqual([address]);
  });

  it.each([
    'I scored 84, they scored 9123',
    'Table 4, Seats 12',
    'Chapter 3, then page 200',
    'We met on Saturday 12, March 2023',
    'Rue du Lac 4, 1204 Genève instead',
  ])('reads no town with a postal code in %j', (text) => {
    const found = texts(text, findWorldAddresses(text)).join(' | ');
    expect(found).not.toMatch(/\d{3}\b(?! Genève)|instead/);
  });

  it('does not read a unit word at the start of a town ("Flateyri" is not "Fl ateyri")', () => {
    const text = 'Hafnargata 6, Flúðir 845';
    expect(texts(text, findWorldAddresses(text))).toEqual(['Hafnargata 6, Flúðir 845']);
    const flat = 'Sjávargata 2, Flatey 345';
    expect(texts(flat, findWorldAddresses(flat))).toEqual(['Sjávargata 2, Flatey 345']);
  });

  it('reads a street named after its type without a number, not a postcode after it', () => {
    expect(
      texts('meet me on Calle de Alcalá tonight', findNamedStreets('meet me on Calle de Alcalá tonight')),
    ).toEqual(['Calle de Alcalá']);
    expect(findNamedStreets('7 Beech Avenue SW9 8JH')).toEqual([]);
    expect(findNamedStreets('rue the day')).toEqual([]);
  });
});

describe('phone numbers after words about calling', () => {
  it.each([
    ['can you call me on 41 287 66 90?', '41 287 66 90'],
    ['stop sending messages to 512 9087', '512 9087'],
    ['my registered 31 772049 is not getting codes', '31 772049'],
    ['please text me at 8812 4407', '8812 4407'],
  ])('finds the number in %j', (text, number) => {
    expect(texts(text, findWorldPhones(text))).toEqual([number]);
  });

  it.each([
    'I am 41 and she is 12',
    'we sold 512 9087 units',
    'call me about 123-45-6789',
    'call me at 5 pm',
  ])('finds no phone number in %j', (text) => {
    expect(findWorldPhones(text)).toEqual([]);
  });
});

describe('organisations by the shapes of firms named after people', () => {
  it('reads "A, B And C" and hyphenated names as organisations', () => {
    const text = 'We use Parker, Doyle And Whitfield and then Marsh-Tremaine for the audit.';
    expect(texts(text, findOrganisations(text))).toEqual(['Parker, Doyle And Whitfield', 'Marsh-Tremaine']);
  });

  it('reads "Company", "Alliance" and "Global" as kinds of body', () => {
    const text = 'Northfield Mutual Company, Harbor Alliance, Redstone Global';
    expect(texts(text, findOrganisations(text))).toEqual([
      'Northfield Mutual Company',
      'Harbor Alliance',
      'Redstone Global',
    ]);
  });

  it('leaves lists of places, prefixed words and names after a title alone', () => {
    const notNames = (w: string) => ['paris', 'rome', 'berlin'].includes(w);
    expect(findOrganisations('Paris, Rome And Berlin', undefined, notNames)).toEqual([]);
    expect(findOrganisations('an Anglo-Saxon and a Non-Stop flight')).toEqual([]);
    expect(findOrganisations('Mrs Marsh-Tremaine called')).toEqual([]);
    expect(findOrganisations('Jean-Luc is here', undefined, undefined, (w) => w === 'jean')).toEqual([]);
  });
});

describe('world places written with accents', () => {
  it('finds a listed city spelled with its accents', () => {
    const text = 'We landed in Reykjavík at noon';
    expect(texts(text, findWorldPlaces(text, new Set()))).toEqual(['Reykjavík']);
  });
});

describe('detect on whole foreign addresses', () => {
  it('hides the street, town and postal code as one address', () => {
    const found = detectWithRules('Please update my address to Storgata 41, TROMSØ 9008 thanks');
    expect(found.map((s) => [s.type, s.text])).toContainEqual(['ADDRESS', 'Storgata 41, TROMSØ 9008']);
  });
});
