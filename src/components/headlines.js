// Headline statements written from the data: significant changes against baseline, and targets.
import { formatPair, formatValue } from "./format.js";

function lowerFirst(name) {
  return name;
}

/**
 * One sentence for a metric's alliance value in a period, or null when there is nothing to say:
 * "Deaths in usual place of residence rose from 46% at baseline to 61%, a significant improvement."
 */
export function changeStatement(row, definition) {
  if (!row || row.value == null || row.baseline_value == null || !row.change_assessment) return null;
  const unit = definition.unit;
  const [before, after] = formatPair(row.baseline_value, row.value, unit);
  const up = row.value > row.baseline_value;
  const verb = row.value === row.baseline_value ? "was unchanged at" : up ? "rose" : "fell";
  const what = {
    improved: "a significant improvement",
    worse: "a significant deterioration",
    no_significant_change: "not a significant change",
  }[row.change_assessment];
  if (!what) return null;
  const unitWords = unit === "percent" || unit === "gbp_per_decedent" ? "" : ` ${unit === "per_decedent" ? "per decedent" : "per 1,000 register days"}`;
  const text =
    verb === "was unchanged at"
      ? `${lowerFirst(definition.name)} was unchanged at ${after}${unitWords} against baseline.`
      : `${lowerFirst(definition.name)} ${verb} from ${before}${unitWords} at baseline to ${after}, ${what}${row.provisional ? " (provisional)" : ""}.`;
  return { metric: definition.id, kind: row.change_assessment, text };
}

export function targetStatement(row, definition) {
  if (!row || row.target == null || !row.rag || row.rag === "grey") return null;
  const words = { green: "meeting", amber: "just short of", red: "short of" }[row.rag];
  if (!words) return null;
  const value = formatValue(row.value, definition.unit);
  return {
    metric: definition.id,
    kind: `target-${row.rag}`,
    text: `${definition.name} was ${value}, ${words} the target of ${formatValue(row.target, definition.unit)} (${row.rag}).`,
  };
}

/**
 * The headlines for a period: every significant change (deteriorations first), then targets missed.
 * rows: the alliance rows of the period (one per metric); definitions: in catalogue order.
 */
export function headlines(rows, definitions) {
  const byMetric = new Map(rows.map((r) => [r.metric_id, r]));
  const changes = [];
  const targets = [];
  for (const d of definitions) {
    const row = byMetric.get(d.id);
    const change = changeStatement(row, d);
    if (change && change.kind !== "no_significant_change") changes.push(change);
    const target = targetStatement(row, d);
    if (target && target.kind !== "target-green") targets.push(target);
  }
  changes.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "worse" ? -1 : 1));
  return { changes, targets };
}
