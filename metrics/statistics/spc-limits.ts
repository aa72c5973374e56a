/**
 * XmR process limits exactly as NHSRplotthedots' `ptd_spc_standard` computes them
 * (commit 050b07d, v0.2.2), including its outlier screening of moving ranges.
 */

/** Natural process limits sit 2.66 mean moving ranges (3 sigma) from the mean. */
export const LIMIT_MULTIPLIER = 2.66;
/** The "close to limits" lines sit at 2 sigma; written as the package writes it so the doubles agree. */
export const TWO_SIGMA_MULTIPLIER = 2 * (LIMIT_MULTIPLIER / 3);
/** Moving ranges at least this many times the mean moving range are dropped before the limits. */
export const MOVING_RANGE_SCREEN_MULTIPLIER = 3.267;

export interface ProcessLimits {
  /** Mean of the points used for the calculation; null when no point is used. */
  mean: number | null;
  /** Mean moving range after screening; null when fewer than two consecutive points are used. */
  meanMovingRange: number | null;
  lpl: number | null;
  upl: number | null;
  /** Lower and upper 2-sigma lines. */
  nlpl: number | null;
  nupl: number | null;
}

/**
 * R's `mean()` accumulates in long double and then adds the mean residual; a second pass over the
 * residuals recovers most of that accuracy in doubles, keeping run and limit comparisons on the
 * same side as the package for values that sit very near the mean.
 */
export function accurateMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  const first = sum / values.length;
  let residual = 0;
  for (const value of values) residual += value - first;
  return first + residual / values.length;
}

/**
 * Limits for one rebase group. `usedForLimits[i]` says whether point i feeds the calculation (the
 * package's `fix_y`): the mean uses those points and a moving range exists only between two
 * consecutive used points, so points left out never bridge a gap.
 */
export function processLimits(
  values: readonly number[],
  usedForLimits: readonly boolean[],
  screenOutliers = true,
): ProcessLimits {
  const usedValues = values.filter((_, i) => usedForLimits[i]);
  const mean = usedValues.length > 0 ? accurateMean(usedValues) : null;

  let movingRanges: number[] = [];
  for (let i = 1; i < values.length; i += 1) {
    if (usedForLimits[i] && usedForLimits[i - 1]) movingRanges.push(Math.abs(values[i] - values[i - 1]));
  }
  if (screenOutliers && movingRanges.length > 0) {
    const screenAt = MOVING_RANGE_SCREEN_MULTIPLIER * accurateMean(movingRanges);
    // Strictly below, as the package writes it; a flat series (every range 0) therefore loses all
    // its ranges and, as in the package, gets no limits.
    movingRanges = movingRanges.filter((range) => range < screenAt);
  }
  const meanMovingRange = movingRanges.length > 0 ? accurateMean(movingRanges) : null;

  if (mean === null || meanMovingRange === null) {
    return { mean, meanMovingRange, lpl: null, upl: null, nlpl: null, nupl: null };
  }
  return {
    mean,
    meanMovingRange,
    lpl: mean - LIMIT_MULTIPLIER * meanMovingRange,
    upl: mean + LIMIT_MULTIPLIER * meanMovingRange,
    nlpl: mean - TWO_SIGMA_MULTIPLIER * meanMovingRange,
    nupl: mean + TWO_SIGMA_MULTIPLIER * meanMovingRange,
  };
}
