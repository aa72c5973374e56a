import type { AllianceConfig } from "../../loaders/contract/config.ts";
import type { MetricDefinition } from "../definition.ts";
import {
  acceptingEntry,
  clipLimits,
  improvementDirectionOf,
  latestShift,
  median,
  MINIMUM_BASELINE_POINTS,
  spcForSeries,
  type SpcPoint,
} from "../statistics/index.ts";
import type { MetricValueRow, SpcRow, SpcSuggestionRow } from "./columns.ts";
import { publishSpc } from "./publish.ts";

/**
 * Making Data Count XmR charts on the monthly series of the alliance, each locality and each PCN (catalogue,
 * Comparisons: SPC). Months without a value (empty for any reason, `follow_up_open` among them) are left out, so
 * the icons describe the latest month that has one; limits come from the baseline months when a rebase group
 * has at least 12 of them, else from all its points; groups restart only at the config's rebase months for the
 * metric (a `keep` entry starts none); assurance is judged against the metric's target.
 *
 * - Limits are clipped to what the value can be: 0-100% for a percentage, from 0 for a rate (`limits_clipped`).
 * - A group with fewer than 12 points, or a series whose median monthly denominator is under 10 people, gets no
 *   centre, limits, special cause or icons (`withheld_reason = too_few_cases`); its values are still shown.
 * - A series whose latest `spc.runLength` or more points sit on one side of the centre line has limits that no
 *   longer describe the process: a recalculation is proposed (`spc_suggestions`) and, unless a config entry
 *   accepts it (a rebase there or later, or `keep`), the assurance icon is withheld (`limits_out_of_date`).
 */

export const SPC_BREAKDOWNS = new Set(["alliance", "locality", "pcn"]);

/** A series needs this many people a month (median) for its limits to mean anything. */
export const MINIMUM_MEDIAN_PEOPLE = 10;

/** What SPC reads of a month cell. */
export type SpcMonthCell = Pick<
  MetricValueRow,
  "period_type" | "period" | "breakdown" | "breakdown_value" | "value" | "denominator_people" | "provisional"
>;

export interface SpcOutput {
  rows: SpcRow[];
  suggestions: SpcSuggestionRow[];
}

/** The JSON rebase entry that accepts a suggestion (what `spc-suggest` prints for the config). */
export function rebaseConfigLine(metric: string, month: string, side: "above" | "below", points: number): string {
  return JSON.stringify({ metric, month, reason: `sustained shift ${side} the centre line from ${month} (${points} points): say what changed` });
}

