/** A two-sided confidence interval on the scale of the statistic it belongs to. */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * A metric's direction from the catalogue: `up` (higher is better), `down` (lower is better)
 * or `context` (no direction, so nothing is judged better or worse).
 */
export type MetricDirection = "up" | "down" | "context";

/** Counts arrive from SQL and CSV where a missing value is null; treat NaN the same way. */
export function isMissing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}
