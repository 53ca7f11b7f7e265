import { describe, expect, it } from 'vitest';
import { cardScheme, luhn, maskCard } from './checksums.ts';
import { findMoney } from './money.ts';
import { findEmails, findIpAddresses } from './network.ts';
import { findBankDetails, findImeisAndCards, findPhones } from './numbers.ts';
import { findAddresses, findCoordinates, findGridReferences, findPostcodes } from './places.ts';
import { findRegistrationMarks } from './vehicles.ts';

const values = (found: ReadonlyArray<{ value: string }>) => found.map((f) => f.value);

describe('registration marks', () => {
  it('reads current marks with or without the space, normalised to capitals without it', () => {
    expect(values(findRegistrationMarks('seen in AB12 CDE and later YX68ABC'))).toEqual([
      'AB12CDE',
      'YX68ABC',
    ]);
  });

  it('reads prefix and suffix marks', () => {
    const found = findRegistrationMarks('an old A123 BCD and an older ABC 123D');
    expect(found.map((f) => [f.value, f.attributes.format])).toEqual([
      ['A123BCD', 'prefix'],
      ['ABC123D', 'suffix'],
    ]);
  });

  it('reads dateless marks only where the sentence speaks of a vehicle', () => {
    expect(values(findRegistrationMarks('The car, registration 1234 AB, was parked.'))).toEqual(['1234AB']);
    expect(values(findRegistrationMarks('Room 1234 AB was locked.'))).toEqual([]);
  });

  it('does not take a collar number or an impossible age identifier for a mark', () => {
    expect(findRegistrationMarks('The vehicle was stopped by PC 1234 Smith.')).toEqual([]);
    expect(findRegistrationMarks('AB40 CDE')).toEqual([]);
  });
});

describe('checksums and cards', () => {
  it('applies the Luhn check', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('352099001761481')).toBe(true);
  });

  it('finds a Luhn-valid card and shows it masked; a card failing Luhn is not a card', () => {
    const [card] = findImeisAndCards('card 4111 1111 1111 1111 used');
    expect(card).toMatchObject({ kind: 'payment-card', value: '**** **** **** 1111' });
    expect(card!.attributes.scheme).toBe('Visa');
    expect(findImeisAndCards('card 4111 1111 1111 1112 used')).toEqual([]);
    expect(maskCard('5500005555555559')).toBe('**** **** **** 5559');
    expect(cardScheme('5500005555555559')).toBe('Mastercard');
  });

  it('finds IMEIs in any grouping, Luhn-checked', () => {
    expect(values(findImeisAndCards('IMEI 35-209900-176148-1 and 352099001761481'))).toEqual([
      '352099001761481',
      '352099001761481',
    ]);
    expect(findImeisAndCards('IMEI 352099001761482')).toEqual([]);
  });

  it('reads a 15-digit American Express number as a card unless IMEI stands before it', () => {
    expect(findImeisAndCards('card 378282246310005')[0]!.kind).toBe('payment-card');
    expect(findImeisAndCards('IMEI 378282246310005')[0]!.kind).toBe('imei');
  });
});

describe('phones, e-mail and IP addresses', () => {
  it('normalises UK and international numbers to E.164', () => {
    expect(values(findPhones('ring 07911 123456, +44 (0)113 496 0000 or +33 1 23 45 67 89'))).toEqual([
      '+447911123456',
      '+441134960000',
      '+33123456789',
    ]);
  });

  it('splits two numbers written one after the other', () => {
    expect(values(findPhones('numbers 07911 123456 07922 654321'))).toEqual([
      '+447911123456',
      '+447922654321',
    ]);
  });

  it('does not read dates, times or short numbers as phones', () => {
    expect(findPhones('on 12/03/2024 at 2300hrs, case 123456')).toEqual([]);
  });

  it('finds e-mail addresses in lower case, and not half addresses', () => {
    expect(values(findEmails('write to J.Smith@Example.co.uk.'))).toEqual(['j.smith@example.co.uk']);
    expect(findEmails('john.smith@ is not one')).toEqual([]);
  });

  it('finds IPv4 and IPv6 addresses, not version numbers or times', () => {
    expect(values(findIpAddresses('from 192.168.0.1 and 2001:DB8::1, v1.2.3 at 23:00:00'))).toEqual([
      '192.168.0.1',
      '2001:db8::1',
    ]);
    expect(findIpAddresses('999.1.1.1')).toEqual([]);
  });
});

describe('bank details and money', () => {
  it('finds sort codes and account numbers where the text names them', () => {
    expect(values(findBankDetails('sort code 20 00 00, account number 12345678'))).toEqual([
      '20-00-00',
      '12345678',
    ]);
    expect(findBankDetails('on 12-03-24 he paid 12345678')).toEqual([]);
  });

  it('reads amounts with symbols, multipliers and words', () => {
    expect(values(findMoney('£1,200.50 and £2.5m, 300 quid, $40 and 5 grand'))).toEqual([
      'GBP 1200.50',
      'GBP 2500000.00',
      'USD 40.00',
      'GBP 300.00',
      'GBP 5000.00',
    ]);
  });
});

describe('places', () => {
  it('ends a street address with its sentence, keeping an abbreviation', () => {
    const found = (t: string) => findAddresses(t).map((a) => [a.text, a.value]);
    expect(found('It drove towards Newport Road. Camera NR-11 shows it.')).toEqual([
      ['Newport Road', 'Newport Road'],
    ]);
    expect(found('Outside 4 Queen St. at noon')).toEqual([['4 Queen St.', '4 Queen Street']]);
    expect(found('He lives at 22 Moira Terrace, Cardiff CF24 0EJ.')).toEqual([
      ['22 Moira Terrace, Cardiff', '22 Moira Terrace, Cardiff'],
    ]);
  });

  it('finds valid postcodes, normalised with one space', () => {
    expect(values(findPostcodes('LS1 6AB, SW1A1AA, M1 1AE and EC1A 1BB'))).toEqual([
      'LS1 6AB',
      'SW1A 1AA',
      'M1 1AE',
      'EC1A 1BB',
    ]);
  });

  it('refuses unknown areas and letters the inward code never uses', () => {
    expect(findPostcodes('QV1 1AA, LS1 1CI and XX9 9XX')).toEqual([]);
  });

  it('finds OS grid references with their easting and northing', () => {
    const [ref] = findGridReferences('grid ref SE 29953 33945');
    expect(ref).toMatchObject({ value: 'SE 29953 33945', attributes: { easting: 429953, northing: 433945 } });
    expect(findGridReferences('TQ3080')[0]!.attributes).toEqual({ easting: 530000, northing: 180000 });
  });

  it('finds latitude and longitude pairs and refuses impossible ones', () => {
    expect(values(findCoordinates('at 53.7997, -1.5492 and 51.5007 N, 0.1246 W'))).toEqual([
      '53.7997,-1.5492',
      '51.5007,-0.1246',
    ]);
    expect(findCoordinates('95.1234, 10.1234')).toEqual([]);
  });
});
