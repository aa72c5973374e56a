// The data quality page: submissions per partner and quarter, rows loaded and rejected with the top reasons,
// linkage (DQ-01), late or missing files and the published figures they leave incomplete.
import { html } from "htl";
import { decodeColumns, groupBy, longDate, parseQuarter, quarterLabel } from "./data.js";
import { dataTable } from "./figure.js";
import { formatCount, formatValue, valueCell } from "./format.js";
import { datasetLabel } from "./completeness.js";
import { disclosureCountWords } from "./labels.js";

export function decodeDataQuality(raw) {
  const submissions = decodeColumns(raw.submissions).map((d) => ({ ...d, year: financialYear(d.period) }));
  const incomplete = new Map();
  for (const row of raw.incomplete) {
    const entry = incomplete.get(row.submission) ?? { metrics: new Set(), quarters: new Set(), rolling12: new Set() };
    for (const m of row.metrics.split(";")) entry.metrics.add(m);
    for (const p of row.periods.split(";")) (row.period_type === "quarter" ? entry.quarters : entry.rolling12).add(p);
    incomplete.set(row.submission, entry);
  }
  return { partners: raw.partners, submissions, reasons: raw.reasons, refused: raw.refused, incomplete, disclosure: raw.disclosure ?? [] };
}

export function financialYear(period) {
  const q = parseQuarter(period);
  return q ? `${q.fy}-${String((q.fy + 1) % 100).padStart(2, "0")}` : null;
}

export const ARRIVAL = {
  on_time: { label: "On time", symbol: "✓" },
  late: { label: "Late", symbol: "!" },
  missing: { label: "Missing", symbol: "✗" },
};

function arrivalText(d) {
  return `${ARRIVAL[d.arrival]?.label ?? d.arrival}${d.resubmitted ? ", resubmitted" : ""}`;
}

export function filterSubmissions(dq, { partner, year }) {
  return dq.submissions.filter((d) => (partner === "all" || d.partner === partner) && (year === "all" || d.year === year));
}

export function summaryCards(rows, linkage) {
  const sum = (k) => rows.reduce((s, d) => s + (d[k] ?? 0), 0);
  const count = (f) => rows.filter(f).length;
  const read = sum("rows_read");
  const rejected = sum("rows_rejected");
  const cards = [
    { label: "Submissions expected", value: formatCount(rows.length) },
    { label: "On time", value: formatCount(count((d) => d.arrival === "on_time")) },
    { label: "Late", value: formatCount(count((d) => d.arrival === "late")) },
    { label: "Missing", value: formatCount(count((d) => d.arrival === "missing")) },
    { label: "Resubmitted", value: formatCount(count((d) => d.resubmitted)) },
    { label: "Rows loaded", value: formatCount(sum("rows_loaded")) },
    { label: "Rows rejected", value: `${formatCount(rejected)}${read ? ` (${formatValue(rejected / read, "percent")})` : ""}` },
    linkage,
  ].filter(Boolean);
  return html`<div class="cards">${cards.map((c) => html`<div class="card"><div class="big">${c.value}</div><div>${c.label}</div></div>`)}</div>`;
}

