/**
 * Selection and scoring (PROTOCOL.md section 7): risks rounded to 10 significant digits, the
 * top n = floor(N * coverage) cells chosen with ties going to the larger row-major index (what
 * open_cp's `top_slice` does), hits counted over all test events.
 */

/** Rounds to 10 significant digits so mathematically equal risks tie whatever the summation order. */
export function r10(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(10));
}

/** Number of cells selected at a coverage, in IEEE double as the protocol says. */
export function cellsAtCoverage(nMasked: number, coverage: number): number {
  return Math.floor(nMasked * coverage);
}

/**
 * Rank of each study cell (0 = highest risk) after r10 rounding. `risk` is parallel to the
 * ascending study cells, so a larger position means a larger row-major index: ties go to it.
 * Non-finite risks rank last.
 */
export function rankCells(risk: Float64Array): Int32Array {
  const n = risk.length;
  const rounded = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = risk[k] as number;
    rounded[k] = Number.isNaN(v) ? Number.NEGATIVE_INFINITY : r10(v);
  }
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => (rounded[b] as number) - (rounded[a] as number) || b - a);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r] as number] = r;
  return rank;
}

/**
 * Hits of one period at each selection size: a test event is a hit when its cell's rank is
 * below n. `testPositions` holds each test event's study position, or -1 outside the study area.
 */
export function countHits(rank: Int32Array, testPositions: Int32Array, sizes: readonly number[]): number[] {
  const hits = sizes.map(() => 0);
  for (const p of testPositions) {
    if (p < 0) continue;
    const r = rank[p] as number;
    for (let i = 0; i < sizes.length; i++) if (r < (sizes[i] as number)) hits[i] = (hits[i] as number) + 1;
  }
  return hits;
}

/** Prediction Accuracy Index: hit rate divided by the nominal coverage. */
export function pai(hitRate: number, coverage: number): number {
  return hitRate / coverage;
}
