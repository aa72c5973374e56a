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
} as const;

export type MetricValueColumn = keyof typeof METRIC_VALUE_COLUMNS;
export type SpcColumn = keyof typeof SPC_COLUMNS;

export type EmptyReason = "zero_denominator" | "lookback_before_data" | "incomplete_rolling12" | "suppressed";

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
}
