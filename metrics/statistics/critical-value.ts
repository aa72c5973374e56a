import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * The standard normal quantile for a two-sided interval, computed as PHEindicatormethods does
 * (`qnorm(confidence + (1 - confidence) / 2)`) so results agree with its published tables to
 * the last few bits.
 */
export function twoSidedZ(confidence: number): number {
  if (!(confidence > 0 && confidence <= 1)) {
    throw new RangeError(`confidence must be in (0, 1], got ${confidence}`);
  }
  return normalQuantile(confidence + (1 - confidence) / 2, 0, 1);
}
