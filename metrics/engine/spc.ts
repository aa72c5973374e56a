import type { AllianceConfig } from "../../loaders/contract/config.ts";
import type { MetricDefinition } from "../definition.ts";
import { improvementDirectionOf, spcForSeries } from "../statistics/index.ts";
import type { MetricValueRow, SpcRow } from "./columns.ts";
import { publishSpc } from "./publish.ts";

/**
 * Making Data Count XmR charts on the monthly series of the alliance, each locality and each PCN. Months without
 * a value (empty for any reason) are skipped; limits come from the baseline months when a rebase group has at
 * least 12 of them, else from all its points; groups restart only at the config's rebase months for the metric;
 * assurance is judged against the metric's target.
 */

export const SPC_BREAKDOWNS = new Set(["alliance", "locality", "pcn"]);

/** What SPC reads of a month cell. */
export type SpcMonthCell = Pick<MetricValueRow, "period_type" | "period" | "breakdown" | "breakdown_value" | "value">;

export function spcRowsFor(def: MetricDefinition, config: AllianceConfig, monthCells: readonly SpcMonthCell[]): SpcRow[] {
  const series = new Map<string, SpcMonthCell[]>();
  for (const cell of monthCells) {
    if (cell.period_type !== "month" || !SPC_BREAKDOWNS.has(cell.breakdown) || cell.value === null) continue;
    const key = `${cell.breakdown}|${cell.breakdown_value}`;
    const list = series.get(key) ?? [];
    list.push(cell);
    series.set(key, list);
  }
  const target = config.targets.find((t) => t.metric === def.id)?.target ?? null;
  const rebaseMonths = config.rebase.filter((r) => r.metric === def.id).map((r) => r.month);
  const out: SpcRow[] = [];
  for (const cells of series.values()) {
    const result = spcForSeries(
      cells.map((c) => ({ x: c.period, y: c.value as number })),
      {
        baselineFrom: config.baseline.from,
        baselineTo: config.baseline.to,
        improvementDirection: improvementDirectionOf(def.direction),
        target,
        rebaseMonths,
      },
    );
    const { breakdown, breakdown_value } = cells[0]!;
    for (const point of result.points) {
      out.push({
        metric_id: def.id,
        breakdown,
        breakdown_value,
        month: point.x,
        value: point.y,
        centre: point.mean,
        lower_limit: point.lpl,
        upper_limit: point.upl,
        special_cause: point.special_cause || null,
        variation: point.variation,
        assurance: point.assurance,
        rebase_group: point.rebase_group,
        short_group: point.short_group,
      });
    }
  }
  return out;
}

/**
 * A metric's month cells of the SPC breakdowns, raw and published, gathered period by period (computed now or
 * copied from the previous run), then turned into its SPC series.
 */
export class SpcMonths {
  private readonly raw: SpcMonthCell[] = [];
  private readonly published = new Map<string, Pick<MetricValueRow, "suppressed" | "value">>();

  add(raw: readonly SpcMonthCell[], published: ReadonlyArray<SpcMonthCell & Pick<MetricValueRow, "suppressed">>): void {
    for (const row of raw) if (row.period_type === "month" && SPC_BREAKDOWNS.has(row.breakdown)) this.raw.push(row);
    for (const row of published)
      if (row.period_type === "month" && SPC_BREAKDOWNS.has(row.breakdown))
        this.published.set(`${row.breakdown}|${row.breakdown_value}|${row.period}`, row);
  }

  series(def: MetricDefinition, config: AllianceConfig): { spc: SpcRow[]; publishedSpc: SpcRow[] } {
    const spc = spcRowsFor(def, config, this.raw);
    return { spc, publishedSpc: publishSpc(spc, this.published) };
  }
}
