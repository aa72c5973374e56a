import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { type MetricDefinition, valueMultiplier } from "../definition.ts";
import { applyDisclosureControl, rag, TOTAL_BREAKDOWN_VALUE, type DisclosureCell, type ValueKind } from "../statistics/index.ts";
import type { Counts } from "./aggregate.ts";
import type { MetricValueRow, SpcRow } from "./columns.ts";

/**
 * The disclosure-controlled copies (`published/`), as each metric's rows are written: primary suppression of
 * cells resting on 1-7 people (config `disclosure.suppress`) and optional rounding (`roundTo`). The secondary
 * cells that keep them from being recovered by subtraction are added over every linked table at the end
 * (`disclosure.ts`). Intervals,
 * changes and SPC limits stay as computed from unrounded counts; a hidden cell loses them all.
 *
 * Baselines are controlled the same way (the baseline window is a table of its own): a baseline value resting on
 * 1-7 people is hidden, and so are the change figures derived from it.
 */

const KIND: Record<MetricDefinition["unit"], ValueKind> = {
  percent: "proportion",
  per_decedent: "per_decedent",
  per_1000_register_days: "rate",
  gbp_per_decedent: "currency",
};

interface Controllable {
  breakdown: string;
  breakdown_value: string;
  numerator: number | null;
  denominator: number | null;
  numerator_people: number | null;
  denominator_people: number | null;
  value: number | null;
}

type Published<T> = T & { suppressed: boolean };

/**
 * Applies disclosure control to the cells of one period (every breakdown of one metric, the alliance total
 * among them), breakdown by breakdown against the total. Returns the cells in input order.
 */
function controlPeriod<T extends Controllable>(def: MetricDefinition, config: AllianceConfig, cells: readonly T[]): Array<Published<T>> {
  // Secondary cells are chosen over all linked tables at once, after every metric is written (disclosure.ts).
  const settings = { suppress: config.disclosure.suppress, roundTo: config.disclosure.roundTo, secondary: false };
  const asCell = (c: T): T & DisclosureCell => ({ ...c, kind: KIND[def.unit], multiplier: valueMultiplier(def.unit) });
  const strip = (c: T & DisclosureCell & { suppressed: boolean; suppression_reason: string | null }): Published<T> => {
    const { kind: _kind, multiplier: _multiplier, suppression_reason: _reason, ...rest } = c;
    return rest as unknown as Published<T>;
  };
  const published = new Map<T, Published<T>>();
  const total = cells.find((c) => c.breakdown === "alliance");
  if (total) published.set(total, strip(applyDisclosureControl([asCell(total)], settings)[0]!));
  const byBreakdown = new Map<string, T[]>();
  for (const c of cells) {
    if (c.breakdown === "alliance") continue;
    const members = byBreakdown.get(c.breakdown) ?? [];
    members.push(c);
    byBreakdown.set(c.breakdown, members);
  }
  const totalCell = total ? asCell({ ...total, breakdown_value: TOTAL_BREAKDOWN_VALUE }) : null;
  for (const members of byBreakdown.values()) {
    // The total goes in under its own name so the statistics layer can tell it apart; members keep theirs.
    const out = applyDisclosureControl(totalCell ? [totalCell, ...members.map(asCell)] : members.map(asCell), settings);
    members.forEach((m, i) => published.set(m, strip(out[i + (totalCell ? 1 : 0)]!)));
  }
  return cells.map((c) => published.get(c)!);
}

type BaselineCell = Controllable;

/** Published baseline values by `breakdown|value` (null when hidden or empty). */
export function publishBaselines(
  def: MetricDefinition,
  config: AllianceConfig,
  baselines: ReadonlyMap<string, { counts: Counts; value: number | null }>,
): Map<string, number | null> {
  const cells: BaselineCell[] = [...baselines.entries()].map(([key, b]) => {
    const [breakdown, breakdown_value] = key.split("|") as [string, string];
    return { breakdown, breakdown_value, ...b.counts, value: b.value };
  });
  const out = controlPeriod(def, config, cells);
  return new Map(out.map((c) => [`${c.breakdown}|${c.breakdown_value}`, c.suppressed ? null : c.value]));
}

/** The published copy of one period's rows of a metric. */
export function publishPeriod(
  def: MetricDefinition,
  config: AllianceConfig,
  rows: readonly MetricValueRow[],
  publishedBaselines: ReadonlyMap<string, number | null>,
): MetricValueRow[] {
  return controlPeriod(def, config, rows).map((row) => {
    const out: MetricValueRow = { ...row };
    if (out.suppressed && out.empty_reason === null) out.empty_reason = "suppressed";
    const baseline = publishedBaselines.get(`${row.breakdown}|${row.breakdown_value}`) ?? null;
    if (out.baseline_value !== null && baseline === null) {
      out.baseline_value = null;
      out.change_scale = null;
      out.change = null;
      out.change_lower = null;
      out.change_upper = null;
      out.change_assessment = null;
    } else if (out.baseline_value !== null) {
      out.baseline_value = baseline;
    }
    // With rounding the published value is recomputed from rounded counts; rate it as shown.
    if (!out.suppressed && config.disclosure.roundTo)
      out.rag = rag({ value: out.value, target: out.target, tolerance: toleranceOf(config, def.id), direction: def.direction });
    return out;
  });
}

function toleranceOf(config: AllianceConfig, metric: string): number | null {
  return config.targets.find((t) => t.metric === metric)?.tolerance ?? null;
}

/**
 * The published SPC series: a point whose month cell is hidden in the published metric_values loses its value,
 * special cause and variation (they would place it against the limits) and says why; with rounding, the value
 * shown is the published (rounded) one. Centre and limits come from unrounded counts.
 */
export function publishSpc(
  rows: readonly SpcRow[],
  publishedMonths: ReadonlyMap<string, Pick<MetricValueRow, "suppressed" | "value" | "empty_reason">>,
): SpcRow[] {
  return rows.map((row) => {
    const cell = publishedMonths.get(`${row.breakdown}|${row.breakdown_value}|${row.month}`);
    if (!cell || cell.suppressed || cell.value === null)
      return { ...row, value: null, special_cause: null, variation: null, suppressed: cell?.suppressed ?? true, empty_reason: cell?.empty_reason ?? "suppressed" };
    return { ...row, value: cell.value };
  });
}
