import { describe, expect, it } from 'vitest';
import { HashListError, parseHashList } from './lists.ts';

const A = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
const B = '54a977c221d14c1c43ba5e6e21d4a13989a3553f1462611cbb85fda7be83b677';

describe('parseHashList', () => {
  it('reads the name, source, hashes and labels, skipping comments and blank lines', () => {
    const text = `\uFEFF# name: Scheme test list\r\n# source:  Test scheme 2026 \r\n# any other comment\r\n\r\n${A}\r\n${B.toUpperCase()}\tcat 12 / a\r\n`;
    expect(parseHashList(text, 'list.txt')).toEqual({
      name: 'Scheme test list',
      source: 'Test scheme 2026',
      hashes: [
        { hash: A, label: null, line: 5 },
        { hash: B, label: 'cat 12 / a', line: 6 },
      ],
    });
  });

  it('leaves name and source null when the file does not give them', () => {
    expect(parseHashList(`${A}\n`, 'x.txt')).toEqual({
      name: null,
      source: null,
      hashes: [{ hash: A, label: null, line: 1 }],
    });
  });

  it('names the file and line of a malformed hash', () => {
    const text = `# name: x\n${A}\n${A.slice(0, 63)} short\n`;
    expect(() => parseHashList(text, 'known.txt')).toThrow(HashListError);
    expect(() => parseHashList(text, 'known.txt')).toThrow(
      /^known\.txt line 3: ".{20}\.\.\." is not a PDQ hash .*63 characters/,
    );
    expect(() => parseHashList(`${A}\n\nzz${A.slice(2)}`, 'k.txt')).toThrow(/^k\.txt line 3: /);
    expect(() => parseHashList(`${A},label`, 'k.txt')).toThrow(/^k\.txt line 1: /);
    expect(() => parseHashList(`${A} ${'x'.repeat(201)}`, 'k.txt')).toThrow(
      /^k\.txt line 1: label longer than 200/,
    );
  });
});
