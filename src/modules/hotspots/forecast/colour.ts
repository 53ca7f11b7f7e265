/**
 * Sequential colour scale for risk maps: viridis (van der Walt & Smith, matplotlib, 2015), a
 * perceptually uniform scale that stays ordered for the common colour-vision deficiencies and in
 * greyscale print. Reversed here so low risk is light (yellow) and high risk dark (purple).
 * The anchors are viridis sampled at 0, 1/8, ..., 1.
 */
const VIRIDIS = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];

/** Colour at t in [0, 1] of reversed viridis (0 = lightest, 1 = darkest), linearly interpolated in sRGB. */
export function riskColour(t: number): string {
  const u = (1 - Math.min(1, Math.max(0, t))) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = rgb(VIRIDIS[i]!);
  const b = rgb(VIRIDIS[i + 1]!);
  return `#${a
    .map((v, k) =>
      Math.round(v + (b[k]! - v) * f)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}

/** The colours of k classes, lightest first. */
export function classColours(k: number): string[] {
  return Array.from({ length: k }, (_, i) => riskColour(k === 1 ? 1 : i / (k - 1)));
}

/**
 * Class breaks for positive risk values: the quantiles 0, 1/k, ..., 1 of the positive values,
 * with repeated breaks removed (so there may be fewer than k classes). Class i holds values in
 * (breaks[i], breaks[i+1]], the first class also its lower bound. Quantile classes give each
 * colour about the same number of cells, so the map does not turn into one colour plus a dot.
 */
export function classBreaks(values: ArrayLike<number>, k: number): number[] {
  const positive = Array.from(values)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  if (positive.length === 0) return [];
  const breaks: number[] = [];
  for (let j = 0; j <= k; j++) {
    const v = positive[Math.round((j / k) * (positive.length - 1))]!;
    if (breaks.length === 0 || v > breaks[breaks.length - 1]!) breaks.push(v);
  }
  if (breaks.length === 1) breaks.unshift(0);
  return breaks;
}

/** Class of a value given breaks (-1 for zero or negative risk). */
export function classOf(value: number, breaks: readonly number[]): number {
  if (!(value > 0) || breaks.length < 2) return -1;
  let lo = 0;
  let hi = breaks.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= breaks[mid + 1]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A number for people: 3 significant digits, thousands separated, no exponent. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-GB');
  const digits = Math.max(0, 2 - Math.floor(Math.log10(abs)));
  return Number(v.toFixed(Math.min(digits, 12))).toLocaleString('en-GB', { maximumFractionDigits: 12 });
}