/** Partner x dataset rows, one column per quarter: how each expected submission arrived. */
export function statusGrid(rows, partnerName, title) {
  const quarters = [...new Set(rows.map((d) => d.period))].sort();
  const byKey = groupBy(rows, (d) => `${d.partner}|${d.dataset}`);
  const lines = [...byKey.entries()].map(([key, list]) => {
    const [partner, dataset] = key.split("|");
    return { partner, dataset, byPeriod: new Map(list.map((d) => [d.period, d])) };
  });
  const cell = (d) => {
    if (!d) return html`<span class="muted">not expected</span>`;
    const a = ARRIVAL[d.arrival] ?? { label: d.arrival, symbol: "?" };
    return html`<span class=${`status status-${d.arrival}`}><span aria-hidden="true">${a.symbol} </span>${a.label}${d.resubmitted ? html`<br><span class="flag">Resubmitted</span>` : ""}${
      d.rows_rejected ? html`<br><span class="muted">${formatCount(d.rows_rejected)} rows rejected</span>` : ""
    }</span>`;
  };
  return dataTable({
    title,
    rows: lines,
    columns: [
      { key: "partner", label: "Partner", rowHeader: true, cell: (d) => html`${partnerName(d.partner)}<br><span class="muted">${datasetLabel(d.dataset)}</span>` },
      ...quarters.map((q) => ({ key: q, label: quarterLabel(q, { short: true }), cell: (d) => cell(d.byPeriod.get(q)) })),
    ],
    csvColumns: [
      { label: "partner", csv: (d) => d.partner },
      { label: "partner_name", csv: (d) => partnerName(d.partner) },
      { label: "dataset", csv: (d) => d.dataset },
      { label: "dataset_name", csv: (d) => datasetLabel(d.dataset) },
      ...quarters.map((q) => ({ label: q, csv: (d) => (d.byPeriod.get(q) ? arrivalText(d.byPeriod.get(q)) : "not expected") })),
    ],
    tall: lines.length > 20,
    id: "status-grid",
  });
}

/** Per partner and quarter: submissions, rows loaded and rejected, top reasons, linkage. */
export function partnerQuarterTable(dq, rows, { partnerName, linkageByPartnerPeriod, title }) {
  const reasonsBy = groupBy(dq.reasons, (r) => `${r.partner}|${r.period}`);
  const groups = [...groupBy(rows, (d) => `${d.partner}|${d.period}`).entries()].map(([key, list]) => {
    const [partner, period] = key.split("|");
    const sum = (k) => list.reduce((s, d) => s + (d[k] ?? 0), 0);
    return {
      partner,
      period,
      expected: list.length,
      on_time: list.filter((d) => d.arrival === "on_time").length,
      late: list.filter((d) => d.arrival === "late").map((d) => datasetLabel(d.dataset)),
      missing: list.filter((d) => d.arrival === "missing").map((d) => datasetLabel(d.dataset)),
      resubmitted: list.filter((d) => d.resubmitted).map((d) => datasetLabel(d.dataset)),
      rows_read: sum("rows_read"),
      rows_loaded: sum("rows_loaded"),
      rows_rejected: sum("rows_rejected"),
      reasons: (reasonsBy.get(key) ?? []).slice(0, 3),
      linkage: linkageByPartnerPeriod.get(key) ?? null,
    };
  });
  groups.sort((a, b) => (a.period === b.period ? a.partner.localeCompare(b.partner) : a.period < b.period ? 1 : -1));
  const list = (items) => (items.length ? items.join(", ") : html`<span class="muted">none</span>`);
  return dataTable({
    title,
    rows: groups,
    columns: [
      { key: "partner", label: "Partner and quarter", rowHeader: true, cell: (d) => html`${partnerName(d.partner)}<br><span class="muted">${quarterLabel(d.period, { short: true })}</span>` },
      { key: "expected", label: "Files expected", num: true, cell: (d) => formatCount(d.expected) },
      { key: "on_time", label: "On time", num: true, cell: (d) => formatCount(d.on_time) },
      { key: "late", label: "Late", cell: (d) => list(d.late) },
      { key: "missing", label: "Missing", cell: (d) => list(d.missing) },
      { key: "resubmitted", label: "Resubmitted", cell: (d) => list(d.resubmitted) },
      { key: "rows_loaded", label: "Rows loaded", num: true, cell: (d) => formatCount(d.rows_loaded) },
      { key: "rows_rejected", label: "Rows rejected", num: true, cell: (d) => html`${formatCount(d.rows_rejected)}${d.rows_read ? html`<br><span class="muted">${formatValue(d.rows_rejected / d.rows_read, "percent")}</span>` : ""}` },
      {
        key: "reasons",
        label: "Top rejection reasons",
        cell: (d) => (d.reasons.length ? html`<ul style="margin:0;padding-left:1rem">${d.reasons.map((r) => html`<li>${datasetLabel(r.dataset)}, ${r.field}: ${r.rule} (${formatCount(r.rows)} rows)</li>`)}</ul>` : html`<span class="muted">none</span>`),
      },
      { key: "linkage", label: "Hospital deaths that link (DQ-01)", num: true, cell: (d) => linkageCell(d.linkage) },
    ],
    csvColumns: [
      { label: "partner", csv: (d) => d.partner },
      { label: "partner_name", csv: (d) => partnerName(d.partner) },
      { label: "period", csv: (d) => d.period },
      { label: "files_expected", csv: (d) => d.expected },
      { label: "on_time", csv: (d) => d.on_time },
      { label: "late", csv: (d) => d.late.join("; ") },
      { label: "missing", csv: (d) => d.missing.join("; ") },
      { label: "resubmitted", csv: (d) => d.resubmitted.join("; ") },
      { label: "rows_read", csv: (d) => d.rows_read },
      { label: "rows_loaded", csv: (d) => d.rows_loaded },
      { label: "rows_rejected", csv: (d) => d.rows_rejected },
      { label: "top_reasons", csv: (d) => d.reasons.map((r) => `${r.dataset}.${r.field}: ${r.rule} (${r.rows})`).join("; ") },
      { label: "linkage_rate", csv: (d) => (d.linkage?.suppressed ? "*" : d.linkage?.value) },
    ],
    tall: true,
    id: "partner-quarter",
  });
}

