// The board scorecard: every metric's alliance value for a period in the Making Data Count summary style.
import { html } from "htl";
import { sparkline } from "./charts.js";
import { familyInfo, FAMILIES, lastMonthOfQuarter, monthLabel, pageHref, periodLabel, quarterLabel } from "./data.js";
import { cleanPlotAria, dataTable } from "./figure.js";
import { ASSESSMENT_LABELS, EMPTY_REASON_SHORT, flagNodes, formatChange, formatChangeInterval, formatValue, valueCell } from "./format.js";
import { headlines } from "./headlines.js";
import { ASSURANCE, assuranceIcon, MDC_LABELS, ragBadge, ragText, variationCategory, variationIcon, variationText } from "./mdc.js";
import { parseMissingSubmissions } from "./completeness.js";

/** The SPC point that speaks for a period: the latest month with a value, up to the period's last month. */
export function spcPointFor(series, period) {
  const last = lastMonthOfQuarter(period);
  const upTo = (series ?? []).filter((d) => d.month <= last);
  return [...upTo].reverse().find((d) => d.value != null) ?? null;
}

function changeNotAssessed(row, definition) {
  if (!row || row.value == null) return "No value to compare";
  if (definition.direction === "context") return "Not assessed: context metric";
  if (!definition.change_assessed) return "Not assessed for this metric";
  if (row.baseline_value == null) return "No baseline value";
  return "Not assessed: the period overlaps the baseline";
}

/** One scorecard row per metric, for a period and period type. */
export function scorecardRows(site, period, periodType) {
  return site.definitions.metrics.map((definition) => {
    const row = (site.valuesByMetric.get(definition.id) ?? []).find((d) => d.period_type === periodType && d.period === period) ?? null;
    const series = (site.spcByMetric.get(definition.id) ?? []).filter((d) => d.month <= lastMonthOfQuarter(period));
    const point = spcPointFor(series, period);
    return { definition, row, series, point };
  });
}

