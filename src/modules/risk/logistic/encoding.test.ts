import { describe, expect, it } from 'vitest';
import { designColumns, EncodingError, encodeRow, fitEncoding } from './encoding.ts';

const rows = [
  { n: '1', c: 'F' },
  { n: '2', c: 'M' },
  { n: '3', c: 'F' },
];

describe('encoding', () => {
  it('standardises numeric features and one-hot encodes against the most common level', () => {
    const specs = fitEncoding(rows, ['n'], ['c']);
    // mean 2, population sd sqrt(((1-2)² + 0 + (3-2)²) / 3) = sqrt(2/3)
    expect(specs[0]).toEqual({ name: 'n', kind: 'numeric', mean: 2, sd: Math.sqrt(2 / 3) });
    expect(specs[1]).toEqual({ name: 'c', kind: 'categorical', reference: 'F', levels: ['M'] });
    expect(designColumns(specs)).toEqual(['n', 'c = M']);
    const encoded = encodeRow(specs, { n: 3, c: 'M' }, 1);
    expect(encoded[0]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(encoded[1]).toBe(1);
  });

  it('names the row and column of a bad value', () => {
    const specs = fitEncoding(rows, ['n'], ['c']);
    expect(() => encodeRow(specs, { n: 'x', c: 'F' }, 7)).toThrow(EncodingError);
    expect(() => encodeRow(specs, { n: '1', c: 'O' }, 7)).toThrow(/not a level the model knows \(F, M\)/);
    expect(encodeRow(specs, { n: '2', c: 'O' }, 7, 'reference')).toEqual([0, 0]);
    expect(() => fitEncoding([{ n: '1' }, { n: '1' }], ['n'], [])).toThrow(/same value/);
  });
});
