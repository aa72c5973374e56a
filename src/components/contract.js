// Contract metrics for commissioners: the KPIs with targets and their RAG in every quarter of the contract.
import { html } from "htl";
import { periodLabel, quarterLabel, quarterOverlaps } from "./data.js";
import { dataTable } from "./figure.js";
import { DIRECTION_LABELS, flagNodes, formatCount, formatValue, valueCell } from "./format.js";
import { datasetLabel } from "./completeness.js";
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
    title: `RAG per quarter over the contract, latest first (${periodType === "rolling12" ? "rolling 12 months ending in each quarter" : "quarterly values"})`,
    rows,
    columns: [
      { key: "metric", label: "KPI", rowHeader: true, cell: (d) => html`${d.definition.name} <span class="metric-id">${d.definition.id}</span><br><span class="muted">target ${formatValue(d.definition.target.target, d.definition.unit)}</span>` },
      // latest quarter first: the newest RAG is on screen without scrolling
      ...[...quarters].sort().reverse().map((q) => ({ key: q, label: quarterLabel(q, { short: true }), cell: (d) => cell(d, q) })),
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

/** How a submission arrived, in words with a colour class and a shape (never colour alone). */
export const SUBMISSION_STATUS = {
  on_time: { label: "On time", icon: "✓" },
  late: { label: "Late", icon: "!" },
  missing: { label: "Missing", icon: "✗" },
  not_expected: { label: "None expected", icon: "–" },
};

/**
 * Partner rows, quarter columns (latest first, so the newest quarters are on screen without scrolling): each
 * cell says in words how that partner's files arrived (on time, late, missing) with colour and an icon, and
 * names the late or missing datasets. rows: expected_submissions rows; partners: [{ code, name }].
 */
export function submissionStatusGrid(rows, quarters, { partners, title }) {
  const latestFirst = [...quarters].sort().reverse();
  const cellOf = (partner, quarter) => {
    const list = rows.filter((d) => d.partner === partner && d.period === quarter);
    if (!list.length) return { status: "not_expected", late: [], missing: [], resubmitted: [], rejected: 0, files: 0 };
    const late = list.filter((d) => d.arrival === "late").map((d) => d.dataset);
    const missing = list.filter((d) => d.arrival === "missing").map((d) => d.dataset);
    return {
      status: missing.length ? "missing" : late.length ? "late" : "on_time",
      late,
      missing,
      resubmitted: list.filter((d) => d.resubmitted).map((d) => d.dataset),
      rejected: list.reduce((sum, d) => sum + (d.rows_rejected ?? 0), 0),
      files: list.length,
    };
  };
  const words = (c) => {
    const parts = [];
    if (c.status === "on_time") parts.push(`all ${c.files} ${c.files === 1 ? "file" : "files"} on time`);
    if (c.missing.length) parts.push(`missing: ${c.missing.map(datasetLabel).join(", ")}`);
    if (c.late.length) parts.push(`late: ${c.late.map(datasetLabel).join(", ")}`);
    if (c.resubmitted.length) parts.push(`resubmitted: ${c.resubmitted.map(datasetLabel).join(", ")}`);
    if (c.rejected) parts.push(`${formatCount(c.rejected)} ${c.rejected === 1 ? "row" : "rows"} rejected`);
    return parts;
  };
  const cell = (c) => {
    const s = SUBMISSION_STATUS[c.status];
    const details = words(c).filter((w) => !w.endsWith("on time"));
    return html`<span class=${`submission submission-${c.status}`}><span class="submission-word"><span aria-hidden="true" class="submission-icon">${s.icon}</span> ${s.label}</span>${
      details.length ? html`<span class="submission-detail">${details.map((d, i) => html`${i ? html`<br>` : ""}${d}`)}</span>` : ""
    }</span>`;
  };
  const lines = partners.map((p) => ({ partner: p, cells: new Map(latestFirst.map((q) => [q, cellOf(p.code, q)])) }));
  return dataTable({
    title,
    rows: lines,
    columns: [
      { key: "partner", label: "Partner", rowHeader: true, cell: (d) => d.partner.name },
      ...latestFirst.map((q) => ({ key: q, label: quarterLabel(q, { short: true }), cell: (d) => cell(d.cells.get(q)) })),
    ],
    csvColumns: [
      { label: "partner", csv: (d) => d.partner.code },
      { label: "partner_name", csv: (d) => d.partner.name },
      ...latestFirst.map((q) => ({ label: q, csv: (d) => [SUBMISSION_STATUS[d.cells.get(q).status].label, ...words(d.cells.get(q)).filter((w) => !w.endsWith("on time"))].join("; ") })),
    ],
    id: "partner-status",
    note: "Latest quarter first. On time: every expected file arrived by the due date. Late: arrived after it and was loaded. Missing: not received, so the figures that need it are marked Incomplete.",
  });
}
