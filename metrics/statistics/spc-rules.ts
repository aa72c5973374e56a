/**
 * Making Data Count special-cause rules exactly as NHSRplotthedots' `ptd_calculate_point_type`
 * implements them (commit 050b07d, v0.2.2). The helpers keep the package's vector shape (numbers
 * 1/0, or ±1 for a direction) so they can be checked against its own test vectors.
 */

export type ImprovementDirection = "increase" | "decrease" | "neutral";

/** The package's `special_cause_type` labels. */
export type SpecialCauseType =
  | "Common Cause"
  | "Above UCL"
  | "Below LCL"
  | "7 Point Trend (Increasing)"
  | "7 Point Trend (Decreasing)"
  | "2 in 3 Above CL"
  | "2 in 3 Below CL"
  | "7 Points Above CL"
  | "7 Points Below CL";

export type PointType =
  | "common_cause"
  | "special_cause_improvement"
  | "special_cause_concern"
  | "special_cause_neutral_high"
  | "special_cause_neutral_low";

/** The rule behind a special cause, as written to spc.csv (empty for common cause). */
export type SpecialCauseRule = "" | "outside_limits" | "trend" | "two_of_three" | "run";

export const RUN_LENGTH = 7;
const STEPS_BEFORE_END = RUN_LENGTH - 1;

/**
 * 1 at each point that ends 7 (or `length`: the config's `spc.runLength`) consecutive points on the same side
 * of the mean (0 breaks a run).
 */
export function sevenPointOneSideOfMean(relativeToMean: readonly number[], length: number = RUN_LENGTH): number[] {
  const stepsBeforeEnd = length - 1;
  return relativeToMean.map((side, i) => {
    if (side === 0 || i < stepsBeforeEnd) return 0;
    for (let back = 1; back <= stepsBeforeEnd; back += 1) {
      if (relativeToMean[i - back] !== side) return 0;
    }
    return 1;
  });
}

/** Spreads end-of-run markers (±1) back over the 7 (or `length`) points that make up each run or trend. */
export function partOfSevenPointRun(endMarkers: readonly number[], length: number = RUN_LENGTH): number[] {
  return endMarkers.map((_, i) => {
    for (let ahead = 0; ahead <= length - 1 && i + ahead < endMarkers.length; ahead += 1) {
      if (Math.abs(endMarkers[i + ahead]) === 1) return 1;
    }
    return 0;
  });
}

/**
 * +1 (or -1) at each point that ends 7 points with 6 consecutive strictly rising (falling) steps.
 * A repeated value is neither a rise nor a fall, so it breaks the trend. The mean plays no part.
 */
export function sevenPointTrend(values: readonly number[]): number[] {
  return values.map((_, i) => {
    if (i < STEPS_BEFORE_END) return 0;
    let rises = 0;
    let falls = 0;
    for (let k = i - STEPS_BEFORE_END + 1; k <= i; k += 1) {
      if (values[k] > values[k - 1]) rises += 1;
      else if (values[k] < values[k - 1]) falls += 1;
    }
    if (rises === STEPS_BEFORE_END) return 1;
    if (falls === STEPS_BEFORE_END) return -1;
    return 0;
  });
}

/**
 * 1 for every point lying in some 3-point window that has at least 2 points close to the limits
 * and all 3 points strictly on the same side of the mean. Windows running off either end of the
 * series count the missing points as neither close nor on a side, so they never qualify.
 */
export function twoInThree(closeToLimits: readonly number[], relativeToMean: readonly number[]): number[] {
  const closeAt = (i: number) => (i >= 0 && i < closeToLimits.length ? closeToLimits[i] : 0);
  const sideAt = (i: number) => (i >= 0 && i < relativeToMean.length ? relativeToMean[i] : 0);
  const windowQualifies = (start: number) =>
    closeAt(start) + closeAt(start + 1) + closeAt(start + 2) >= 2 &&
    Math.abs(sideAt(start) + sideAt(start + 1) + sideAt(start + 2)) === 3;
  return closeToLimits.map((_, i) => (windowQualifies(i - 2) || windowQualifies(i - 1) || windowQualifies(i) ? 1 : 0));
}