export function spcRowsFor(def: MetricDefinition, config: AllianceConfig, monthCells: readonly SpcMonthCell[]): SpcOutput {
  const series = new Map<string, SpcMonthCell[]>();
  for (const cell of monthCells) {
    if (cell.period_type !== "month" || !SPC_BREAKDOWNS.has(cell.breakdown) || cell.value === null) continue;
    const key = `${cell.breakdown}|${cell.breakdown_value}`;
    const list = series.get(key) ?? [];
    list.push(cell);
    series.set(key, list);
  }
  const target = config.targets.find((t) => t.metric === def.id)?.target ?? null;
  const entries = config.rebase.filter((r) => r.metric === def.id);
  const rebaseMonths = entries.filter((r) => !r.keep).map((r) => r.month);
  const runLength = config.spc.runLength;
  const range = def.unit === "percent" ? { min: 0, max: 1 } : { min: 0, max: null };
  const rows: SpcRow[] = [];
  const suggestions: SpcSuggestionRow[] = [];
  for (const cells of series.values()) {
    const result = spcForSeries(
      cells.map((c) => ({ x: c.period, y: c.value as number })),
      {
        baselineFrom: config.baseline.from,
        baselineTo: config.baseline.to,
        improvementDirection: improvementDirectionOf(def.direction),
        target,
        rebaseMonths,
        runLength,
      },
    );
    const { breakdown, breakdown_value } = cells[0]!;
    const byMonth = new Map(cells.map((c) => [c.period, c]));
    const thin = (median(cells.map((c) => c.denominator_people ?? 0)) ?? 0) < MINIMUM_MEDIAN_PEOPLE;
    const groupSize = new Map<number, number>();
    const limitMonths = new Map<number, { from: string; to: string }>();
    for (const p of result.points) {
      groupSize.set(p.rebase_group, (groupSize.get(p.rebase_group) ?? 0) + 1);
      if (!p.used_for_limits) continue;
      const months = limitMonths.get(p.rebase_group);
      if (!months) limitMonths.set(p.rebase_group, { from: p.x, to: p.x });
      else months.to = p.x;
    }
    const tooFew = (p: SpcPoint) => thin || (groupSize.get(p.rebase_group) ?? 0) < MINIMUM_BASELINE_POINTS || p.mean === null;

    const charted = result.points.filter((p) => !tooFew(p));
    const shift = charted.length && charted.at(-1) === result.points.at(-1) ? latestShift(charted, runLength) : null;
    const accepted = shift ? acceptingEntry(entries, shift.from) : null;
    const lastGroup = result.points.at(-1)?.rebase_group;
    if (shift)
      suggestions.push({
        metric_id: def.id,
        breakdown,
        breakdown_value,
        month: shift.from,
        side: shift.side,
        run_points: shift.points,
        run_from: shift.from,
        run_to: shift.to,
        centre: charted.at(-1)!.mean!,
        accepted_by: accepted,
        config_line: rebaseConfigLine(def.id, shift.from, shift.side, shift.points),
      });

    for (const point of result.points) {
      const withheld = tooFew(point) ? "too_few_cases" : shift && !accepted && point.rebase_group === lastGroup ? "limits_out_of_date" : null;
      const limits = withheld === "too_few_cases" ? { lower: null, upper: null, clipped: null } : clipLimits(point.lpl, point.upl, range);
      const months = withheld === "too_few_cases" ? undefined : limitMonths.get(point.rebase_group);
      rows.push({
        metric_id: def.id,
        breakdown,
        breakdown_value,
        month: point.x,
        value: point.y,
        centre: withheld === "too_few_cases" ? null : point.mean,
        lower_limit: limits.lower,
        upper_limit: limits.upper,
        special_cause: withheld === "too_few_cases" ? null : point.special_cause || null,
        variation: withheld === "too_few_cases" ? null : point.variation,
        assurance: withheld ? null : point.assurance,
        rebase_group: point.rebase_group,
        short_group: point.short_group,
        provisional: byMonth.get(point.x)?.provisional ?? false,
        withheld_reason: withheld,
        limits_clipped: limits.clipped,
        limits_from: months?.from ?? null,
        limits_to: months?.to ?? null,
        suppressed: false,
        empty_reason: null,
      });
    }
  }
  return { rows, suggestions };
}

/**
 * A metric's month cells of the SPC breakdowns, raw and published, gathered period by period (computed now or
 * copied from the previous run), then turned into its SPC series.
 */
export class SpcMonths {
  private readonly raw: SpcMonthCell[] = [];
  private readonly published = new Map<string, Pick<MetricValueRow, "suppressed" | "value" | "empty_reason">>();

  add(raw: readonly SpcMonthCell[], published: ReadonlyArray<SpcMonthCell & Pick<MetricValueRow, "suppressed" | "empty_reason">>): void {
    for (const row of raw) if (row.period_type === "month" && SPC_BREAKDOWNS.has(row.breakdown)) this.raw.push(row);
    for (const row of published)
      if (row.period_type === "month" && SPC_BREAKDOWNS.has(row.breakdown))
        this.published.set(`${row.breakdown}|${row.breakdown_value}|${row.period}`, row);
  }

  series(def: MetricDefinition, config: AllianceConfig): { spc: SpcRow[]; publishedSpc: SpcRow[]; suggestions: SpcSuggestionRow[] } {
    const { rows, suggestions } = spcRowsFor(def, config, this.raw);
    return { spc: rows, publishedSpc: publishSpc(rows, this.published), suggestions };
  }
}
