/**
 * Score histograms per cell in bounded memory, for AUC and calibration.
 *
 * While a score has at most MAX_BINS distinct values (risk deciles, bands, rounded
 * probabilities) every distinct value is its own bin, so AUC and calibration are exact. Past
 * that, the histogram switches to MAX_BINS equal-width bins over the range seen so far, and
 * doubles the bin width (merging neighbours) whenever a score falls outside it; ties within a
 * bin then count as half, so the AUC is exact up to the bin width.
 */
export const MAX_BINS = 2048;

export interface HistogramSummary {
  /** 'distinct' (exact) or 'binned' (equal-width bins). */
  mode: 'distinct' | 'binned';
  /** Representative score of each bin in ascending order (the value, or the bin midpoint). */
  values: Float64Array;
  /** Lower and upper bound of each bin (equal for distinct values). */
  lower: Float64Array;
  upper: Float64Array;
  /** Per cell: rows with a positive outcome per bin, and with a negative outcome per bin. */
  positives: Float64Array[];
  negatives: Float64Array[];
}

export class ScoreHistogram {
  private mode: 'distinct' | 'binned' = 'distinct';
  private readonly index = new Map<number, number>();
  private readonly distinctValues: number[] = [];
  private lo = 0;
  private width = 1;
  private cellCapacity = 8;
  private pos = new Float64Array(this.cellCapacity * MAX_BINS);
  private neg = new Float64Array(this.cellCapacity * MAX_BINS);

  /** Counts one score of a row in `cell` with outcome 0 or 1; NaN scores are skipped. */
  add(cell: number, score: number, outcome: number): void {
    if (Number.isNaN(score)) return;
    if (cell >= this.cellCapacity) this.grow(cell);
    const bin = this.binOf(score);
    if (outcome === 1) this.pos[cell * MAX_BINS + bin]! += 1;
    else this.neg[cell * MAX_BINS + bin]! += 1;
  }

  private grow(cell: number): void {
    let cap = this.cellCapacity;
    while (cap <= cell) cap *= 2;
    const pos = new Float64Array(cap * MAX_BINS);
    const neg = new Float64Array(cap * MAX_BINS);
    pos.set(this.pos);
    neg.set(this.neg);
    this.pos = pos;
    this.neg = neg;
    this.cellCapacity = cap;
  }

  private binOf(score: number): number {
    if (this.mode === 'distinct') {
      const found = this.index.get(score);
      if (found !== undefined) return found;
      if (this.distinctValues.length < MAX_BINS) {
        const bin = this.distinctValues.length;
        this.distinctValues.push(score);
        this.index.set(score, bin);
        return bin;
      }
      this.switchToBins(score);
    }
    while (score < this.lo) this.expandLeft();
    while (score >= this.lo + MAX_BINS * this.width) this.expandRight();
    return Math.min(MAX_BINS - 1, Math.floor((score - this.lo) / this.width));
  }

  private switchToBins(next: number): void {
    let min = next;
    let max = next;
    for (const v of this.distinctValues) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.mode = 'binned';
    this.lo = min;
    this.width = ((max - min) / MAX_BINS) * (1 + 1e-9) || 1;
    const values = this.distinctValues.slice();
    this.index.clear();
    this.distinctValues.length = 0;
    const bins = values.map((v) => Math.min(MAX_BINS - 1, Math.floor((v - this.lo) / this.width)));
    for (const counts of [this.pos, this.neg]) {
      const row = new Float64Array(MAX_BINS);
      for (let c = 0; c < this.cellCapacity; c++) {
        row.fill(0);
        const base = c * MAX_BINS;
        for (let i = 0; i < values.length; i++) row[bins[i]!]! += counts[base + i]!;
        counts.set(row, base);
      }
    }
  }

  /** Doubles the width keeping `lo`: new bin j holds old bins 2j and 2j+1. */
  private expandRight(): void {
    const half = MAX_BINS / 2;
    for (const counts of [this.pos, this.neg]) {
      for (let c = 0; c < this.cellCapacity; c++) {
        const base = c * MAX_BINS;
        for (let j = 0; j < half; j++) counts[base + j] = counts[base + 2 * j]! + counts[base + 2 * j + 1]!;
        counts.fill(0, base + half, base + MAX_BINS);
      }
    }
    this.width *= 2;
  }

  /** Doubles the width extending left: old bin i moves to MAX_BINS/2 + floor(i/2). */
  private expandLeft(): void {
    const half = MAX_BINS / 2;
    for (const counts of [this.pos, this.neg]) {
      for (let c = 0; c < this.cellCapacity; c++) {
        const base = c * MAX_BINS;
        for (let j = MAX_BINS - 1; j >= half; j--) {
          const i = 2 * (j - half);
          counts[base + j] = counts[base + i]! + counts[base + i + 1]!;
        }
        counts.fill(0, base, base + half);
      }
    }
    this.lo -= MAX_BINS * this.width;
    this.width *= 2;
  }

  /** Bins in ascending score order with per-cell counts, for `cells` cells. */
  summary(cells: number): HistogramSummary {
    let order: number[];
    let values: Float64Array;
    let lower: Float64Array;
    let upper: Float64Array;
    if (this.mode === 'distinct') {
      order = this.distinctValues
        .map((_, i) => i)
        .sort((a, b) => this.distinctValues[a]! - this.distinctValues[b]!);
      values = Float64Array.from(order, (i) => this.distinctValues[i]!);
      lower = values.slice();
      upper = values.slice();
    } else {
      order = [];
      for (let b = 0; b < MAX_BINS; b++) {
        let any = false;
        for (let c = 0; c < Math.min(cells, this.cellCapacity) && !any; c++) {
          any = this.pos[c * MAX_BINS + b]! > 0 || this.neg[c * MAX_BINS + b]! > 0;
        }
        if (any) order.push(b);
      }
      lower = Float64Array.from(order, (b) => this.lo + b * this.width);
      upper = Float64Array.from(order, (b) => this.lo + (b + 1) * this.width);
      values = Float64Array.from(order, (b) => this.lo + (b + 0.5) * this.width);
    }
    const positives: Float64Array[] = [];
    const negatives: Float64Array[] = [];
    for (let c = 0; c < cells; c++) {
      const inRange = c < this.cellCapacity;
      positives.push(Float64Array.from(order, (b) => (inRange ? this.pos[c * MAX_BINS + b]! : 0)));
      negatives.push(Float64Array.from(order, (b) => (inRange ? this.neg[c * MAX_BINS + b]! : 0)));
    }
    return { mode: this.mode, values, lower, upper, positives, negatives };
  }
}
