/**
 * Decimal rounding as the HMPPS actuarial service does it (Java `BigDecimal(double)` with
 * `RoundingMode.HALF_UP`): the exact binary value of the double is rounded, halves away from
 * zero. `Number.prototype.toFixed` has the same semantics (ECMA-262: the nearest n / 10^f to the
 * exact value, the larger n on a tie, sign handled separately), so 0.235, whose double is
 * 0.23499999999999998..., rounds to 0.23 in both.
 */
export function roundHalfUp(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * A probability as a whole percentage, as the published tool reports it: the probability is
 * first rounded to 5 decimals, then multiplied by 100 and rounded half up to an integer, and
 * finally kept within 1..99 (the tool never reports 0% or 100%).
 */
export function probabilityToPercent(probability: number): number {
  const fiveDecimals = roundHalfUp(probability, 5);
  // Rounding to 2 decimals then scaling is the same as scaling by 100 then rounding to 0 decimals.
  const percent = Math.round(roundHalfUp(fiveDecimals, 2) * 100);
  return Math.min(99, Math.max(1, percent));
}
