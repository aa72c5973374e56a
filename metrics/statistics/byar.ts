import { twoSidedZ } from "./critical-value.ts";
import { exactPoissonInterval } from "./exact-poisson.ts";
import { isMissing, type Interval } from "./types.ts";

/** Limits for a count whose lower limit may be undefined (Byar's formula can go negative). */
export interface CountLimits {
  lower: number | null;
  upper: number;
}

/** Below this many events Byar's approximation is poor, so rates use exact Poisson limits. */
export const BYAR_MINIMUM_EVENTS = 10;

/**
 * Byar's approximation to Poisson limits for a count, as PHEindicatormethods' `byars_lower` /
 * `byars_upper`. Like the package's bare helpers it applies the formula at any count; a negative
 * lower limit (tiny counts at high confidence) is meaningless and becomes null.
 */
export function byarLimits(x: number | null | undefined, confidence = 0.95): CountLimits | null {
  if (isMissing(x)) return null;
  if (x < 0) throw new RangeError(`byarLimits needs x >= 0, got ${x}`);
  const z = twoSidedZ(confidence);
  const upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1))) ** 3;
  // With no events the formula is 0 * (-Infinity); the limit is plainly 0.
  if (x === 0) return { lower: 0, upper };
  const lower = x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  return { lower: lower < 0 ? null : lower, upper };
}

/**
 * Interval for a rate x / denominator * multiplier, as PHEindicatormethods' `phe_rate`: exact
 * Poisson limits below 10 events, Byar's approximation from 10. Used for counts per decedent and
 * per 1,000 register days. Null when a count is missing or the denominator is not positive.
 */
export function rateInterval(
  x: number | null | undefined,
  denominator: number | null | undefined,
  multiplier = 1,
  confidence = 0.95,
): Interval | null {
  if (isMissing(x) || isMissing(denominator) || denominator <= 0) return null;
  const countLimits =
    x < BYAR_MINIMUM_EVENTS ? exactPoissonInterval(x, confidence) : byarLimits(x, confidence);
  if (countLimits === null) return null;
  return {
    // Byar's lower limit is only negative when z exceeds about 3 * sqrt(x); from 10 events that
    // needs a confidence level beyond double precision, so 0 is a safe floor rather than a case.
    lower: ((countLimits.lower ?? 0) / denominator) * multiplier,
    upper: (countLimits.upper / denominator) * multiplier,
  };
}
