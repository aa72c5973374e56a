import chisquareQuantile from "@stdlib/stats-base-dists-chisquare-quantile";
import { isMissing, type Interval } from "./types.ts";

/**
 * Exact Poisson limits for an observed count, from the chi-square distribution
 * (PHEindicatormethods' method for rates with fewer than 10 events).
 */
export function exactPoissonInterval(x: number | null | undefined, confidence = 0.95): Interval | null {
  if (isMissing(x)) return null;
  if (x < 0) throw new RangeError(`exactPoissonInterval needs x >= 0, got ${x}`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`exactPoissonInterval needs confidence in (0, 1), got ${confidence}`);
  }
  const alpha = 1 - confidence;
  return {
    // A chi-square with 0 degrees of freedom is a point mass at 0 (R's qchisq agrees); stdlib
    // would return NaN, and zero events must still give a lower limit of 0.
    lower: x === 0 ? 0 : chisquareQuantile(alpha / 2, 2 * x) / 2,
    upper: chisquareQuantile(confidence + alpha / 2, 2 * x + 2) / 2,
  };
}
