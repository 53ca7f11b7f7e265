import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalOrder,
  checkMapping,
  countCategories,
  insideGreatBritain,
  monthName,
  packEvents,
  parseMappingJson,
  sha256Hex,
  unpackEvents,
} from './model.ts';

const event = fc.record({
  t: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  x: fc.double({ noNaN: true, noDefaultInfinity: true }),
  y: fc.double({ noNaN: true, noDefaultInfinity: true }),
  category: fc.string({ maxLength: 12 }),
});

describe('packed events', () => {
  it('round-trip exactly, whatever the times, places and crime type names', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        expect(unpackEvents(packEvents(events))).toEqual(events.map((e) => ({ ...e })));
      }),
    );
  });

  it('pack equal data to equal bytes once in canonical order, whatever the file order', () => {
    const a = [
      { t: 5, x: 2, y: 1, category: 'Burglary' },
      { t: 5, x: 1, y: 1, category: 'Robbery' },
      { t: 1, x: 9, y: 9, category: 'Drugs' },
    ];
    const b = [a[2]!, a[0]!, a[1]!].map((e) => ({ ...e }));
    expect(sha256Hex(packEvents(canonicalOrder(a)))).toBe(sha256Hex(packEvents(canonicalOrder(b))));
    expect(canonicalOrder(a).map((e) => e.category)).toEqual(['Drugs', 'Robbery', 'Burglary']);
  });

  it('refuse anything that is not a packed table', () => {
    expect(() => unpackEvents(new Uint8Array(8))).toThrow('not a packed crime event table');
    const packed = packEvents([{ t: 1, x: 1, y: 1, category: 'A' }]);
    expect(() => unpackEvents(packed.subarray(0, packed.length - 1))).toThrow('wrong length');
  });

  it('count crime types, most common first', () => {
    const e = (category: string) => ({ t: 0, x: 0, y: 0, category });
    expect(countCategories([e('B'), e('A'), e('B'), e('C'), e('A'), e('B')])).toEqual([
      { name: 'B', count: 3 },
      { name: 'A', count: 2 },
      { name: 'C', count: 1 },
    ]);
  });
});

describe('mappings and places', () => {
  const ok = {
    time: { columns: ['Date'], format: 'YYYY-MM-DD' },
    coordinates: { x: 'E', y: 'N', crs: 'EPSG:27700' },
    category: 'Type',
  };

  it('accept the two coordinate systems and require a crime type column', () => {
    expect(checkMapping(ok).issues).toEqual([]);
    expect(checkMapping({ ...ok, coordinates: { ...ok.coordinates, crs: 'EPSG:4326' } }).issues).toEqual([]);
    expect(checkMapping({ ...ok, category: undefined }).issues.map((i) => i.path)).toEqual([
      'mapping.category',
    ]);
    expect(checkMapping({ ...ok, coordinates: { ...ok.coordinates, crs: 'EPSG:32630' } }).issues).toEqual([
      { path: 'mapping.coordinates.crs', message: 'must be one of EPSG:4326, EPSG:27700' },
    ]);
    expect(parseMappingJson('').issues[0]?.message).toContain("is required when the preset is 'mapped'");
    expect(parseMappingJson('[').issues[0]?.message).toMatch(/^is not valid JSON/);
  });

  it('know the national grid extent and name months', () => {
    expect(insideGreatBritain({ x: 532_000, y: 181_000 })).toBe(true);
    expect(insideGreatBritain({ x: -5, y: 181_000 })).toBe(false);
    expect(insideGreatBritain({ x: 532_000, y: 1_400_000 })).toBe(false);
    expect(monthName('2020-11')).toBe('November 2020');
  });
});