function linkageCell(row) {
  if (!row) return html`<span class="muted">not applicable</span>`;
  if (row.suppressed) return valueCell(row, "percent").node;
  if (row.value == null) return html`<span class="empty-value">No value: ${row.empty_reason?.replace(/_/g, " ") ?? "none"}</span>`;
  return formatValue(row.value, "percent");
}

/** Rejection reasons summed over the filtered partners and quarters. */
export function reasonsTable(dq, { partner, year, partnerName }) {
  const filtered = dq.reasons.filter((r) => (partner === "all" || r.partner === partner) && (year === "all" || financialYear(r.period) === year));
  const totals = [...groupBy(filtered, (r) => `${r.partner}|${r.dataset}|${r.field}|${r.rule}`).values()]
    .map((list) => ({ ...list[0], rows: list.reduce((s, r) => s + r.rows, 0), quarters: list.length }))
    .sort((a, b) => b.rows - a.rows)
    .slice(0, 25);
  return dataTable({
    title: "Top reasons rows were rejected",
    rows: totals,
    columns: [
      { key: "partner", label: "Partner", rowHeader: true, cell: (d) => partnerName(d.partner) },
      { key: "dataset", label: "Dataset and field", cell: (d) => html`${datasetLabel(d.dataset)}<br><span class="muted">${d.field}</span>` },
      { key: "rule", label: "Rule broken" },
      { key: "rows", label: "Rows rejected", num: true, cell: (d) => formatCount(d.rows) },
      { key: "quarters", label: "Quarters affected", num: true },
    ],
    csvColumns: [
      { label: "partner", csv: (d) => d.partner },
      { label: "partner_name", csv: (d) => partnerName(d.partner) },
      { label: "dataset", csv: (d) => d.dataset },
      { label: "dataset_name", csv: (d) => datasetLabel(d.dataset) },
      { label: "field", csv: (d) => d.field },
      { label: "rule", csv: (d) => d.rule },
      { label: "rows_rejected", csv: (d) => d.rows },
      { label: "quarters", csv: (d) => d.quarters },
    ],
    note: "The top five reasons per partner and quarter, summed over the quarters shown. Values the partner sent are not repeated here: see the ingest report on the build machine.",
    id: "reasons",
  });
}

