import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../random.ts';
import { hashWords, indexLists, PdqIndex } from './index.ts';
import { hamming } from './pdq.ts';

/** A seeded random hash. */
function randomHash(random: () => number): string {
  let s = '';
  for (let i = 0; i < 8; i++)
    s += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return s;
}

/** `hash` with `n` distinct bits flipped, chosen by `random`. */
function flipBits(hash: string, n: number, random: () => number): string {
  const w = hashWords(hash);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(Math.floor(random() * 256));
  for (const b of chosen) w[b >> 4]! ^= 1 << (b & 15);
  return Array.from(w, (x) => x.toString(16).padStart(4, '0')).join('');
}

const key = (m: { hash: string; distance: number; payload: number }) => `${m.payload}:${m.distance}`;

describe('PdqIndex (multi-index hashing)', () => {
  const random = mulberry32(7);
  const index = new PdqIndex<number>();
  const stored: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    stored.push(randomHash(random));
    index.add(stored[i]!, i);
  }
  // near neighbours of the first 40 stored hashes, at the boundary distances and around them
  const distances = [0, 1, 15, 16, 17, 30, 31, 32, 33, 47, 48];
  const queries: Array<{ hash: string; of: number; distance: number }> = [];
  for (let i = 0; i < 40; i++) {
    const distance = distances[i % distances.length]!;
    queries.push({ hash: flipBits(stored[i]!, distance, random), of: i, distance });
  }

  it('returns exactly what a linear scan returns, at thresholds probed and scanned', () => {
    const all = [...queries.map((q) => q.hash), ...Array.from({ length: 40 }, () => randomHash(random))];
    for (const threshold of [0, 1, 15, 16, 31, 32, 47, 48, 100]) {
      for (const q of all) {
        const got = index.query(q, threshold);
        expect(got.map(key).sort(), `threshold ${threshold}`).toEqual(
          index.linearScan(q, threshold).map(key).sort(),
        );
        for (const m of got) expect(m.distance).toBe(hamming(m.hash, q));
      }
    }
  });

  it('finds a hash at distance 31 and not one at 32, with the default threshold', () => {
    for (const q of queries) {
      const found = index.query(q.hash).some((m) => m.payload === q.of && m.distance === q.distance);
      expect(found, `planted at distance ${q.distance}`).toBe(q.distance <= 31);
    }
    // random 256-bit hashes are ~128 apart: nothing else is found
    const stray = index.query(queries.find((q) => q.distance === 31)!.hash);
    expect(stray.map((m) => m.payload)).toEqual([queries.find((q) => q.distance === 31)!.of]);
  });

  it('sorts nearest first, answers in either case and sees hashes added after a query', () => {
    const extra = new PdqIndex<string>();
    const base = randomHash(random);
    extra.add(flipBits(base, 20, random), 'far');
    expect(extra.query(base).map((m) => m.payload)).toEqual(['far']);
    extra.add(base.toUpperCase(), 'same');
    expect(extra.query(base).map((m) => [m.payload, m.distance])).toEqual([
      ['same', 0],
      ['far', 20],
    ]);
    expect(extra.query(base)[0]!.hash).toBe(base);
    expect(extra.size).toBe(2);
    expect(() => extra.add('xyz', 'bad')).toThrow(/not a PDQ hash/);
    expect(() => extra.query(base, 257)).toThrow(/threshold/);
  });

  it('indexes several lists, each match naming its list and label', () => {
    const h = randomHash(random);
    const both = indexLists([
      { name: 'Scheme A', hashes: [{ hash: h, label: 'a-1' }] },
      { name: 'Scheme B', hashes: [{ hash: flipBits(h, 3, random), label: null }] },
    ]);
    expect(both.query(h).map((m) => [m.payload.list, m.payload.label, m.distance])).toEqual([
      ['Scheme A', 'a-1', 0],
      ['Scheme B', null, 3],
    ]);
  });
});
