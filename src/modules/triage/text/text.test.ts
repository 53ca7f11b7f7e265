import { describe, expect, it } from 'vitest';
import { FuzzyIndex, withinOneEdit } from './fuzzy.ts';
import { tokenize } from './tokens.ts';
import { radicalCandidates } from './welsh.ts';

describe('tokenize', () => {
  it('lower-cases, drops accents and joins English contractions', () => {
    expect(tokenize("He's got a KNIFE, I can't—help!")).toEqual([
      'hes',
      'got',
      'a',
      'knife',
      'i',
      'cant',
      'help',
    ]);
    expect(tokenize('Mae’r tŷ ar dân')).toEqual(['mae', 'yr', 'ty', 'ar', 'dan']);
  });

  it("writes out the Welsh clitics 'n and 'r", () => {
    expect(tokenize("mae o'n cloi'r drws")).toEqual(['mae', 'o', 'yn', 'cloi', 'yr', 'drws']);
  });
});

describe('radicalCandidates (Welsh mutations undone)', () => {
  it.each([
    ['nghartref', 'cartref'], // nasal c -> ngh
    ['nhad', 'tad'], // nasal t -> nh
    ['mhlentyn', 'plentyn'], // nasal p -> mh
    ['ngardd', 'gardd'], // nasal g -> ng
    ['mabi', 'babi'], // nasal b -> m
    ['nannedd', 'dannedd'], // nasal d -> n
    ['gyllell', 'cyllell'], // soft c -> g
    ['daro', 'taro'], // soft t -> d
    ['bentyn', 'pentyn'], // soft p -> b
    ['frawd', 'brawd'], // soft b -> f
    ['fam', 'mam'], // soft m -> f
    ['ddyn', 'dyn'], // soft d -> dd
    ['ladd', 'lladd'], // soft ll -> l
    ['wneud', 'gwneud'], // soft g dropped
    ['chyllell', 'cyllell'], // aspirate c -> ch
    ['thad', 'tad'], // aspirate t -> th
    ['phlant', 'plant'], // aspirate p -> ph
    ['harian', 'arian'], // h- before a vowel
    ['nhy', 'ty'], // a short word: fy nhŷ
  ])('%s can be %s', (mutated, radical) => {
    expect(radicalCandidates(mutated)).toContain(radical);
  });

  it('keeps the token itself', () => {
    expect(radicalCandidates('cyllell')[0]).toBe('cyllell');
  });
});

describe('typo tolerance', () => {
  it('counts one insertion, deletion, substitution or transposition as one edit', () => {
    expect(withinOneEdit('knife', 'knfie')).toBe(true);
    expect(withinOneEdit('stabbed', 'stabed')).toBe(true);
    expect(withinOneEdit('bleeding', 'bleedinng')).toBe(true);
    expect(withinOneEdit('overdose', 'ovredoze')).toBe(false);
  });

  it('finds lexicon words one plausible typo away, not other word forms', () => {
    const index = new FuzzyIndex();
    for (const w of ['strangled', 'bleeding', 'glassed', 'hanging']) index.add(w);
    expect(index.near('strangeld')).toEqual(['strangled']);
    expect(index.near('bleding')).toEqual(['bleeding']);
    expect(index.near('glasses')).toEqual([]); // differs only in the last letter
    expect(index.near('banging')).toEqual([]); // a different first letter
  });
});
