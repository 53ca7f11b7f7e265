import { describe, expect, it } from 'vitest';
import { AnalysisError } from './common.ts';
import { type EnquiryLine, enquiryBalance, enquiryHits } from './enquiry.ts';
import { call, fix, message, plus } from './testing.ts';

const AT = '2024-05-01T10:00:00Z';

function hitsOf(body: string, terms: string[]) {
  const line: EnquiryLine = { id: 'l1', label: 'test', terms, direction: 'neutral' };
  return enquiryHits([message(AT, 'p1', { id: 'm1', body })], [line])[0]!.hits;
}

describe('enquiryHits', () => {
  it('finds a term at the start of a message, with its sentence and offsets', () => {
    const [hit] = hitsOf('Knife in the car. See you later', ['knife']);
    expect(hit).toEqual({
      recordId: 'm1',
      at: '2024-05-01T10:00:00.000Z',
      term: 'knife',
      matched: 'Knife',
      offset: 0,
      length: 5,
      sentence: 'Knife in the car.',
      sentenceStart: 0,
      hitStart: 0,
      hitEnd: 5,
    });
  });

  it('finds a phrase at the end of a message, across a hyphen or several spaces', () => {
    const body = 'Meet me at the   Car-Park';
    const [hit] = hitsOf(body, ['car park']);
    expect(hit).toMatchObject({
      matched: 'Car-Park',
      offset: 17,
      length: 8,
      sentence: body,
      hitStart: 17,
      hitEnd: 25,
    });
  });

  it('cuts the context to the sentence holding the hit', () => {
    const [hit] = hitsOf('Hello there. Bring the cash! Then go.\nok', ['cash']);
    expect(hit).toMatchObject({
      sentence: 'Bring the cash!',
      sentenceStart: 13,
      hitStart: 10,
      hitEnd: 14,
      offset: 23,
    });
  });

  it('matches whole words only, with simple plurals', () => {
    const body = 'Two cars, a scar, the carpet, three parties and a party bus. Boxes!';
    expect(hitsOf(body, ['car']).map((h) => h.matched)).toEqual(['cars']);
    expect(hitsOf(body, ['party']).map((h) => h.matched)).toEqual(['parties', 'party']);
    expect(hitsOf(body, ['box']).map((h) => h.matched)).toEqual(['Boxes']);
    expect(hitsOf(body, ['art'])).toEqual([]);
  });

  it('ignores case and accents both ways, keeping offsets in the original text', () => {
    expect(hitsOf('Meet at the CAFÉ', ['cafe'])[0]).toMatchObject({ matched: 'CAFÉ', offset: 12, length: 4 });
    expect(hitsOf('meet at the cafe', ['Café'])[0]).toMatchObject({ matched: 'cafe', term: 'Café' });
    // A decomposed accent (e + U+0301) and an emoji (two code units) before the hit.
    const [hit] = hitsOf('😀 cafe\u0301 now', ['cafe']);
    expect(hit).toMatchObject({ matched: 'cafe\u0301', offset: 3, length: 5 });
  });

  it('prefers the longest term and reports which term matched', () => {
    const hits = hitsOf('the car park and the car', ['car', 'car park']);
    expect(hits.map((h) => [h.term, h.matched])).toEqual([
      ['car park', 'car park'],
      ['car', 'car'],
    ]);
  });

  it('searches message bodies only, per line, citing records', () => {
    const records = [
      message(AT, 'p1', { id: 'm1', body: 'he was at home all night' }),
      message('2024-05-01T09:00:00Z', 'p2', { id: 'm2', body: 'Got the knife. At home now.' }),
      call(AT, 'home', { id: 'c1' }),
      fix(AT, 51.5, -0.1, { id: 'f1', type: 'visit', place: 'knife shop' }),
    ];
    const lines: EnquiryLine[] = [
      { id: 'weapon', label: 'Weapon', terms: ['knife', 'blade'], direction: 'towards' },
      { id: 'alibi', label: 'At home', terms: ['at home', 'all night'], direction: 'away' },
    ];
    const [weapon, alibi] = enquiryHits(records, lines);
    expect(weapon).toMatchObject({ id: 'weapon', direction: 'towards', recordIds: ['m2'] });
    expect(weapon!.hits).toHaveLength(1);
    expect(alibi!.recordIds).toEqual(['m2', 'm1']);
    expect(alibi!.hits.map((h) => [h.recordId, h.term, h.sentence])).toEqual([
      ['m2', 'at home', 'At home now.'],
      ['m1', 'at home', 'he was at home all night'],
      ['m1', 'all night', 'he was at home all night'],
    ]);
    expect(enquiryBalance([weapon!, alibi!])).toEqual({ towards: 1, away: 1, neutral: 0, noLineAway: false });
    expect(enquiryBalance([weapon!]).noLineAway).toBe(true);
  });

  it('takes regular-expression characters in a term literally', () => {
    expect(hitsOf('costs £5.00 (cash)', ['5.00'])).toHaveLength(1);
    expect(hitsOf('costs 5x00', ['5.00'])).toHaveLength(0);
  });

  it('names the line and term that is wrong', () => {
    const bad = (terms: string[]) => () =>
      enquiryHits([], [{ id: 'w', label: 'W', terms, direction: 'towards' }]);
    expect(bad([])).toThrow(AnalysisError);
    expect(bad(['knife', '  '])).toThrow(
      'line of enquiry 1 ("w"), term 2: empty or without letters or digits',
    );
  });
});

describe('enquiryHits at scale', () => {
  it('searches 100,000 messages for ten lines', () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      message(plus(AT, i), 'p1', {
        body: i % 1000 === 0 ? 'Le café, then the knife.' : `Message ${i} about nothing at all, Zoë.`,
      }),
    );
    const lines = Array.from({ length: 10 }, (_, i) => ({
      id: `l${i}`,
      label: `Line ${i}`,
      terms: ['knife', 'blade', 'cafe', `term ${i}`],
      direction: 'towards' as const,
    }));
    const results = enquiryHits(many, lines);
    expect(results[9]!.hits).toHaveLength(200);
    expect(results[9]!.recordIds).toHaveLength(100);
  });
});
