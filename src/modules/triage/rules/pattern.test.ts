import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokens.ts';
import { compilePattern, findMatches } from './pattern.ts';

const match = (pattern: string, text: string) =>
  findMatches(
    compilePattern(pattern),
    tokenize(text).map((t) => [t]),
  );

describe('pattern language', () => {
  it('matches words in order with alternatives and prefixes', () => {
    expect(match('knife|gun', 'he has a gun')).toEqual([[3]]);
    expect(match('stab*', 'someone got stabbed')).toEqual([[2]]);
  });

  it('allows up to three words between by default, or as many as written', () => {
    expect(match('locked ~ door', 'he locked the front door')).toEqual([[1, 4]]);
    expect(match('locked ~ door', 'he locked it and then the front door')).toEqual([]);
    expect(match('locked ~6 door', 'he locked it and then the front door')).toEqual([[1, 7]]);
  });

  it('matches words joined by _ as consecutive words', () => {
    expect(match('right_now|now', 'they are here right now')).toEqual([[3, 4], [4]]);
  });

  it('skips an optional word', () => {
    expect(match('really? scared', 'i am scared')).toEqual([[2]]);
    expect(match('really? scared', 'really scared')).toEqual([[0, 1], [1]]);
  });

  it('refuses patterns it cannot read', () => {
    expect(() => compilePattern('~ knife')).toThrow(/start and end with a word/);
    expect(() => compilePattern('Knife')).toThrow(/bad word/);
  });
});
