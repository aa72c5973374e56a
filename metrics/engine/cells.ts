import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { type Breakdown, changeScaleOf, type MetricDefinition, valueMultiplier } from "../definition.ts";
import {
  assessChange,
  compareBenchmark,
  newcombeDifference,
  rag,
  rateInterval,
  rateRatio,
  wilsonInterval,
  type Interval,
} from "../statistics/index.ts";
import { benchmarkFor, type MatchedBenchmark } from "./benchmarks.ts";
import type { EmptyReason, MetricValueRow } from "./columns.ts";
import type { Completeness } from "./completeness.ts";
import type { AggregateRow, Counts } from "./aggregate.ts";
import { isProvisional, lookbackBeforeData, overlaps, type Period } from "./periods.ts";

/** Everything a metric's cells are judged against, gathered once per metric. */
export interface MetricContext {
  def: MetricDefinition;
  config: AllianceConfig;
  dataToPeriod: string;
  completeness: Completeness;
  benchmarks: MatchedBenchmark[];
  target: { target: number; tolerance: number } | null;
}

export interface CellKey {
  period: Period;
  breakdown: Breakdown;
  breakdown_value: string;
  /** the period's open follow-up units are more than 10% of its units (judged on the alliance total) */
  followUpOpen?: boolean;
}

/** A period is `follow_up_open` when units whose window has not closed are more than this share of its units. */
export const FOLLOW_UP_OPEN_SHARE = 0.1;

export function followUpOpen(total: Counts | undefined): boolean {
  return !!total && (total.units ?? 0) > 0 && (total.open_units ?? 0) > FOLLOW_UP_OPEN_SHARE * (total.units ?? 0);
}

const ZERO: Counts = { numerator: 0, denominator: 0, numerator_people: 0, denominator_people: 0 };

/** The value of counts, or null with the reason it is empty. */
export function valueOf(def: MetricDefinition, counts: Counts): number | null {
  return counts.denominator > 0 ? (valueMultiplier(def.unit) * counts.numerator) / counts.denominator : null;
}

export function intervalOf(def: MetricDefinition, counts: Counts): Interval | null {
  if (counts.denominator <= 0) return null;
  if (def.interval === "wilson") return wilsonInterval(counts.numerator, counts.denominator);
  if (def.interval === "byar") return rateInterval(counts.numerator, counts.denominator, valueMultiplier(def.unit));
  return null;
}

/** Why the baseline of a metric is empty, or null when it has a value. */
export function baselineEmptyReason(def: MetricDefinition, config: AllianceConfig, counts: Counts | undefined): EmptyReason | null {
  if (!def.pointInTime && lookbackBeforeData({ start: config.baseline.from }, def.lookbackDays, config.dataFrom)) return "lookback_before_data";
  if (!counts || counts.denominator <= 0) return "zero_denominator";
  return null;
}

