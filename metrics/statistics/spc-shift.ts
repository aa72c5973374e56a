/**
 * Limits that no longer describe the process (catalogue, Comparisons: SPC). When the latest `runLength` or more
 * points of a series' last rebase group all lie on one side of its centre line, the process has shifted and the
 * limits are out of date: the product proposes a recalculation at the first month of that run. Nothing is
 * rebased without the config saying so.
 */

export interface ShiftPoint {
  x: string;
  /** -1 below the centre line, 1 above, 0 on it (a point on the line ends a run) */
  relative_to_mean: -1 | 0 | 1;
  rebase_group: number;
}

export interface Shift {
  side: "above" | "below";
  /** index of the run's first point, and its number of points */
  start: number;
  points: number;
  from: string;
  to: string;
}

/** The run of points on one side of the centre line that ends the series, when it has `runLength` or more. */
export function latestShift(points: readonly ShiftPoint[], runLength: number): Shift | null {
  const last = points.at(-1);
  if (!last || last.relative_to_mean === 0) return null;
  let start = points.length - 1;
  while (
    start > 0 &&
    points[start - 1]!.rebase_group === last.rebase_group &&
    points[start - 1]!.relative_to_mean === last.relative_to_mean
  )
    start -= 1;
  const length = points.length - start;
  if (length < runLength) return null;
  return { side: last.relative_to_mean > 0 ? "above" : "below", start, points: length, from: points[start]!.x, to: last.x };
}

export interface RebaseEntry {
  month: string;
  keep?: boolean;
}

/**
 * The config entry that accepts a shift starting in `month`: a rebase there or later, or a `keep` entry on or
 * before it (the alliance has seen the shift and keeps its limits). Null when none does.
 */
export function acceptingEntry(entries: readonly RebaseEntry[], month: string): string | null {
  const rebase = entries.filter((e) => !e.keep && e.month >= month).map((e) => e.month).sort()[0];
  if (rebase) return rebase;
  return entries.some((e) => e.keep && e.month <= month) ? "keep" : null;
}

/** The value range a metric's limits are clipped to: 0-1 for a proportion, from 0 for a rate or count. */
export function clipLimits(
  lower: number | null,
  upper: number | null,
  range: { min: number; max: number | null },
): { lower: number | null; upper: number | null; clipped: "lower" | "upper" | "both" | null } {
  const lowClipped = lower !== null && lower < range.min;
  const highClipped = upper !== null && range.max !== null && upper > range.max;
  return {
    lower: lowClipped ? range.min : lower,
    upper: highClipped ? range.max : upper,
    clipped: lowClipped && highClipped ? "both" : lowClipped ? "lower" : highClipped ? "upper" : null,
  };
}

/** The median of a list (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
