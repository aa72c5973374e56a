/**
 * The output tables exactly as `interfaces.md` ("Metric output") lays them out: column order, names and types
 * (the Parquet copies take these types; the CSVs are the same rows as text).
 */

export const METRIC_VALUE_COLUMNS = {
  metric_id: "VARCHAR",
  period_type: "VARCHAR",
  period: "VARCHAR",
  period_start: "DATE",
  period_end: "DATE",
  breakdown: "VARCHAR",
  breakdown_value: "VARCHAR",
  numerator: "DOUBLE",
  denominator: "DOUBLE",
  numerator_people: "BIGINT",
  denominator_people: "BIGINT",
  value: "DOUBLE",
  ci_lower: "DOUBLE",
  ci_upper: "DOUBLE",
  baseline_value: "DOUBLE",
  change_scale: "VARCHAR",
  change: "DOUBLE",
  change_lower: "DOUBLE",
  change_upper: "DOUBLE",
  change_assessment: "VARCHAR",
  target: "DOUBLE",
  rag: "VARCHAR",
  benchmark_value: "DOUBLE",
  benchmark_assessment: "VARCHAR",
  incomplete: "BOOLEAN",
  missing_submissions: "VARCHAR",
  provisional: "BOOLEAN",
  empty_reason: "VARCHAR",
  suppressed: "BOOLEAN",
} as const;

export const SPC_COLUMNS = {
  metric_id: "VARCHAR",
  breakdown: "VARCHAR",
  breakdown_value: "VARCHAR",
  month: "VARCHAR",
  value: "DOUBLE",
  centre: "DOUBLE",
  lower_limit: "DOUBLE",
  upper_limit: "DOUBLE",
  special_cause: "VARCHAR",
  variation: "VARCHAR",
  assurance: "VARCHAR",
  rebase_group: "INTEGER",
  short_group: "BOOLEAN",
  provisional: "BOOLEAN",
  withheld_reason: "VARCHAR",
  limits_clipped: "VARCHAR",
  limits_from: "VARCHAR",
  limits_to: "VARCHAR",
  suppressed: "BOOLEAN",
  empty_reason: "VARCHAR",
} as const;

/** `spc_suggestions`: one row per proposed recalculation (a sustained shift the config has not rebased). */
export const SPC_SUGGESTION_COLUMNS = {
  metric_id: "VARCHAR",
  breakdown: "VARCHAR",
  breakdown_value: "VARCHAR",
  month: "VARCHAR",
  side: "VARCHAR",
  run_points: "INTEGER",
  run_from: "VARCHAR",
  run_to: "VARCHAR",
  centre: "DOUBLE",
  accepted_by: "VARCHAR",
  config_line: "VARCHAR",
} as const;

export interface SpcSuggestionRow {
  metric_id: string;
  breakdown: string;
  breakdown_value: string;
  /** the first month of the run: where the recalculation is proposed */
  month: string;
  side: "above" | "below";
  run_points: number;
  run_from: string;
  run_to: string;
  /** the centre line the run sits on one side of */
  centre: number;
  /** empty, or the config entry that accepts it: a rebase month at or after `month`, or `keep` */
  accepted_by: string | null;
  /** the JSON rebase entry that would accept it */
  config_line: string;
}

/** Why a series' SPC lines or icons are not shown. */
export type SpcWithheldReason = "too_few_cases" | "limits_out_of_date";

export type MetricValueColumn = keyof typeof METRIC_VALUE_COLUMNS;
export type SpcColumn = keyof typeof SPC_COLUMNS;

export const EMPTY_REASONS = [
  "incomplete_rolling12",
  "lookback_before_data",
  "follow_up_open",
  "missing_submission",
  "zero_denominator",
  "suppressed",
  "suppressed_secondary",
] as const;
export type EmptyReason = (typeof EMPTY_REASONS)[number];

export interface MetricValueRow {
  metric_id: string;
  period_type: string;
  period: string;
  period_start: string;
  period_end: string;
  breakdown: string;
  breakdown_value: string;
  numerator: number | null;
  denominator: number | null;
  numerator_people: number | null;
  denominator_people: number | null;
  value: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  baseline_value: number | null;
  change_scale: "difference" | "ratio" | null;
  change: number | null;
  change_lower: number | null;
  change_upper: number | null;
  change_assessment: string | null;
  target: number | null;
  rag: string | null;
  benchmark_value: number | null;
  benchmark_assessment: string | null;
  incomplete: boolean;
  missing_submissions: string | null;
  provisional: boolean;
  empty_reason: EmptyReason | null;
  suppressed: boolean;
}

export interface SpcRow {
  metric_id: string;
  breakdown: string;
  breakdown_value: string;
  month: string;
  value: number | null;
  centre: number | null;
  lower_limit: number | null;
  upper_limit: number | null;
  special_cause: string | null;
  variation: string | null;
  assurance: string | null;
  rebase_group: number;
  short_group: boolean;
  provisional: boolean;
  withheld_reason: SpcWithheldReason | null;
  limits_clipped: "lower" | "upper" | "both" | null;
  limits_from: string | null;
  limits_to: string | null;
  /** published copy: the month's cell is hidden by disclosure control */
  suppressed: boolean;
  empty_reason: EmptyReason | null;
}
