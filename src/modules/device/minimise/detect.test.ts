import { describe, expect, it } from 'vitest';
import { detect, type SpanType } from './detect.ts';
import { findNhsNumbers, findNiNumbers, ibanValid, nhsValid } from './identifiers.ts';

/** The spans of one type found in a text, as the text they cover. */
function found(text: string, type: SpanType): string[] {
  return detect(text)
    .filter((s) => s.type === type)
    .map((s) => s.text);
}

describe('detect: each type, found and not found', () => {
  const cases: Array<[SpanType, string, string, string]> = [
    ['PHONE', 'ring me on 07700 900123 asap', '07700 900123', 'bus 38 is late again, 20 mins'],
    ['EMAIL', 'send it to shaz_89@hotmail.co.uk x', 'shaz_89@hotmail.co.uk', 'meet @ the shop at 5'],
    ['CARD', 'use 4111 1111 1111 1111 exp 09/27', '4111 1111 1111 1111', 'use 4111 1111 1111 1112 exp 09/27'],
    [
      'IBAN',
      'iban GB82 WEST 1234 5698 7654 32 ta',
      'GB82 WEST 1234 5698 7654 32',
      'iban GB82 WEST 1234 5698 7654 33 ta',
    ],
    ['BANK_ACCOUNT', 'send to acc 12345678 asap', '12345678', 'order 12345678 has shipped'],
    ['IP', 'logged in from 192.168.1.20 again', '192.168.1.20', 'version 999.1.1.1 is out'],
    [
      'IMEI',
      'the imei is 490154203237518 check it',
      '490154203237518',
      'the imei is 490154203237519 check it',
    ],
    ['DATE', 'see u on 12/03/2024 yeah', '12/03/2024', 'got 3 for 10 at the shop'],
    ['POSTCODE', 'come to ls6 2ab later', 'ls6 2ab', 'code xx1 1aa is wrong'],
    ['VEHICLE', 'seen the golf AB12 CDE again', 'AB12 CDE', 'seen the golf again'],
    ['NI_NUMBER', 'my ni is ab123456c for the form', 'ab123456c', 'my ni is da123456c for the form'],
    ['NHS_NUMBER', 'nhs no 943 476 5919 for the appt', '943 476 5919', 'nhs no 943 476 5910 for the appt'],
    ['ADDRESS', 'im at 14 church lane come round', '14 church lane', 'im at the church come round'],
    ['PERSON', 'tell dave smith i want my money', 'dave smith', 'will do mate, cheers'],
    ['LOCATION', 'went manchester last week', 'manchester', 'went home last week'],
    ['ORGANISATION', 'got paid by barclays finally', 'barclays', 'got paid finally'],
  ];
  for (const [type, yes, expected, no] of cases) {
    it(`${type}: finds "${expected}"`, () => {
      expect(found(yes, type)).toEqual([expected]);
    });
    it(`${type}: finds nothing of the type in "${no}"`, () => {
      expect(found(no, type)).toEqual([]);
    });
  }
});

describe('detect: spans', () => {
  it('are sorted, non-overlapping and in UTF-16 offsets after an emoji', () => {
    const text = '😂😂 its dave smith, call 07700 900123 or dave.s@gmail.com';
    const spans = detect(text);
    expect(spans.map((s) => s.type)).toEqual(['PERSON', 'PHONE', 'EMAIL']);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(spans[0]!.start).toBe(9);
  });

  it('finds informal days and dates of birth', () => {
    expect(found('see u tmrw, dob 14/07/1996', 'DATE')).toEqual(['tmrw', '14/07/1996']);
  });

  it('reads an empty text as having nothing in it', () => {
    expect(detect('')).toEqual([]);
  });
});

describe('checksums', () => {
  it('NHS numbers: mod 11 check digit', () => {
    expect(nhsValid('9434765919')).toBe(true);
    expect(nhsValid('9434765910')).toBe(false);
    expect(findNhsNumbers('943-476-5919')).toHaveLength(1);
  });

  it('IBAN: MOD 97-10 and the country length', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST1234569876543')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
  });

  it('NI numbers: prefixes never issued are refused', () => {
    expect(findNiNumbers('GB123456A and QQ 12 34 56 C')).toEqual([]);
    expect(findNiNumbers('JG 10 37 59 A')).toHaveLength(1);
  });
});
