import { processLimits } from "./spc-limits.ts";
import {
  pointTypeOf,
  RUN_LENGTH,
  specialCauseRuleOf,
  specialCauseTypes,
  type ImprovementDirection,
  type PointType,
  type SpecialCauseRule,
  type SpecialCauseType,
} from "./spc-rules.ts";
import { assuranceOf, assuranceTypeOf, variationOf, type Assurance, type AssuranceType, type Variation } from "./spc-icons.ts";

/**
 * A Making Data Count XmR chart exactly as NHSRplotthedots (v0.2.2, commit 050b07d) computes one
 * facet of `ptd_spc`, plus one generalisation the product needs: `calculationPoints` chooses which
 * points feed the limits (the package can only take the first n).
 */

export interface SpcInputPoint {
  /** A month `YYYY-MM` or an ISO date; ordered and matched as strings. */
  x: string;
  y: number;
}

/** Decides whether a point of a rebase group feeds that group's mean and moving ranges. */
export type CalculationPointFilter = (
  point: SpcInputPoint,
  indexInGroup: number,
  group: readonly SpcInputPoint[],
) => boolean;

export interface SpcOptions {
  improvementDirection?: ImprovementDirection;
  target?: number | null;
  /** x values that start a new rebase group with its own limits; values not in the data are ignored. */
  rebase?: readonly string[];
  /** Fix each rebase group's limits on its first n points (the package requires n >= 12). */
  fixAfterNPoints?: number | null;
  /** Drop moving ranges of 3.267 mean moving ranges or more before the limits (package default). */
  screenOutliers?: boolean;
  calculationPoints?: CalculationPointFilter;
  /** Points on one side of the mean that make a run (shift): 7, the package's, or 6 (MDC's Excel tool). */
  runLength?: number;
}

export interface SpcPoint {
  x: string;
  y: number;
  rebase_group: number;
  /** The point's rebase group has fewer than 13 points, too few for reliable limits. */
  short_group: boolean;
  /** The point fed its group's mean and moving ranges (the package's non-missing `fix_y`). */
  used_for_limits: boolean;
  /** Centre line. Null (with the limits) when the group's limits cannot be computed. */
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  /** Lower and upper 2-sigma lines. */
  nlpl: number | null;
  nupl: number | null;
  outside_limits: boolean;
  relative_to_mean: -1 | 0 | 1;
  close_to_limits: boolean;
  special_cause_type: SpecialCauseType;
  special_cause_flag: boolean;
  special_cause: SpecialCauseRule;
  point_type: PointType;
  variation: Variation;
  /** Assurance against the target judged on this point's own group limits. */
  assurance: Assurance | null;
}

export interface SpcGroupSummary {
  rebase_group: number;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  n: number;
  common_cause: number;
  special_cause_improvement: number;
  special_cause_concern: number;
  /** Point type of the group's last point. */
  variation_type: PointType;
}

export interface SpcResult {
  /** Sorted by x. */
  points: SpcPoint[];
  groups: SpcGroupSummary[];
  /** The variation icon: the last point's variation. Null for an empty series. */
  variation: Variation | null;
  /** The assurance icon, judged on the last point's limits. */
  assurance: Assurance | null;
  assurance_type: AssuranceType | null;
}

/** The package warns below 13 points per group (its message says 12). */
export const SHORT_GROUP_THRESHOLD = 13;
export const MINIMUM_FIX_AFTER_N_POINTS = 12;

export function spc(input: readonly SpcInputPoint[], options: SpcOptions = {}): SpcResult {
  const improvementDirection = options.improvementDirection ?? "increase";
  const screenOutliers = options.screenOutliers ?? true;
  const fixAfterNPoints = options.fixAfterNPoints ?? null;
  if (fixAfterNPoints !== null && !(Number.isInteger(fixAfterNPoints) && fixAfterNPoints >= MINIMUM_FIX_AFTER_N_POINTS)) {
    throw new RangeError(`fixAfterNPoints must be an integer of at least ${MINIMUM_FIX_AFTER_N_POINTS}, got ${fixAfterNPoints}`);
  }
  const sorted = sortedPoints(input);
  const rebaseAt = new Set(options.rebase ?? []);

  const groups: SpcInputPoint[][] = [];
  const groupNumbers: number[] = [];
  let groupNumber = 0;
  for (const point of sorted) {
    // cumsum() of rebase flags, as the package numbers groups: a rebase on the first point makes it group 1.
    if (rebaseAt.has(point.x)) groupNumber += 1;
    if (groups.length === 0 || groupNumbers[groupNumbers.length - 1] !== groupNumber) {
      groups.push([]);
      groupNumbers.push(groupNumber);
    }
    groups[groups.length - 1].push(point);
  }

  const points: SpcPoint[] = [];
  const summaries: SpcGroupSummary[] = [];
  groups.forEach((group, g) => {
    const chartedGroup = chartGroup(group, groupNumbers[g], {
      improvementDirection,
      target: options.target ?? null,
      screenOutliers,
      fixAfterNPoints,
      calculationPoints: options.calculationPoints,
      runLength: options.runLength ?? RUN_LENGTH,
    });
    points.push(...chartedGroup);
    summaries.push(summariseGroup(chartedGroup));
  });

  const lastPoint = points.at(-1);
  const assuranceType =
    lastPoint === undefined ? null : assuranceTypeOf(options.target, lastPoint.lpl, lastPoint.upl, improvementDirection);
  return {
    points,
    groups: summaries,
    variation: lastPoint?.variation ?? null,
    assurance: assuranceOf(assuranceType),
    assurance_type: assuranceType,
  };
}

