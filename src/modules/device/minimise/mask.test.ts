import { describe, expect, it } from 'vitest';
import { detect } from './detect.ts';
import { MaskError, mask, maskExcept, maskOthers } from './mask.ts';

describe('mask', () => {
  const text = 'its dave smith, call 07700 900123';

  it('replaces each span with its type and lists what was hidden with both offsets', () => {
    const result = mask(text, detect(text));
    expect(result.text).toBe('its [PERSON], call [PHONE]');
    expect(result.masked.map((m) => [m.type, m.start, m.end, m.maskedStart, m.maskedEnd])).toEqual([
      ['PERSON', 4, 14, 4, 12],
      ['PHONE', 21, 33, 19, 26],
    ]);
  });

  it('masks only the types asked for', () => {
    expect(mask(text, detect(text), { types: ['PHONE'] }).text).toBe('its dave smith, call [PHONE]');
  });

  it('refuses overlapping spans', () => {
    expect(() =>
      mask(text, [
        { type: 'PERSON', start: 4, end: 14, text: 'dave smith' },
        { type: 'PERSON', start: 9, end: 14, text: 'smith' },
      ]),
    ).toThrow(MaskError);
  });

  it('keeps allowed values visible, in any case, and each word of an allowed name', () => {
    expect(maskExcept(text, detect(text), ['Dave Smith']).text).toBe('its dave smith, call [PHONE]');
    expect(maskOthers('dave said ring kayleigh', ['Dave Smith'])).toMatchObject({
      text: 'dave said ring [PERSON]',
      masked: 1,
      types: { PERSON: 1 },
    });
  });
});