/** Only the close points themselves are flagged: the third point of the window is ordinary. */
export function partOfTwoInThree(inQualifyingWindow: readonly number[], closeToLimits: readonly number[]): number[] {
  return inQualifyingWindow.map((flag, i) => (flag === 1 && Math.abs(closeToLimits[i]) === 1 ? 1 : 0));
}

export interface SpecialCauseComponents {
  values: readonly number[];
  relativeToMean: readonly number[];
  /** Non-zero where the point is outside the process limits. */
  outsideLimits: readonly number[];
  partOfTrend: readonly number[];
  partOfTwoInThree: readonly number[];
  partOfRun: readonly number[];
}

/**
 * Labels each point by the highest-priority rule it breaks: outside limits > trend > 2-in-3 > run.
 * A point inside a trend whose next point is also in the trend takes its direction from the next
 * step, otherwise from the previous one (so both ends of a trend read the same way).
 */
export function labelSpecialCauses(components: SpecialCauseComponents): SpecialCauseType[] {
  const { values, relativeToMean, outsideLimits, partOfTrend, partOfTwoInThree: twoOfThree, partOfRun } = components;
  const last = values.length - 1;
  const stepSign = (from: number, to: number) => Math.sign(values[to] - values[from]);
  return values.map((_, i): SpecialCauseType => {
    const aboveOrBelow = relativeToMean[i] > 0 ? "Above" : "Below";
    if (outsideLimits[i] !== 0) return relativeToMean[i] === 1 ? "Above UCL" : "Below LCL";
    if (partOfTrend[i] !== 0) {
      const nextInTrend = i < last && partOfTrend[i + 1] !== 0;
      let direction: number;
      if (nextInTrend) direction = stepSign(i, i + 1);
      else if (i === 0) direction = 0;
      else direction = stepSign(i - 1, i);
      return direction === 1 ? "7 Point Trend (Increasing)" : "7 Point Trend (Decreasing)";
    }
    if (twoOfThree[i] !== 0) return `2 in 3 ${aboveOrBelow} CL`;
    if (partOfRun[i] !== 0) return `7 Points ${aboveOrBelow} CL`;
    return "Common Cause";
  });
}

/** Runs every rule over one rebase group (rules never span groups) and labels each point. */
export function specialCauseTypes(
  values: readonly number[],
  relativeToMean: readonly number[],
  closeToLimits: readonly boolean[],
  outsideLimits: readonly boolean[],
  runLength: number = RUN_LENGTH,
): SpecialCauseType[] {
  const close = closeToLimits.map(Number);
  return labelSpecialCauses({
    values,
    relativeToMean,
    outsideLimits: outsideLimits.map(Number),
    partOfTrend: partOfSevenPointRun(sevenPointTrend(values)),
    partOfTwoInThree: partOfTwoInThree(twoInThree(close, relativeToMean), close),
    partOfRun: partOfSevenPointRun(sevenPointOneSideOfMean(relativeToMean, runLength), runLength),
  });
}

/** High or low is read from the label; whether that is good depends on the improvement direction. */
export function pointTypeOf(specialCauseType: SpecialCauseType, improvementDirection: ImprovementDirection): PointType {
  let side = 0;
  if (/Above|Increasing/.test(specialCauseType)) side = 1;
  else if (/Below|Decreasing/.test(specialCauseType)) side = -1;
  if (side === 0) return "common_cause";
  if (improvementDirection === "neutral") return side > 0 ? "special_cause_neutral_high" : "special_cause_neutral_low";
  const good = improvementDirection === "increase" ? 1 : -1;
  return side * good > 0 ? "special_cause_improvement" : "special_cause_concern";
}

/** Our spc.csv names the rule rather than the package's display label. */
export function specialCauseRuleOf(specialCauseType: SpecialCauseType): SpecialCauseRule {
  if (specialCauseType === "Above UCL" || specialCauseType === "Below LCL") return "outside_limits";
  if (specialCauseType.startsWith("7 Point Trend")) return "trend";
  if (specialCauseType.startsWith("2 in 3")) return "two_of_three";
  if (specialCauseType.startsWith("7 Points")) return "run";
  return "";
}
