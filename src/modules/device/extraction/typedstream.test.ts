import { describe, expect, it } from 'vitest';
import { archiveText } from './testing.ts';
import { archivedText } from './typedstream.ts';

describe('attributedBody archives', () => {
  it('reads the string of an archive laid out as iOS writes it', () => {
    // The bytes of an archived "Hello", written out: header, class chain, '+', length 5, text.
    const hello = Buffer.from(
      '040b73747265616d747970656481e803840140848484124e5341747472696275746564537472696e67008484084e534f626a65637400859284848408' +
        '4e53537472696e67019484012b0548656c6c6f86',
      'hex',
    );
    expect(archivedText(hello)).toBe('Hello');
    expect(archiveText('Hello').subarray(0, hello.length)).toEqual(hello);
  });

  it('reads lengths written in one, three and five bytes', () => {
    for (const text of ['ok', 'é'.repeat(100), 'x'.repeat(70_000)])
      expect(archivedText(archiveText(text))).toBe(text);
  });

  it('gives nothing for bytes that are not such an archive, or that end too soon', () => {
    expect(archivedText(Buffer.from('streamtyped archived text'))).toBeUndefined();
    expect(archivedText(Buffer.from('NSString+\u0005Hello'))).toBeUndefined();
    const cut = archiveText('a longer message than this');
    expect(archivedText(cut.subarray(0, cut.indexOf('longer')))).toBeUndefined();
    const bad = archiveText('ab');
    bad[bad.indexOf('ab')] = 0xff;
    expect(archivedText(bad)).toBeUndefined();
  });
});
