/**
 * mulberry32: a small, fast 32-bit seeded pseudo-random generator (Tommy Ettinger's public-domain
 * design). Deterministic for a seed, so data splits, synthetic test worlds and benchmarks repeat.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
