/** The statistics layer: small pure functions, one statistic per file. */
export { isMissing, type Interval, type MetricDirection } from "./types.ts";
export { twoSidedZ } from "./critical-value.ts";
export { wilsonInterval } from "./wilson.ts";
export { exactPoissonInterval } from "./exact-poisson.ts";
export { BYAR_MINIMUM_EVENTS, byarLimits, rateInterval, type CountLimits } from "./byar.ts";
export { newcombeDifference, type DifferenceWithInterval } from "./newcombe.ts";
export { rateRatio, type RatioWithInterval } from "./rate-ratio.ts";
export { assessChange, type ChangeAssessment, type ChangeScale, type ChangeToAssess } from "./assessment.ts";
export { rag, TOLERANCE_ALLOWANCE, type RagRating, type ValueAgainstTarget } from "./rag.ts";
export { compareBenchmark, type BenchmarkAssessment, type IntervalAgainstBenchmark } from "./benchmark.ts";
export {
  accurateMean,
  LIMIT_MULTIPLIER,
  MOVING_RANGE_SCREEN_MULTIPLIER,
  processLimits,
  TWO_SIGMA_MULTIPLIER,
  type ProcessLimits,
} from "./spc-limits.ts";
export {
  labelSpecialCauses,
  partOfSevenPointRun,
  partOfTwoInThree,
  pointTypeOf,
  RUN_LENGTH,
  sevenPointOneSideOfMean,
  sevenPointTrend,
  specialCauseRuleOf,
  specialCauseTypes,
  twoInThree,
  type ImprovementDirection,
  type PointType,
  type SpecialCauseComponents,
  type SpecialCauseRule,
  type SpecialCauseType,
} from "./spc-rules.ts";
export {
  assuranceOf,
  assuranceTypeOf,
  variationOf,
  type Assurance,
  type AssuranceType,
  type Variation,
} from "./spc-icons.ts";
export {
  MINIMUM_FIX_AFTER_N_POINTS,
  SHORT_GROUP_THRESHOLD,
  spc,
  type CalculationPointFilter,
  type SpcGroupSummary,
  type SpcInputPoint,
  type SpcOptions,
  type SpcPoint,
  type SpcResult,
} from "./spc.ts";
export { improvementDirectionOf, MINIMUM_BASELINE_POINTS, spcForSeries, type SeriesSpcOptions } from "./spc-series.ts";
export {
  applyDisclosureControl,
  DEFAULT_SUPPRESSION_RANGE,
  primarySuppressionReason,
  SECONDARY_SUPPRESSION_REASON,
  TOTAL_BREAKDOWN_VALUE,
  VALUE_DERIVED_FIELDS,
  type DisclosureCell,
  type DisclosureConfig,
  type DisclosureOutcome,
  type PublishedCell,
  type ValueKind,
} from "./disclosure.ts";
export { acceptingEntry, clipLimits, latestShift, median, type RebaseEntry, type Shift, type ShiftPoint } from "./spc-shift.ts";
