import { isMissing, type MetricDirection } from "./types.ts";

/** `difference` for proportions (no change = 0), `ratio` for rates (no change = 1). */
export type ChangeScale = "difference" | "ratio";

export type ChangeAssessment = "improved" | "worse" | "no_significant_change";

export interface ChangeToAssess {
  scale: ChangeScale;
  lower: number | null | undefined;
  upper: number | null | undefined;
  direction: MetricDirection;
}

const NO_CHANGE: Record<ChangeScale, number> = { difference: 0, ratio: 1 };

/**
 * Judges a change against the baseline from its confidence interval: improved or worse only
 * when the whole interval lies on one side of "no change" (an interval touching it is not
 * significant). Context metrics have no better or worse, and a change without an interval
 * cannot be judged, so both give null.
 */
export function assessChange({ scale, lower, upper, direction }: ChangeToAssess): ChangeAssessment | null {
  if (direction === "context" || isMissing(lower) || isMissing(upper)) return null;
  const noChange = NO_CHANGE[scale];
  let movement: "higher" | "lower" | null = null;
  if (lower > noChange) movement = "higher";
  else if (upper < noChange) movement = "lower";
  if (movement === null) return "no_significant_change";
  const higherIsBetter = direction === "up";
  return (movement === "higher") === higherIsBetter ? "improved" : "worse";
}
