import { mulberry32 } from '../../../random.ts';

/**
 * Splits row indices 0..n-1 into training and held-out sets: a Fisher-Yates shuffle with the
 * seeded generator, then the first round(n × holdout) shuffled rows are held out. Both lists are
 * returned in ascending order.
 */
export function splitIndices(
  n: number,
  holdout: number,
  seed: number,
): { train: number[]; heldOut: number[] } {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.round(n * holdout);
  const byIndex = (a: number, b: number) => a - b;
  return { heldOut: order.slice(0, cut).sort(byIndex), train: order.slice(cut).sort(byIndex) };
}
