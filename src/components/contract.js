// Contract metrics for commissioners: the KPIs with targets and their RAG in every quarter of the contract.
import { html } from "htl";
import { periodLabel, quarterLabel, quarterOverlaps } from "./data.js";
import { dataTable } from "./figure.js";
import { DIRECTION_LABELS, flagNodes, formatValue, valueCell } from "./format.js";
import { ragBadge, ragText } from "./mdc.js";

/** The metrics with a contract target, in catalogue order. */
export function contractMetrics(site) {
  return site.definitions.metrics.filter((m) => m.target);
}

/** Quarters of the contract window that have data, oldest first. */
export function contractQuarters(site, quarters) {
  return quarters.filter((q) => quarterOverlaps(q, site.meta.contract));
}

export function kpiTable(site, { period, periodType }) {
  const metrics = contractMetrics(site);
  const cellOptions = { disclosure: site.meta.disclosure, emptyReasons: site.meta.empty_reasons };
  const rowOf = (m) => (site.valuesByMetric.get(m.id) ?? []).find((d) => d.period_type === periodType && d.period === period);
  const rows = metrics.map((m) => ({ definition: m, row: rowOf(m) }));
  return dataTable({
    title: `Contract KPIs: ${periodLabel(period, periodType)}`,
    rows,
    columns: [
      { key: "metric", label: "KPI", rowHeader: true, cell: (d) => html`${d.definition.name} <span class="metric-id">${d.definition.id}</span>` },
      { key: "target", label: "Target", num: true, cell: (d) => formatValue(d.definition.target.target, d.definition.unit) },
      { key: "tolerance", label: "Amber tolerance", num: true, cell: (d) => `${d.definition.unit === "percent" ? `${(d.definition.target.tolerance * 100).toFixed(1)} percentage points` : formatValue(d.definition.target.tolerance, d.definition.unit)}` },
      { key: "direction", label: "Direction", cell: (d) => DIRECTION_LABELS[d.definition.direction] },
      { key: "value", label: "Value", num: true, cell: (d) => html`${valueCell(d.row, d.definition.unit, cellOptions).node}${d.row?.provisional || d.row?.incomplete ? html`<br>${flagNodes(d.row)}` : ""}` },
      { key: "rag", label: "RAG", cell: (d) => ragBadge(d.row?.rag ?? "grey") },
    ],
    csvColumns: [
      { label: "metric_id", csv: (d) => d.definition.id },
      { label: "metric", csv: (d) => d.definition.name },
      { label: "period_type", csv: () => periodType },
      { label: "period", csv: () => period },
      { label: "target", csv: (d) => d.definition.target.target },
      { label: "tolerance", csv: (d) => d.definition.target.tolerance },
      { label: "direction", csv: (d) => d.definition.direction },
      { label: "value", csv: (d) => (d.row?.suppressed ? "*" : d.row?.value) },
      { label: "empty_reason", csv: (d) => d.row?.empty_reason },
      { label: "rag", csv: (d) => (d.row?.rag ? ragText(d.row.rag) : "") },
      { label: "incomplete", csv: (d) => d.row?.incomplete ?? "" },
      { label: "missing_submissions", csv: (d) => d.row?.missing_submissions },
      { label: "provisional", csv: (d) => d.row?.provisional ?? "" },
    ],
    id: "kpis",
    note: "Green: meets the target; amber: misses it by no more than the tolerance; red: misses it by more; grey: not assessed (value hidden, empty or not yet due).",
  });
}

/** KPI rows, quarter columns: the RAG (shape, colour and word) and the value in every quarter of the contract. */
export function ragGrid(site, quarters, { periodType }) {
  const metrics = contractMetrics(site);
  const cellOptions = { disclosure: site.meta.disclosure, emptyReasons: site.meta.empty_reasons };
  const rows = metrics.map((m) => ({ definition: m, byPeriod: new Map((site.valuesByMetric.get(m.id) ?? []).filter((d) => d.period_type === periodType).map((d) => [d.period, d])) }));
  const cell = (d, q) => {
    const row = d.byPeriod.get(q);
    if (!row) return html`<span class="muted">no data</span>`;
    return html`${ragBadge(row.rag ?? "grey")}<br><span class="muted">${valueCell(row, d.definition.unit, cellOptions).node}</span>`;
  };
  return dataTable({
    title: `RAG per quarter over the contract (${periodType === "rolling12" ? "rolling 12 months ending in each quarter" : "quarterly values"})`,
    rows,
    columns: [
      { key: "metric", label: "KPI", rowHeader: true, cell: (d) => html`${d.definition.name} <span class="metric-id">${d.definition.id}</span><br><span class="muted">target ${formatValue(d.definition.target.target, d.definition.unit)}</span>` },
      ...quarters.map((q) => ({ key: q, label: quarterLabel(q, { short: true }), cell: (d) => cell(d, q) })),
    ],
    csvColumns: [
      { label: "metric_id", csv: (d) => d.definition.id },
      { label: "metric", csv: (d) => d.definition.name },
      { label: "target", csv: (d) => d.definition.target.target },
      ...quarters.map((q) => ({ label: `${q} rag`, csv: (d) => d.byPeriod.get(q)?.rag ?? "" })),
      ...quarters.map((q) => ({ label: `${q} value`, csv: (d) => (d.byPeriod.get(q)?.suppressed ? "*" : d.byPeriod.get(q)?.value) })),
    ],
    id: "rag-grid",
  });
}
