import { twoSidedZ } from "./critical-value.ts";
import { isMissing, type Interval } from "./types.ts";

/**
 * Wilson score interval for a proportion x/n, as PHEindicatormethods' `wilson_lower`/`wilson_upper`.
 *
 * Returns null when either count is missing or n is 0 (no proportion to bound). x need not be an
 * integer: the package accepts fractional numerators and so do we.
 */
export function wilsonInterval(
  x: number | null | undefined,
  n: number | null | undefined,
  confidence = 0.95,
): Interval | null {
  if (isMissing(x) || isMissing(n) || n === 0) return null;
  if (n < 0 || x < 0 || x > n) {
    throw new RangeError(`wilsonInterval needs 0 <= x <= n, got x=${x}, n=${n}`);
  }
  // z is infinite at 100% confidence; the formula would give NaN, the package gives the whole range.
  if (confidence === 1) return { lower: 0, upper: 1 };
  const z = twoSidedZ(confidence);
  // Same operation order as the package, so floating-point results match its tables closely.
  const spread = z * Math.sqrt(z ** 2 + 4 * x * (1 - x / n));
  return {
    lower: (2 * x + z ** 2 - spread) / 2 / (n + z ** 2),
    upper: (2 * x + z ** 2 + spread) / 2 / (n + z ** 2),
  };
}