export function scorecardTable(site, rows, { period, periodType, base = "", title = null, grouped = true, id = "board" }) {
  const meta = site.meta;
  const cellOptions = { disclosure: meta.disclosure, emptyReasons: meta.empty_reasons };
  const columns = [
    {
      key: "metric",
      label: "Metric",
      rowHeader: true,
      cell: ({ definition }) => {
        const href = metricHref(definition, { base, period });
        return html`${href ? html`<a href=${href}>${definition.name}</a>` : definition.name} <span class="metric-id">${definition.id}</span>`;
      },
    },
    {
      key: "value",
      label: "Value",
      num: true,
      cell: ({ definition, row }) => {
        const v = valueCell(row, definition.unit, cellOptions);
        return html`${v.node}${row ? html`<br>${flagNodes(row)}` : ""}`;
      },
    },
    {
      key: "baseline",
      label: "Baseline",
      num: true,
      cell: ({ definition, row }) => (row?.baseline_value != null ? formatValue(row.baseline_value, definition.unit, { withUnit: true }) : html`<span class="empty-value">${row?.suppressed ? "*" : "none"}</span>`),
    },
    {
      key: "change",
      label: "Change from baseline",
      cell: ({ definition, row }) =>
        row?.change_assessment
          ? html`${formatChange(row, definition)}<br><span class="muted">${ASSESSMENT_LABELS[row.change_assessment]}${row.change_lower != null ? html`<span class="change-ci"> (95% CI ${formatChangeInterval(row, definition)})</span>` : ""}</span>`
          : html`${row?.change != null ? html`${formatChange(row, definition)}<br>` : ""}<span class="muted">${changeNotAssessed(row, definition)}</span>`,
    },
    {
      key: "target",
      label: "Target",
      num: true,
      cell: ({ definition, row }) => (row?.target != null ? formatValue(row.target, definition.unit, { withUnit: true }) : definition.target ? formatValue(definition.target.target, definition.unit, { withUnit: true }) : html`<span class="muted">none</span>`),
    },
    { key: "rag", label: "RAG", cell: ({ row, definition }) => (row?.target != null || definition.target ? ragBadge(row?.rag ?? "grey") : ragBadge(null)) },
    { key: "variation", label: "Variation", cell: ({ point }) => variationIcon(point?.variation) },
    { key: "assurance", label: "Assurance", cell: ({ point, definition }) => assuranceIcon(point?.assurance, { hasTarget: Boolean(definition.target), withheld: point?.withheld_reason }) },
    {
      key: "trend",
      label: "Monthly trend",
      cell: ({ definition, series }) => {
        const shown = series.filter((d) => d.value != null);
        if (shown.length < 2) return html`<span class="muted">Too few months to show</span>`;
        const first = shown[0];
        const last = shown.at(-1);
        const label = `${definition.name}, monthly: ${formatValue(first.value, definition.unit)} in ${first.month}, ${formatValue(last.value, definition.unit)} in ${last.month}`;
        const chart = cleanPlotAria(sparkline(series));
        chart.setAttribute("role", "img");
        chart.setAttribute("aria-label", label);
        return html`<span class="sparkline">${chart}</span>`;
      },
    },
  ];
  const csvColumns = [
    { label: "metric_id", csv: (r) => r.definition.id },
    { label: "metric", csv: (r) => r.definition.name },
    { label: "family", csv: (r) => familyInfo(r.definition.family).title },
    { label: "period_type", csv: () => periodType },
    { label: "period", csv: () => period },
    { label: "unit", csv: (r) => r.definition.unit },
    { label: "value", csv: (r) => (r.row?.suppressed ? "*" : r.row?.value) },
    { label: "empty_reason", csv: (r) => r.row?.empty_reason },
    { label: "ci_lower", csv: (r) => r.row?.ci_lower },
    { label: "ci_upper", csv: (r) => r.row?.ci_upper },
    { label: "baseline_value", csv: (r) => r.row?.baseline_value },
    { label: "change", csv: (r) => r.row?.change },
    { label: "change_lower", csv: (r) => r.row?.change_lower },
    { label: "change_upper", csv: (r) => r.row?.change_upper },
    { label: "change_assessment", csv: (r) => r.row?.change_assessment },
    { label: "target", csv: (r) => r.row?.target },
    { label: "rag", csv: (r) => (r.row?.rag ? ragText(r.row.rag) : "") },
    { label: "variation", csv: (r) => variationText(r.point?.variation) },
    { label: "assurance", csv: (r) => r.point?.assurance ?? "" },
    { label: "provisional", csv: (r) => r.row?.provisional ?? "" },
    { label: "incomplete", csv: (r) => r.row?.incomplete ?? "" },
    { label: "missing_submissions", csv: (r) => r.row?.missing_submissions },
  ];
  const groups = grouped ? FAMILIES.map((f) => ({ label: f.title, rows: rows.filter((r) => r.definition.family === f.id) })).filter((g) => g.rows.length) : null;
  return dataTable({
    title: title ?? `Board scorecard: ${periodLabel(period, periodType)}`,
    groups,
    rows: grouped ? null : rows,
    columns,
    csvColumns,
    id,
    rowAttributes: (r) => ({ "data-metric-id": r.definition.id }),
    note: html`Value: the alliance total for the period. Change: against the baseline, with its 95% interval; significant only when the interval excludes no change. Variation and assurance: the Making Data Count icons for the latest month of the period on the monthly SPC chart. * = hidden by disclosure control (1 to ${site.meta.disclosure?.suppress?.[1] ?? 7} people).`,
  });
}

export function headlineList(rows, definitions) {
  const { changes, targets } = headlines(
    rows.map((r) => r.row).filter(Boolean),
    definitions,
  );
  const items = [
    ...targets.filter((t) => t.kind === "target-red").map((t) => html`<li class="worse"><span class="tag">Target missed</span>${t.text}</li>`),
    ...changes.map((c) => html`<li class=${c.kind}><span class="tag">${c.kind === "improved" ? "Improvement" : "Deterioration"}</span>${c.text}</li>`),
    ...targets.filter((t) => t.kind !== "target-red").map((t) => html`<li class="target"><span class="tag">Target: amber</span>${t.text}</li>`),
  ];
  if (!items.length) return html`<p>No metric changed significantly against its baseline in this period, and every metric with a target met it.</p>`;
  const FIRST = 9;
  const intro = html`<p>${changes.filter((c) => c.kind === "improved").length} metrics improved significantly against their baseline and ${changes.filter((c) => c.kind === "worse").length} deteriorated; ${targets.length} ${targets.length === 1 ? "metric" : "metrics"} missed a contract target (amber or red).</p>`;
  if (items.length <= FIRST) return html`${intro}<ul class="headlines" aria-label="Headlines">${items}</ul>`;
  return html`${intro}<ul class="headlines" aria-label="Headlines">${items.slice(0, FIRST)}</ul>
    <details><summary>Show all ${items.length} headlines</summary><ul class="headlines" aria-label="More headlines">${items.slice(FIRST)}</ul></details>`;
}

