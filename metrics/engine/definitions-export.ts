import { z } from "zod";
import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { DATASET_NAMES } from "../../loaders/contract/datasets/index.ts";
import {
  BREAKDOWNS,
  changeScaleOf,
  DIRECTIONS,
  FAMILIES,
  INTERVALS,
  type MetricDefinition,
  SQL_PARAMETERS,
  type SqlParameter,
  UNITS,
  UNITS_OF_ANALYSIS,
} from "../definition.ts";
import { benchmarkSpan } from "./benchmarks.ts";
import type { SpcSuggestionRow } from "./columns.ts";
import { SPC_BREAKDOWNS } from "./spc.ts";

/**
 * `definitions.json`: what the site's definitions page and the packs read to explain each metric, and enough to
 * reproduce every number by hand (the complete SQL and its parameter values, the period, baseline, completeness,
 * interval and disclosure rules).
 */

const UNIT_LABELS: Record<MetricDefinition["unit"], string> = {
  percent: "% (written as a fraction 0-1)",
  per_decedent: "per decedent",
  per_1000_register_days: "per 1,000 register days",
  gbp_per_decedent: "£ per decedent",
};

const INTERVAL_TEXT: Record<MetricDefinition["interval"], string> = {
  wilson: "95% Wilson score interval for a proportion (PHEindicatormethods phe_proportion).",
  byar:
    "95% interval for a rate: Byar's approximation from 10 events, exact Poisson (chi-square) below 10 (PHEindicatormethods phe_rate), times the unit's multiplier.",
  none: "No interval.",
};

const CHANGE_TEXT = {
  difference: "change = value - baseline, with Newcombe's hybrid score interval (method 10, no continuity correction).",
  ratio: "change = value / baseline (rate ratio), with a log-normal interval exp(ln RR ± 1.96 sqrt(1/x1 + 1/x2)); no change = 1.",
};

const nullableNumber = z.number().finite().nullable();

