import { describe, expect, it } from 'vitest';
import { cramersV, proxyCheck } from './proxy.ts';

/** Deterministic pseudo-random numbers (xorshift32). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

describe("Cramér's V", () => {
  it('is 1 for a perfect association and 0 for independence (uncorrected)', () => {
    expect(
      cramersV([
        [50, 0],
        [0, 50],
      ]).raw,
    ).toBeCloseTo(1, 12);
    expect(
      cramersV([
        [25, 25],
        [25, 25],
      ]).raw,
    ).toBeCloseTo(0, 12);
  });

  it('matches a hand computation with the Bergsma correction', () => {
    // chi2 for [[10, 20], [30, 40]]: n = 100; expected 12, 18, 28, 42.
    const chi = 4 / 12 + 4 / 18 + 4 / 28 + 4 / 42;
    const c = cramersV([
      [10, 20],
      [30, 40],
    ]);
    expect(c.chiSquare).toBeCloseTo(chi, 12);
    expect(c.raw).toBeCloseTo(Math.sqrt(chi / 100), 12);
    const phi2c = Math.max(0, chi / 100 - 1 / 99);
    const kc = 2 - 1 / 99;
    expect(c.v).toBeCloseTo(Math.sqrt(phi2c / (kc - 1)), 12);
  });
});

describe('proxy check', () => {
  const next = rng(12345);
  const groups = ['A', 'B', 'C'];
  // Postcode district is a constructed proxy: each district is 90% one group.
  const rows = Array.from({ length: 3000 }, () => {
    const g = Math.floor(next() * 3);
    const district = next() < 0.9 ? g * 10 + Math.floor(next() * 10) : Math.floor(next() * 30);
    return {
      ethnicity: groups[g]!,
      postcode: `NE${district}`,
      shoeSize: String(36 + Math.floor(next() * 12)),
      income: String(20000 + g * 4000 + next() * 30000),
    };
  });

  it('flags a constructed proxy and not an unrelated feature', () => {
    const findings = proxyCheck(rows, ['postcode', 'shoeSize', 'income'], ['ethnicity']);
    const post = findings.find((f) => f.feature === 'postcode')!;
    const shoe = findings.find((f) => f.feature === 'shoeSize')!;
    expect(post.flagged).toBe(true);
    expect(post.cramersV).toBeGreaterThan(0.7);
    expect(post.strength).toBe('strong');
    expect(shoe.flagged).toBe(false);
    expect(shoe.cramersV).toBeLessThan(0.1);
    expect(findings[0]!.feature).toBe('postcode');
    const income = findings.find((f) => f.feature === 'income')!;
    expect(income.note).toContain('deciles');
    expect(income.featureLevels).toBe(10);
  });

  it('skips identifiers with too many levels', () => {
    const ids = rows.map((r, i) => ({ ...r, id: String(i) }));
    const [f] = proxyCheck(ids, ['id'], ['ethnicity'], { maxLevels: 100, maxNumericLevels: 1e9 });
    expect(f!.note).toContain('identifier');
    expect(f!.flagged).toBe(false);
  });
});
