// The board scorecard: every metric's alliance value for a period in the Making Data Count summary style.
import { html } from "htl";
import { sparkline } from "./charts.js";
import { familyHref, familyInfo, FAMILIES, lastMonthOfQuarter, periodLabel } from "./data.js";
import { cleanPlotAria, dataTable } from "./figure.js";
import { ASSESSMENT_LABELS, flagNodes, formatChange, formatChangeInterval, formatValue, valueCell } from "./format.js";
import { headlines } from "./headlines.js";
import { assuranceIcon, ragBadge, ragText, variationIcon, variationText } from "./mdc.js";

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
        const href = familyHref(definition.family, base);
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
      cell: ({ definition, row }) => (row?.baseline_value != null ? formatValue(row.baseline_value, definition.unit) : html`<span class="empty-value">${row?.suppressed ? "*" : "none"}</span>`),
    },
    {
      key: "change",
      label: "Change from baseline",
      cell: ({ definition, row }) =>
        row?.change_assessment
          ? html`${formatChange(row, definition)}<br><span class="muted">${ASSESSMENT_LABELS[row.change_assessment]}${row.change_lower != null ? ` (95% CI ${formatChangeInterval(row, definition)})` : ""}</span>`
          : html`${row?.change != null ? html`${formatChange(row, definition)}<br>` : ""}<span class="muted">${changeNotAssessed(row, definition)}</span>`,
    },
    {
      key: "target",
      label: "Target",
      num: true,
      cell: ({ definition, row }) => (row?.target != null ? formatValue(row.target, definition.unit) : definition.target ? formatValue(definition.target.target, definition.unit) : html`<span class="muted">none</span>`),
    },
    { key: "rag", label: "RAG", cell: ({ row, definition }) => (row?.target != null || definition.target ? ragBadge(row?.rag ?? "grey") : ragBadge(null)) },
    { key: "variation", label: "Variation", cell: ({ point }) => variationIcon(point?.variation) },
    { key: "assurance", label: "Assurance", cell: ({ point }) => assuranceIcon(point?.assurance) },
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

export function summaryCards(rows) {
  const count = (f) => rows.filter(f).length;
  const cards = [
    { label: "Significant improvements", value: count((r) => r.row?.change_assessment === "improved") },
    { label: "Significant deteriorations", value: count((r) => r.row?.change_assessment === "worse") },
    { label: "Targets met (green)", value: count((r) => r.row?.rag === "green") },
    { label: "Targets missed (amber or red)", value: count((r) => r.row?.rag === "amber" || r.row?.rag === "red") },
    { label: "Special cause improvement (SPC)", value: count((r) => r.point?.variation?.startsWith("improvement")) },
    { label: "Special cause concern (SPC)", value: count((r) => r.point?.variation?.startsWith("concern")) },
  ];
  return html`<div class="cards">${cards.map((c) => html`<div class="card"><div class="big">${c.value}</div><div>${c.label}</div></div>`)}</div>`;
}