function sortedPoints(input: readonly SpcInputPoint[]): SpcInputPoint[] {
  for (const point of input) {
    if (!Number.isFinite(point.y)) throw new RangeError(`SPC value for ${point.x} is not a finite number: ${point.y}`);
  }
  const sorted = [...input].sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
  for (let i = 1; i < sorted.length; i += 1) {
    // Two values for one period mean the caller has mixed series; charting them would be nonsense.
    if (sorted[i].x === sorted[i - 1].x) throw new RangeError(`SPC series has two values for ${sorted[i].x}`);
  }
  return sorted;
}

interface GroupSettings {
  improvementDirection: ImprovementDirection;
  target: number | null;
  screenOutliers: boolean;
  fixAfterNPoints: number | null;
  calculationPoints: CalculationPointFilter | undefined;
  runLength: number;
}

function chartGroup(group: readonly SpcInputPoint[], rebaseGroup: number, settings: GroupSettings): SpcPoint[] {
  const values = group.map((point) => point.y);
  const usedForLimits = group.map(
    (point, i) =>
      (settings.fixAfterNPoints === null || i < settings.fixAfterNPoints) &&
      (settings.calculationPoints === undefined || settings.calculationPoints(point, i, group)),
  );
  const limits = processLimits(values, usedForLimits, settings.screenOutliers);
  const { mean, lpl, upl, nlpl, nupl } = limits;

  const relativeToMean = values.map((y) => (mean === null ? 0 : (Math.sign(y - mean) as -1 | 0 | 1)));
  // Strict comparisons, as the package; without limits nothing is outside or close to them.
  const outsideLimits = values.map((y) => lpl !== null && upl !== null && (y > upl || y < lpl));
  const closeToLimits = values.map(
    (y, i) => nlpl !== null && nupl !== null && !outsideLimits[i] && (y < nlpl || y > nupl),
  );
  const labels = specialCauseTypes(values, relativeToMean, closeToLimits, outsideLimits, settings.runLength);
  const assurance = assuranceOf(assuranceTypeOf(settings.target, lpl, upl, settings.improvementDirection));
  const shortGroup = group.length < SHORT_GROUP_THRESHOLD;

  return group.map((point, i) => {
    const pointType = pointTypeOf(labels[i], settings.improvementDirection);
    return {
      x: point.x,
      y: point.y,
      rebase_group: rebaseGroup,
      short_group: shortGroup,
      used_for_limits: usedForLimits[i],
      mean,
      lpl,
      upl,
      nlpl,
      nupl,
      outside_limits: outsideLimits[i],
      relative_to_mean: relativeToMean[i],
      close_to_limits: closeToLimits[i],
      special_cause_type: labels[i],
      special_cause_flag: labels[i] !== "Common Cause",
      special_cause: specialCauseRuleOf(labels[i]),
      point_type: pointType,
      variation: variationOf(pointType, settings.improvementDirection),
      assurance,
    };
  });
}

function summariseGroup(group: readonly SpcPoint[]): SpcGroupSummary {
  const first = group[0];
  const last = group[group.length - 1];
  return {
    rebase_group: first.rebase_group,
    mean: first.mean,
    lpl: first.lpl,
    upl: first.upl,
    n: group.length,
    common_cause: group.filter((point) => !point.special_cause_flag).length,
    special_cause_improvement: group.filter((point) => point.point_type === "special_cause_improvement").length,
    special_cause_concern: group.filter((point) => point.point_type === "special_cause_concern").length,
    variation_type: last.point_type,
  };
}