/** One metric_values row, before disclosure control. */
export function buildCell(ctx: MetricContext, key: CellKey, found: Counts | undefined, baseline: Counts | undefined): MetricValueRow {
  const { def, config } = ctx;
  const { period } = key;
  const counts = found ?? ZERO;

  let emptyReason: EmptyReason | null = null;
  const partner = key.breakdown === "partner" ? key.breakdown_value : undefined;
  if (ctx.completeness.rolling12Incomplete(def, period)) emptyReason = "incomplete_rolling12";
  else if (!def.pointInTime && lookbackBeforeData(period, def.lookbackDays, config.dataFrom)) emptyReason = "lookback_before_data";
  else if (key.followUpOpen) emptyReason = "follow_up_open";
  else if (counts.denominator <= 0)
    emptyReason = ctx.completeness.unitSubmissionMissing(def, period, partner) ? "missing_submission" : "zero_denominator";

  const value = emptyReason === null ? valueOf(def, counts) : null;
  const interval = value === null ? null : intervalOf(def, counts);

  const baselineValue = baseline && baselineEmptyReason(def, config, baseline) === null ? valueOf(def, baseline) : null;
  const change = changeAgainstBaseline(def, value, counts, baselineValue, baseline);
  const overlapsBaseline = overlaps(period, { start: config.baseline.from, end: config.baseline.to });
  const changeAssessment =
    change === null || overlapsBaseline || def.interval === "none"
      ? null
      : assessChange({ scale: change.scale, lower: change.lower, upper: change.upper, direction: def.direction });

  const benchmark = benchmarkFor(ctx.benchmarks, period);
  const missing = ctx.completeness.missingSubmissions(def, period, partner);

  return {
    metric_id: def.id,
    period_type: period.type,
    period: period.label,
    period_start: period.start,
    period_end: period.end,
    breakdown: key.breakdown,
    breakdown_value: key.breakdown_value,
    numerator: counts.numerator,
    denominator: counts.denominator,
    numerator_people: counts.numerator_people,
    denominator_people: counts.denominator_people,
    value,
    ci_lower: interval?.lower ?? null,
    ci_upper: interval?.upper ?? null,
    baseline_value: baselineValue,
    change_scale: change?.scale ?? null,
    change: change?.change ?? null,
    change_lower: change?.lower ?? null,
    change_upper: change?.upper ?? null,
    change_assessment: changeAssessment,
    target: ctx.target?.target ?? null,
    rag: rag({ value, target: ctx.target?.target, tolerance: ctx.target?.tolerance, direction: def.direction }),
    benchmark_value: benchmark?.value ?? null,
    benchmark_assessment:
      benchmark && interval ? compareBenchmark({ lower: interval.lower, upper: interval.upper, benchmark: benchmark.value, direction: def.direction }) : null,
    incomplete: missing.length > 0,
    missing_submissions: missing.length ? missing.join(";") : null,
    provisional: isProvisional(period, ctx.dataToPeriod),
    empty_reason: emptyReason,
    suppressed: false,
  };
}

interface Change {
  scale: "difference" | "ratio";
  change: number;
  lower: number | null;
  upper: number | null;
}

/**
 * Proportions: value - baseline with Newcombe's hybrid score interval. Rates: the rate ratio with a log-normal
 * interval (none when either count is 0: the log ratio is undefined). Pounds: the ratio alone, without interval.
 */
function changeAgainstBaseline(
  def: MetricDefinition,
  value: number | null,
  counts: Counts,
  baselineValue: number | null,
  baseline: Counts | undefined,
): Change | null {
  if (value === null || baselineValue === null || !baseline) return null;
  const scale = changeScaleOf(def.unit);
  if (scale === "difference") {
    const d = newcombeDifference(counts.numerator, counts.denominator, baseline.numerator, baseline.denominator);
    return d ? { scale, change: d.difference, lower: d.lower, upper: d.upper } : null;
  }
  if (baselineValue === 0) return null;
  const interval = def.interval === "none" ? null : rateRatio(counts.numerator, counts.denominator, baseline.numerator, baseline.denominator);
  return { scale, change: value / baselineValue, lower: interval?.lower ?? null, upper: interval?.upper ?? null };
}

/** Aggregate rows keyed by period type, period, breakdown and value. */
export function cellKey(periodType: string, period: string, breakdown: string, value: string): string {
  return `${periodType}|${period}|${breakdown}|${value}`;
}

export function indexAggregates(def: MetricDefinition, rows: readonly AggregateRow[]): Map<string, Counts> {
  // Pounds are summed as floating point; a sum of pence shows as pence, not 2081323.4399999985.
  const pence = def.unit === "gbp_per_decedent";
  const out = new Map<string, Counts>();
  for (const r of rows) {
    out.set(cellKey(r.period_type, r.period, r.breakdown, r.breakdown_value), {
      numerator: pence ? Math.round(r.numerator * 100) / 100 : r.numerator,
      denominator: r.denominator,
      numerator_people: r.numerator_people,
      denominator_people: r.denominator_people,
      units: r.units,
      open_units: r.open_units,
    });
  }
  return out;
}
