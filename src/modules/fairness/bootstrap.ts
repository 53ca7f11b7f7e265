/**
 * The Poisson bootstrap in one pass and bounded memory.
 *
 * The ordinary bootstrap resamples n rows with replacement; each row's multiplicity is then
 * Binomial(n, 1/n), which tends to Poisson(1). Drawing an independent Poisson(1) weight per row
 * and replicate gives a bootstrap that needs neither n in advance nor the rows in memory
 * (Hanley and MacGibbon 2006, "Creating non-parametric bootstrap samples using Poisson
 * frequencies", Computer Methods and Programs in Biomedicine 83; Chamandy, Muralidharan, Najmi
 * and Naik 2012, "Estimating uncertainty for massive data streams", Google Technical Report).
 *
 * Weights come from a counter-based generator keyed on (seed, row index, replicate), so a row
 * gets the same weights however the input is split into batches and however replicates are
 * spread over worker threads: results repeat exactly for a given seed.
 */

/** The 32-bit finaliser of MurmurHash3 (Appleby 2011): a bijective mix with full avalanche. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The key of a row: a mix of the seed and the row index (rows beyond 2^32 fold in the high bits). */
export function rowKey(seed: number, row: number): number {
  const high = Math.floor(row / 4294967296);
  return mix32((row >>> 0) ^ mix32(seed ^ Math.imul(high + 1, 0x27d4eb2d)));
}

/** Weyl increment (the golden ratio in 32 bits) separating the hashes of one row. */
const GOLDEN = 0x9e3779b9 | 0;

/**
 * Cumulative Poisson(1) probabilities scaled to 16 bits, P(K <= k) = e^-1 * sum_{j<=k} 1/j!
 * times 65536. One 32-bit hash serves two replicates (its low and high halves); a uniform
 * 16-bit v gives K = the number of thresholds v is at or above. The 16-bit resolution moves
 * each probability by less than 1/65536.
 */
export const POISSON1_THRESHOLDS: Uint32Array = (() => {
  const t = new Uint32Array(10);
  let term = Math.exp(-1);
  let cumulative = 0;
  for (let k = 0; k < t.length; k++) {
    if (k > 0) term /= k;
    cumulative += term;
    t[k] = Math.min(65536, Math.round(cumulative * 65536));
  }
  t[t.length - 1] = 65536;
  return t;
})();

const P0 = POISSON1_THRESHOLDS[0]!;
const P1 = POISSON1_THRESHOLDS[1]!;
const P2 = POISSON1_THRESHOLDS[2]!;
const P3 = POISSON1_THRESHOLDS[3]!;

/** Poisson(1) count of a 16-bit uniform value. */
function poisson16(v: number): number {
  let k = 0;
  while (v >= POISSON1_THRESHOLDS[k]!) k++;
  return k;
}

/** The 16-bit uniform of a row (by its key) in replicate r: half of the hash of pair r >> 1. */
function uniform16(key: number, r: number): number {
  const h = mix32(((key | 0) + Math.imul(r >>> 1, GOLDEN)) | 0);
  return (r & 1) === 0 ? h & 0xffff : h >>> 16;
}

/** The Poisson(1) weight of a row (by its key) in replicate r. */
export function poissonWeight(key: number, r: number): number {
  return poisson16(uniform16(key, r));
}

/**
 * Replicate confusion counts for replicates [from, to): slot (cell * 4 + kind) by replicate,
 * laid out slot-major so that one row's weights land in one contiguous run.
 * `kind` is predicted * 2 + outcome: 0 TN, 1 FN, 2 FP, 3 TP.
 */
export class BootstrapTally {
  readonly from: number;
  readonly to: number;
  readonly seed: number;
  private cellCapacity = 16;
  counts: Float64Array;

  constructor(seed: number, from: number, to: number) {
    this.seed = seed;
    this.from = from;
    this.to = to;
    this.counts = new Float64Array(this.cellCapacity * 4 * (to - from));
  }

  get replicates(): number {
    return this.to - this.from;
  }

  private grow(cell: number): void {
    while (this.cellCapacity <= cell) this.cellCapacity *= 2;
    const next = new Float64Array(this.cellCapacity * 4 * this.replicates);
    next.set(this.counts);
    this.counts = next;
  }

  /** Adds a batch of rows numbered from `firstRow`. */
  addBatch(cells: Int32Array, kinds: Uint8Array, length: number, firstRow: number): void {
    const width = this.to - this.from;
    const from = this.from;
    const to = this.to;
    const seed = this.seed;
    for (let i = 0; i < length; i++) {
      const cell = cells[i]!;
      if (cell < 0) continue;
      if (cell >= this.cellCapacity) this.grow(cell);
      const counts = this.counts;
      const base = (cell * 4 + kinds[i]!) * width;
      const key = rowKey(seed, firstRow + i) | 0;
      let r = from;
      // An odd first replicate uses the high half of its pair's hash on its own.
      if ((r & 1) === 1) {
        counts[base]! += poissonWeight(key, r);
        r++;
      }
      // Two replicates per hash; weights 0-3 without branches, 4 and more (1.9%) by lookup.
      for (; r < to; r += 2) {
        const h = mix32((key + Math.imul(r >>> 1, GOLDEN)) | 0);
        const lo = h & 0xffff;
        const hi = h >>> 16;
        const at = base + r - from;
        counts[at]! +=
          lo >= P3 ? poisson16(lo) : (lo >= P0 ? 1 : 0) + (lo >= P1 ? 1 : 0) + (lo >= P2 ? 1 : 0);
        if (r + 1 < to) {
          counts[at + 1]! +=
            hi >= P3 ? poisson16(hi) : (hi >= P0 ? 1 : 0) + (hi >= P1 ? 1 : 0) + (hi >= P2 ? 1 : 0);
        }
      }
    }
  }

  /** Counts for `cells` cells as [replicate][cell * 4 + kind], for replicates from..to. */
  byReplicate(cells: number): Float64Array[] {
    const width = this.replicates;
    const out: Float64Array[] = [];
    for (let r = 0; r < width; r++) {
      const rep = new Float64Array(cells * 4);
      for (let slot = 0; slot < cells * 4 && slot < this.cellCapacity * 4; slot++) {
        rep[slot] = this.counts[slot * width + r]!;
      }
      out.push(rep);
    }
    return out;
  }

  /** Merges another tally's counts (same replicate range). */
  static fromCounts(seed: number, from: number, to: number, counts: Float64Array): BootstrapTally {
    const t = new BootstrapTally(seed, from, to);
    t.cellCapacity = counts.length / (4 * (to - from));
    t.counts = counts;
    return t;
  }
}
