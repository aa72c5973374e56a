import type { ImprovementDirection, PointType } from "./spc-rules.ts";

/** Our spc.csv names for the Making Data Count variation icons. */
export type Variation =
  | "common_cause"
  | "improvement_high"
  | "improvement_low"
  | "concern_high"
  | "concern_low"
  | "neither_high"
  | "neither_low";

/** The package's assurance types. */
export type AssuranceType = "consistent_pass" | "consistent_fail" | "inconsistent";

/** Our spc.csv names for the assurance icons ("inconsistent" is shown as hit and miss). */
export type Assurance = "pass" | "fail" | "hit_and_miss";

/**
 * The variation icon for a point type: improvement is high when higher is better and low when
 * lower is better, concern the mirror image; neutral metrics are simply high or low.
 */
export function variationOf(pointType: PointType, improvementDirection: ImprovementDirection): Variation {
  const goodIsHigh = improvementDirection !== "decrease";
  switch (pointType) {
    case "common_cause":
      return "common_cause";
    case "special_cause_improvement":
      return goodIsHigh ? "improvement_high" : "improvement_low";
    case "special_cause_concern":
      return goodIsHigh ? "concern_low" : "concern_high";
    case "special_cause_neutral_high":
      return "neither_high";
    case "special_cause_neutral_low":
      return "neither_low";
  }
}

/**
 * Whether the process, as its limits describe it, will meet a target: a target beyond the upper
 * limit is always missed when higher is better (always met when lower is better), a target below
 * the lower limit the reverse, and a target between the limits is met only some of the time.
 * No assurance without a target or for a neutral metric, and (unlike the package, which calls
 * that case inconsistent) none when the limits could not be computed.
 */
export function assuranceTypeOf(
  target: number | null | undefined,
  lpl: number | null,
  upl: number | null,
  improvementDirection: ImprovementDirection,
): AssuranceType | null {
  if (target === null || target === undefined || Number.isNaN(target) || improvementDirection === "neutral") return null;
  if (lpl === null || upl === null) return null;
  const increaseIsGood = improvementDirection === "increase";
  if (target > upl) return increaseIsGood ? "consistent_fail" : "consistent_pass";
  if (target < lpl) return increaseIsGood ? "consistent_pass" : "consistent_fail";
  return "inconsistent";
}

const ASSURANCE_NAMES: Record<AssuranceType, Assurance> = {
  consistent_pass: "pass",
  consistent_fail: "fail",
  inconsistent: "hit_and_miss",
};

export function assuranceOf(assuranceType: AssuranceType | null): Assurance | null {
  return assuranceType === null ? null : ASSURANCE_NAMES[assuranceType];
}