/** A link to a metric on its family page, opening that metric for the period. */
export function metricHref(definition, { base = "", period = null } = {}) {
  const f = familyInfo(definition.family);
  if (f.id === "data_quality") return pageHref("data-quality", base);
  if (!f.path) return null;
  return pageHref(`families/${f.path}`, base, { query: { metric: definition.id, ...(period ? { period } : {}) } });
}

/** "COMMUNITY:2022-23-Q3;HOSPICE2:2024-25-Q1" -> "Mid-Shire Community Services (2022-23 Q3) and …" */
export function missingSubmissionsText(text, partners = []) {
  const names = new Map(partners.map((p) => [p.code, p.name]));
  const items = parseMissingSubmissions(text).map(({ partner, period }) => `${names.get(partner) ?? partner}${period ? ` (${quarterLabel(period, { short: true })})` : ""}`);
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * Why a metric needs the board's attention this period, most serious first, each in words: special-cause
 * concern, Red or Amber, consistently failing, a significant deterioration, assurance withheld, and a figure that
 * is incomplete, too recent or missing. An empty list: nothing to raise.
 */
export function attentionReasons({ definition, row, point }, meta) {
  const unit = definition.unit;
  const reasons = [];
  const v = (x) => formatValue(x, unit, { withUnit: true });
  if (variationCategory(point?.variation) === "concern")
    reasons.push({ kind: "concern", text: `${variationText(point.variation)} on the monthly chart (${monthLabel(point.month)}: ${v(point.value)}${point.special_cause ? `, ${SPECIAL_CAUSE_WORDS[point.special_cause] ?? point.special_cause}` : ""}).` });
  if (row?.rag === "red" || row?.rag === "amber")
    reasons.push({ kind: row.rag, text: `${row.rag === "red" ? "Red" : "Amber"}: ${v(row.value)} against a target of ${v(row.target)}${row.rag === "amber" ? ", within the tolerance" : ""}.` });
  if (point?.assurance === "fail") reasons.push({ kind: "fail", text: `${ASSURANCE.fail.label}: the target lies outside the process limits, so it will not be met without a change.` });
  if (row?.change_assessment === "worse")
    reasons.push({ kind: "worse", text: `Significantly worse than the baseline: ${v(row.baseline_value)} then, ${v(row.value)} now (${formatChange(row, definition)}).` });
  if (point?.withheld_reason === "limits_out_of_date")
    reasons.push({ kind: "withheld", text: "Assurance withheld: the latest months all sit on one side of the centre line, so the limits no longer describe the process; the alliance should decide whether to recalculate them (see the metric's chart)." });
  if (row?.incomplete) reasons.push({ kind: "incomplete", text: `Incomplete: expected data missing from ${missingSubmissionsText(row.missing_submissions, meta.partners)}.` });
  if (row && row.value == null && !row.suppressed) {
    const reason = row.empty_reason;
    const words = meta.empty_reasons?.[reason] ?? EMPTY_REASON_SHORT[reason] ?? (reason ? reason.replace(/_/g, " ") : "no value reported");
    reasons.push({ kind: "empty", text: `No figure for the period: ${words}.` });
  }
  if (!row) reasons.push({ kind: "empty", text: "No figure for the period." });
  return reasons;
}

const SPECIAL_CAUSE_WORDS = {
  outside_limits: "a point outside the limits",
  run: "a run of points on one side of the centre line",
  trend: "a trend of points rising or falling",
  two_of_three: "two of three points near a limit",
};

/** The metrics that need attention, each with its value and reasons, most serious first. */
export function attentionList(site, rows, { period, periodType, base = "" }) {
  const order = ["concern", "red", "fail", "worse", "withheld", "amber", "incomplete", "empty"];
  const items = rows
    .map((r) => ({ ...r, reasons: attentionReasons(r, site.meta) }))
    .filter((r) => r.reasons.length)
    .sort((a, b) => Math.min(...a.reasons.map((x) => order.indexOf(x.kind))) - Math.min(...b.reasons.map((x) => order.indexOf(x.kind))));
  if (!items.length)
    return html`<p class="note-box" data-attention="none">Nothing needs the board's attention in ${periodLabel(period, periodType)}: no special-cause concern, no missed target, no significant deterioration, and every figure is complete.</p>`;
  const cellOptions = { disclosure: site.meta.disclosure, emptyReasons: site.meta.empty_reasons };
  return html`<p>${items.length} of ${rows.length} metrics need attention in ${periodLabel(period, periodType)}, most serious first.</p>
    <ul class="attention" aria-label="Metrics that need attention">${items.map(({ definition, row, reasons }) => {
      const href = metricHref(definition, { base, period });
      return html`<li data-metric-id=${definition.id} data-attention=${reasons.map((r) => r.kind).join(" ")}>
        <div class="attention-head">${href ? html`<a href=${href}>${definition.name}</a>` : definition.name} <span class="metric-id">${definition.id}</span>
          <span class="attention-value">${valueCell(row, definition.unit, cellOptions).node}${row ? flagNodes(row) : ""}</span></div>
        <ul>${reasons.map((r) => html`<li class=${`reason reason-${r.kind}`}>${r.text}</li>`)}</ul>
      </li>`;
    })}</ul>`;
}

/** Variation rows and assurance columns of the Making Data Count summary matrix. */
const MATRIX_ROWS = [
  { key: "concern", label: MDC_LABELS.concern },
  { key: "improvement", label: MDC_LABELS.improvement },
  { key: "neither", label: "Special cause: neither" },
  { key: "common", label: MDC_LABELS.common },
  { key: null, label: "No SPC: too few points or cases" },
];
const MATRIX_COLUMNS = [
  { key: "fail", label: "Consistently failing" },
  { key: "hit_and_miss", label: "Hit and miss" },
  { key: "pass", label: "Consistently passing" },
  { key: "withheld", label: "Assurance withheld: limits out of date" },
  { key: null, label: "No target" },
];

function matrixColumn(point) {
  if (point?.withheld_reason === "limits_out_of_date") return "withheld";
  return point?.assurance || null;
}

/**
 * The Making Data Count summary matrix: variation (rows) by assurance (columns), each cell listing its metrics
 * and linking to them. Empty rows and columns are kept so the grid reads the same every quarter.
 */
export function mdcMatrix(rows, { period, base = "", linkMetrics = true, title = null }) {
  const month = lastMonthOfQuarter(period);
  const cell = (variation, assurance) =>
    rows.filter((r) => (variationCategory(r.point?.variation) ?? null) === variation && matrixColumn(r.point) === assurance);
  return html`<div class="table-block mdc-matrix-block" data-table-block="mdc-matrix">
    <div class="table-scroll" tabindex="0" role="region" aria-label="Making Data Count summary (scrollable table)">
    <table class="data mdc-matrix" data-table="mdc-matrix">
      <caption>${title ?? `Making Data Count summary: variation and assurance of every metric's monthly series, latest month to ${monthLabel(month)}`}</caption>
      <thead><tr><th scope="col">Variation</th>${MATRIX_COLUMNS.map((c) => html`<th scope="col" data-assurance=${c.key ?? "none"}>${c.key && ASSURANCE[c.key] ? html`${assuranceIcon(c.key, { compact: true })} ` : ""}${c.label}</th>`)}</tr></thead>
      <tbody>${MATRIX_ROWS.map(
        (r) => html`<tr data-variation=${r.key ?? "none"}><th scope="row">${r.key ? html`${variationIcon(r.key === "common" ? "common_cause" : `${r.key}_high`, { compact: true })} ` : ""}${r.label}</th>${MATRIX_COLUMNS.map((c) => {
          const metrics = cell(r.key, c.key);
          return html`<td data-count=${metrics.length}>${metrics.length ? html`<ul class="matrix-metrics">${metrics.map(({ definition }) => {
            const href = linkMetrics ? metricHref(definition, { base, period }) : null;
            return html`<li>${href ? html`<a href=${href}><span class="metric-id">${definition.id}</span> ${definition.short_name ?? definition.name}</a>` : html`<span class="metric-id">${definition.id}</span> ${definition.short_name ?? definition.name}`}</li>`;
          })}</ul>` : html`<span class="muted">none</span>`}</td>`;
        })}</tr>`,
      )}</tbody>
    </table></div>
    <p class="muted">Rows: the variation icon for the latest month (special cause: a shift the monthly chart shows is unlikely to be chance). Columns: the assurance icon, whether the process can be relied on to meet its target. "Assurance withheld": the latest months sit on one side of the centre line, so the limits need the alliance's decision before the target can be judged against them.</p>
  </div>`;
}