/** Late and missing submissions, and which published figures a missing one leaves incomplete. */
export function lateMissingTable(dq, rows, { partnerName, definitionName }) {
  const problems = rows.filter((d) => d.arrival !== "on_time").sort((a, b) => (a.period < b.period ? 1 : -1));
  const effect = (d) => dq.incomplete.get(`${d.partner}:${d.period}`);
  const daysLate = (d) => (d.submitted && d.due_date ? Math.round((Date.parse(d.submitted) - Date.parse(d.due_date)) / 86_400_000) : null);
  return dataTable({
    title: "Late or missing submissions and the figures they make incomplete",
    rows: problems,
    columns: [
      { key: "partner", label: "Partner", rowHeader: true, cell: (d) => html`${partnerName(d.partner)}<br><span class="muted">${datasetLabel(d.dataset)}</span>` },
      { key: "period", label: "Quarter", cell: (d) => quarterLabel(d.period, { short: true }) },
      { key: "arrival", label: "Status", cell: (d) => html`<strong>${ARRIVAL[d.arrival]?.label ?? d.arrival}</strong>${d.resubmitted ? html`<br><span class="flag">Resubmitted</span>` : ""}` },
      { key: "due", label: "Due", cell: (d) => longDate(d.due_date) },
      { key: "submitted", label: "Received", cell: (d) => (d.submitted ? html`${longDate(d.submitted)}${daysLate(d) > 0 ? html`<br><span class="muted">${daysLate(d)} days late</span>` : ""}` : html`<span class="muted">not received</span>`) },
      {
        key: "effect",
        label: "Figures made incomplete",
        cell: (d) => {
          if (d.arrival !== "missing") return html`<span class="muted">none now: it arrived and is loaded</span>`;
          const e = effect(d);
          if (!e) return html`<span class="muted">no published figure depends on it</span>`;
          return html`${[...e.metrics].map((m) => html`<span class="flag" title=${definitionName(m)}>${m}</span>`)}<br><span class="muted">quarters ${[...e.quarters].map((q) => q.replace(/-Q/, " Q")).join(", ")}${
            e.rolling12.size ? `; rolling 12 months ending ${[...e.rolling12].map((q) => q.replace(/-Q/, " Q")).join(", ")}` : ""
          }</span>`;
        },
      },
    ],
    csvColumns: [
      { label: "partner", csv: (d) => d.partner },
      { label: "partner_name", csv: (d) => partnerName(d.partner) },
      { label: "dataset", csv: (d) => d.dataset },
      { label: "dataset_name", csv: (d) => datasetLabel(d.dataset) },
      { label: "period", csv: (d) => d.period },
      { label: "status", csv: (d) => arrivalText(d) },
      { label: "due_date", csv: (d) => d.due_date },
      { label: "received", csv: (d) => d.submitted },
      { label: "metrics_incomplete", csv: (d) => (d.arrival === "missing" ? [...(effect(d)?.metrics ?? [])].join("; ") : "") },
      { label: "quarters_incomplete", csv: (d) => (d.arrival === "missing" ? [...(effect(d)?.quarters ?? [])].join("; ") : "") },
      { label: "rolling12_incomplete", csv: (d) => (d.arrival === "missing" ? [...(effect(d)?.rolling12 ?? [])].join("; ") : "") },
    ],
    note: "A missing submission leaves every figure that needs it (the quarter, later quarters whose look-back reaches it, and rolling 12 months containing it) marked incomplete: those figures carry an Incomplete flag on the metric pages.",
    tall: problems.length > 15,
    id: "late-missing",
  });
}

export function refusedTable(dq, partnerName) {
  if (!dq.refused.length) return html`<p>No file was refused whole in the current load.</p>`;
  return dataTable({
    title: "Files refused whole",
    rows: dq.refused,
    columns: [
      { key: "partner", label: "Partner", rowHeader: true, cell: (d) => partnerName(d.partner) },
      { key: "dataset", label: "Dataset" },
      { key: "period", label: "Quarter", cell: (d) => quarterLabel(d.period, { short: true }) },
      { key: "reason", label: "Reason" },
    ],
    id: "refused",
  });
}