export const definitionsExportSchema = z
  .object({
    alliance: z.string(),
    data_from: z.string(),
    data_to_period: z.string(),
    baseline: z.object({ from: z.string(), to: z.string(), rule: z.string() }).strict(),
    contract: z.object({ from: z.string(), to: z.string() }).strict(),
    periods: z.object({ types: z.array(z.string()), rule: z.string(), financial_year: z.string() }).strict(),
    completeness: z.object({ incomplete: z.string(), rolling12: z.string(), provisional: z.string(), lookback: z.string() }).strict(),
    empty_reasons: z.record(z.string(), z.string()),
    breakdowns: z.object({ rule: z.string(), ethnic_groups: z.string(), spc: z.array(z.string()) }).strict(),
    comparisons: z.object({ target: z.string(), benchmark: z.string(), spc: z.string() }).strict(),
    disclosure: z
      .object({ suppress: z.tuple([z.number(), z.number()]), round_to: z.number().nullable(), rule: z.string() })
      .strict(),
    sql_parameters: z.record(z.string(), z.object({ meaning: z.string(), value: z.union([z.string(), z.number()]) }).strict()),
    metrics: z.array(
      z
        .object({
          id: z.string().regex(/^[A-Z]+-\d{2}$/),
          name: z.string().min(1),
          family: z.enum(FAMILIES),
          numerator: z.string().min(1),
          denominator: z.string().min(1),
          exclusions: z.string().min(1),
          notes: z.array(z.string()),
          unit: z.enum(UNITS),
          unit_label: z.string(),
          direction: z.enum(DIRECTIONS),
          interval: z.enum(INTERVALS),
          interval_method: z.string(),
          change_scale: z.enum(["difference", "ratio"]),
          change_method: z.string(),
          change_assessed: z.boolean(),
          datasets: z.array(z.enum(DATASET_NAMES)).min(1),
          unit_dataset: z.enum(DATASET_NAMES),
          unit_of_analysis: z.enum(UNITS_OF_ANALYSIS),
          date_basis: z.string().min(1),
          lookback_days: z.number().int(),
          point_in_time: z.boolean(),
          breakdowns: z.array(z.enum(BREAKDOWNS)),
          baseline: z.object({ from: z.string(), to: z.string(), rule: z.string() }).strict(),
          national: z
            .object({ value: nullableNumber, period: z.string().nullable(), source: z.string(), note: z.string() })
            .strict()
            .nullable(),
          target: z.object({ target: z.number(), tolerance: z.number() }).strict().nullable(),
          benchmarks: z.array(
            z.object({ period: z.string(), value: z.number(), source: z.string(), applies_from: z.string().nullable() }).strict(),
          ),
          follow_up_days: z.number().int(),
          lookback_to_data_from: z.boolean(),
          rebase: z.array(z.object({ month: z.string(), reason: z.string(), keep: z.boolean() }).strict()),
          spc_suggestions: z.array(
            z
              .object({
                breakdown: z.string(),
                breakdown_value: z.string(),
                month: z.string(),
                side: z.enum(["above", "below"]),
                run_points: z.number().int(),
                run_from: z.string(),
                run_to: z.string(),
                centre: z.number(),
                accepted_by: z.string().nullable(),
                config_line: z.string(),
              })
              .strict(),
          ),
          sql: z.string().min(1),
          sql_parameters: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();

export type DefinitionsExport = z.infer<typeof definitionsExportSchema>;

export function buildDefinitionsExport(
  definitions: readonly MetricDefinition[],
  config: AllianceConfig,
  dataToPeriod: string,
  parameters: Record<SqlParameter, string | number>,
  suggestions: Readonly<Record<string, readonly SpcSuggestionRow[]>> = {},
): DefinitionsExport {
  const [low, high] = config.disclosure.suppress;
  const doc: DefinitionsExport = {
    alliance: config.name,
    data_from: config.dataFrom,
    data_to_period: dataToPeriod,
    baseline: {
      ...config.baseline,
      rule:
        "The metric pooled over the baseline window (numerators and denominators summed over the units dated in it); for point-in-time metrics, the value at baseline.to. Compared per breakdown value.",
    },
    contract: { ...config.contract },
    periods: {
      types: ["month", "quarter", "rolling12"],
      rule:
        "Every calendar month, NHS financial-year quarter and rolling 12 months ending with a quarter, from data_from to the end of data_to_period. A unit belongs to every period containing its date; point-in-time metrics are measured at T = period end (a rolling-12 value is the value at its quarter's end).",
      financial_year: "Q1 = April-June, Q2 = July-September, Q3 = October-December, Q4 = January-March of the later calendar year.",
    },
    completeness: {
      incomplete:
        "incomplete = true when an expected submission (partner x dataset the config lists for it and the metric needs x quarter) overlapping the period and its look-back is missing; missing_submissions lists them as PARTNER:PERIOD. For point-in-time metrics the window is the quarter containing T. A metric with lookback_to_data_from counts records of any date up to T or to death: a missing event submission anywhere from data_from leaves it incomplete until the submission arrives. A missing snapshot (people, register, carers) stops mattering once a later snapshot from the same partner has arrived. Partner breakdown rows list only that partner's.",
      rolling12:
        "A rolling-12 value is published only when all 12 months have data: none before data_from, and for each event dataset the metric needs at least one partner's submission arrived for every quarter. Otherwise empty_reason = incomplete_rolling12. Point-in-time metrics are exempt (their value is the value at T).",
      provisional: "provisional = true until two quarters after the period ends: a period ending in quarter Q is final once data_to_period reaches Q + 2.",
      lookback: "A value whose look-back (lookback_days before the period start) begins before data_from is left empty with empty_reason = lookback_before_data.",
    },
    empty_reasons: {
      zero_denominator: "the denominator is 0 (no units in the period for this breakdown value)",
      lookback_before_data: "the look-back reaches before data_from, so the numerator would be undercounted",
      incomplete_rolling12: "some of the rolling 12 months have no data",
      follow_up_open:
        "the numerator looks forward follow_up_days from each unit and more than 10% of the period's units have not had that long by the data end (those units are left out of the counts)",
      missing_submission: "no units, and a partner's expected submission of the unit dataset for the period is missing: not 'no cases'",
      suppressed: "published copy only: hidden by disclosure control because it rests on a small number of people (primary)",
      suppressed_secondary: "published copy only: hidden to protect a small number elsewhere (it could otherwise be worked out by subtraction)",
    },
    breakdowns: {
      rule:
        "Person-based metrics: alliance, locality, pcn, practice, imd_quintile, age_band, sex, ethnic_group, diagnosis_group, from the person's people row (practice, PCN and locality via the config); a person with no people row is 'unknown' in each. CAR, BRV and PROM break down by the cared-for person. RESP and DQ: alliance and submitting partner. ID-01: alliance, locality, pcn, practice. Alliance, locality and PCN rows are listed for every period (from the config) and partner rows for every partner sending the metric's unit dataset; other breakdown values appear where the period has units.",
      ethnic_groups: "white A-C, mixed D-G, asian H-L, black M-P, other R-S, not_stated Z, unknown 99 or blank",
      spc: [...SPC_BREAKDOWNS],
    },
    comparisons: {
      target:
        "rag: green when the value meets the target (>= when higher is better, <= when lower is better), amber when it misses by no more than the tolerance (1e-9 allowance), red otherwise, grey when suppressed, empty or a context metric; empty with no target.",
      benchmark:
        "A value is compared with the benchmark of its metric whose period started most recently on or before the value's period ends (benchmark periods: YYYY calendar year, YYYY-YY financial year, YYYY-YY-Qn quarter, YYYY-MM month). better / similar / worse by whether the 95% interval excludes it; none for context metrics or without an interval.",
      spc:
        `Making Data Count XmR on the monthly series of the alliance, localities and PCNs (NHSRplotthedots v0.2.2 rules, run length ${config.spc.runLength}), months without a value (follow_up_open among them) skipped; limits from the baseline months when a rebase group has at least 12, else from all its points (limits_from, limits_to); new limits only at the config's rebase months (a keep entry starts none); limits clipped to 0-100% for percentages and at 0 for rates (limits_clipped); assurance against the target. short_group: fewer than 13 points. withheld_reason too_few_cases: a group of fewer than 12 points or a series whose median monthly denominator_people is under 10 (values only, no centre, limits or icons); limits_out_of_date: the latest ${config.spc.runLength} or more points sit on one side of the centre line and no config entry accepts the shift (a rebase at or after its first month, or keep): the assurance icon is withheld and spc_suggestions proposes the recalculation.`,
    },
    disclosure: {
      suppress: [low, high],
      round_to: config.disclosure.roundTo,
      rule: `Published copies: a value whose numerator or denominator rests on ${low} to ${high} distinct people (numerator_people, denominator_people) is hidden with its counts, interval and change (suppressed = true); where a breakdown would hide exactly one cell recoverable from the total, the next smallest is hidden too. ${
        config.disclosure.roundTo ? `Other counts are rounded to the nearest ${config.disclosure.roundTo} and values recomputed from the rounded counts. ` : ""
      }Intervals and SPC limits come from unrounded counts. A published SPC point whose month cell is hidden loses its value, special cause and variation.`,
    },
    sql_parameters: Object.fromEntries(
      (Object.keys(SQL_PARAMETERS) as SqlParameter[]).map((name) => [name, { meaning: SQL_PARAMETERS[name], value: parameters[name] }]),
    ),
    metrics: definitions.map((d) => {
      const scale = changeScaleOf(d.unit);
      const target = config.targets.find((t) => t.metric === d.id);
      const benchmarks = config.benchmarks.filter((b) => b.metric === d.id);
      return {
        id: d.id,
        name: d.name,
        family: d.family,
        numerator: d.definition.numerator,
        denominator: d.definition.denominator,
        exclusions: d.definition.exclusions,
        notes: d.definition.notes,
        unit: d.unit,
        unit_label: UNIT_LABELS[d.unit],
        direction: d.direction,
        interval: d.interval,
        interval_method: INTERVAL_TEXT[d.interval],
        change_scale: scale,
        change_method: CHANGE_TEXT[scale],
        change_assessed: d.direction !== "context" && d.interval !== "none",
        datasets: d.datasets,
        unit_dataset: d.unitDataset,
        unit_of_analysis: d.unitOfAnalysis,
        date_basis: d.dateBasis,
        lookback_days: d.lookbackDays,
        point_in_time: d.pointInTime,
        breakdowns: d.breakdowns,
        baseline: {
          ...config.baseline,
          rule: d.pointInTime
            ? `the value at ${config.baseline.to}`
            : `pooled over ${config.baseline.from} to ${config.baseline.to}${d.lookbackDays ? ` (look-back from ${config.baseline.from})` : ""}`,
        },
        national: d.national ? { ...d.national } : null,
        target: target ? { target: target.target, tolerance: target.tolerance } : null,
        benchmarks: benchmarks.map((b) => ({
          period: b.period,
          value: b.value,
          source: b.source,
          applies_from: benchmarkSpan(b.period)?.start ?? null,
        })),
        follow_up_days: d.followUpDays,
        lookback_to_data_from: d.lookbackToDataFrom,
        rebase: config.rebase.filter((r) => r.metric === d.id).map((r) => ({ month: r.month, reason: r.reason, keep: r.keep ?? false })),
        spc_suggestions: (suggestions[d.id] ?? []).map(({ metric_id: _metric, ...rest }) => ({ ...rest })),
        sql: d.sql.trim(),
        sql_parameters: d.parameters,
      };
    }),
  };
  return definitionsExportSchema.parse(doc);
}
