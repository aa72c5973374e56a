import { isMissing, type MetricDirection } from "./types.ts";

export type RagRating = "green" | "amber" | "red" | "grey";

export interface ValueAgainstTarget {
  value: number | null | undefined;
  target: number | null | undefined;
  /** How far short of the target still counts as amber, in the metric's units (fractions for %). */
  tolerance: number | null | undefined;
  direction: MetricDirection;
  suppressed?: boolean;
}

/**
 * A shortfall is a subtraction of two decimals (0.75 - 0.70 is 0.05000000000000004 in floating
 * point), so "within tolerance" allows this much slack to keep exact-on-the-boundary values amber.
 */
export const TOLERANCE_ALLOWANCE = 1e-9;

/**
 * Target RAG rating: green when the value meets the target (>= when higher is better, <= when
 * lower is better), amber when it falls short by no more than the tolerance, red otherwise.
 * Grey when there is a target but nothing to rate (suppressed, empty, or a context metric).
 * Null when the metric has no target at all, so the column stays empty.
 */
export function rag({ value, target, tolerance, direction, suppressed = false }: ValueAgainstTarget): RagRating | null {
  if (isMissing(target)) return null;
  if (suppressed || isMissing(value) || direction === "context") return "grey";
  if (direction === "up" ? value >= target : value <= target) return "green";
  const shortfall = direction === "up" ? target - value : value - target;
  return shortfall <= (tolerance ?? 0) + TOLERANCE_ALLOWANCE ? "amber" : "red";
}
