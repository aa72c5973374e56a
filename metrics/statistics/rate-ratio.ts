import { twoSidedZ } from "./critical-value.ts";
import { isMissing } from "./types.ts";

/** A ratio of two rates with its confidence interval (no change = 1). */
export interface RatioWithInterval {
  ratio: number;
  lower: number;
  upper: number;
}

/**
 * Ratio of two rates (x1/d1) / (x2/d2) with the log-normal interval
 * exp(ln RR ± z * sqrt(1/x1 + 1/x2)), treating the counts as Poisson and the denominators as
 * fixed. Any multiplier (per 1,000 days, per decedent) cancels, so pass raw counts and
 * denominators. Null when a count is 0 (the log ratio is undefined) or a denominator is empty.
 */
export function rateRatio(
  x1: number | null | undefined,
  d1: number | null | undefined,
  x2: number | null | undefined,
  d2: number | null | undefined,
  confidence = 0.95,
): RatioWithInterval | null {
  if (isMissing(x1) || isMissing(d1) || isMissing(x2) || isMissing(d2)) return null;
  if (x1 < 0 || x2 < 0 || d1 < 0 || d2 < 0) {
    throw new RangeError(`rateRatio needs non-negative counts, got ${x1}/${d1} vs ${x2}/${d2}`);
  }
  if (x1 === 0 || x2 === 0 || d1 === 0 || d2 === 0) return null;
  const ratio = x1 / d1 / (x2 / d2);
  const halfWidth = twoSidedZ(confidence) * Math.sqrt(1 / x1 + 1 / x2);
  return {
    ratio,
    lower: Math.exp(Math.log(ratio) - halfWidth),
    upper: Math.exp(Math.log(ratio) + halfWidth),
  };
}