/** Partner rows, quarter columns: each partner's submissions for the quarter in one cell. */
export function partnerStatusGrid(rows, quarters, { partnerName, title }) {
  const byPartner = groupBy(rows, "partner");
  const lines = [...byPartner.entries()].map(([partner, list]) => ({ partner, byPeriod: groupBy(list, "period") }));
  const summary = (list) => {
    if (!list?.length) return { text: "not expected", node: html`<span class="muted">not expected</span>` };
    const late = list.filter((d) => d.arrival === "late").map((d) => datasetLabel(d.dataset));
    const missing = list.filter((d) => d.arrival === "missing").map((d) => datasetLabel(d.dataset));
    const resubmitted = list.filter((d) => d.resubmitted).map((d) => datasetLabel(d.dataset));
    const rejected = list.reduce((s, d) => s + (d.rows_rejected ?? 0), 0);
    const parts = [];
    if (!late.length && !missing.length) parts.push(`All ${list.length} on time`);
    if (late.length) parts.push(`Late: ${late.join(", ")}`);
    if (missing.length) parts.push(`Missing: ${missing.join(", ")}`);
    if (resubmitted.length) parts.push(`Resubmitted: ${resubmitted.join(", ")}`);
    if (rejected) parts.push(`${rejected} rows rejected`);
    const status = missing.length ? "missing" : late.length ? "late" : "on_time";
    return {
      text: parts.join("; "),
      node: html`<span class=${`status status-${status}`}><span aria-hidden="true">${ARRIVAL[status].symbol} </span>${parts.map((p, i) => html`${i ? html`<br>` : ""}${i ? html`<span class="muted">${p}</span>` : html`<strong>${p}</strong>`}`)}</span>`,
    };
  };
  return dataTable({
    title,
    rows: lines,
    columns: [
      { key: "partner", label: "Partner", rowHeader: true, cell: (d) => partnerName(d.partner) },
      ...quarters.map((q) => ({ key: q, label: quarterLabel(q, { short: true }), cell: (d) => summary(d.byPeriod.get(q)).node })),
    ],
    csvColumns: [{ label: "partner", csv: (d) => d.partner },
      { label: "partner_name", csv: (d) => partnerName(d.partner) }, ...quarters.map((q) => ({ label: q, csv: (d) => summary(d.byPeriod.get(q)).text }))],
    id: "partner-status",
  });
}

/**
 * Per metric, how many published figures disclosure control hides and why (primary: resting on few people;
 * secondary: hidden so a primary one cannot be worked out by subtraction). Counts only: never which cells.
 */
export function disclosureTable(dq, { definitionName, disclosure }) {
  const [lo, hi] = disclosure?.suppress ?? [1, 7];
  return dataTable({
    title: "Figures hidden by disclosure control, per metric",
    rows: dq.disclosure,
    columns: [
      { key: "metric_id", label: "Metric", rowHeader: true, cell: (d) => html`${definitionName(d.metric_id)}<br><span class="muted">${d.metric_id}</span>` },
      { key: "cells", label: "Published figures", num: true, cell: (d) => formatCount(d.cells) },
      { key: "primary_cells", label: `Hidden: ${lo} to ${hi} people`, num: true, cell: (d) => formatCount(d.primary_cells) },
      { key: "secondary_cells", label: "Hidden to protect a small number elsewhere", num: true, cell: (d) => formatCount(d.secondary_cells) },
      { key: "words", label: "In words", cell: (d) => disclosureCountWords(d, disclosure) },
    ],
    csvColumns: [
      { label: "metric_id", csv: (d) => d.metric_id },
      { label: "published_figures", csv: (d) => d.cells },
      { label: "hidden_primary", csv: (d) => d.primary_cells },
      { label: "hidden_secondary", csv: (d) => d.secondary_cells },
    ],
    note: `Every month, quarter and rolling 12 months of every breakdown counts as a figure. A figure resting on ${lo} to ${hi} people is hidden (primary); so is any other figure from which one could be worked out by subtraction (secondary): totals, breakdowns, practices within PCNs and localities, months within quarters, quarters within rolling 12 months, and SPC centre lines are all considered together. Which figures are secondary is not listed.`,
    tall: dq.disclosure.length > 15,
    id: "disclosure",
  });
}
