// A metric family page (src/families/[family].md): the family's scorecard for a period, then for one metric at a
// time its SPC chart, quarterly trend, breakdowns by place and by equity group, and a funnel plot of practices.
// The page's reactive cells hold the filters (metric, period, period type, then the metric's breakdowns and SPC
// series); these functions build what each cell displays from the values it is given, and hold no state.
import * as Inputs from "@observablehq/inputs";
import { resize } from "observablehq:stdlib";
import { html, svg } from "htl";
import { scorecardRows, scorecardTable, spcPointFor } from "./board.js";
import { breakdownChart, funnelChart, funnelPosition, FUNNEL_POSITIONS, spcChart, trendChart } from "./charts.js";
import { breakdownFileName, FAMILIES, familyFileName, familyInfo, lastMonthOfQuarter, monthLabel, pageHref, periodLabel, periodTypeLabel, quarterLabel } from "./data.js";
import { chartFigure, dataTable, labelledRadios } from "./figure.js";
import { ASSESSMENT_LABELS, DIRECTION_LABELS, EMPTY_REASON_SHORT, flagNodes, formatChange, formatChangeInterval, formatCount, formatInterval, formatValue, richText, UNIT_LABELS, valueCell } from "./format.js";
import { changeStatement } from "./headlines.js";
import { BREAKDOWN_LABELS, EQUITY_BREAKDOWNS, hiddenWords, labeller, PLACE_BREAKDOWNS, SCALED_BREAKDOWNS, sortBreakdown, emptyReasonWords, listWords, SPC_WITHHELD_WORDS, spcSuggestionWords } from "./labels.js";
import { assuranceIcon, mdcLegend, NHS, variationCategory, variationIcon, variationText } from "./mdc.js";
import { dateBasis, fromUrl, keepInUrl, suppressionNote } from "./page.js";
import { loadBreakdownFile, loadFamilyData, loadPractices, loadSite, quartersOf } from "./site.js";

/** "Locality" -> "locality", but "GP practice" stays as it is. */
const lowerFirst = (text) => (/^[A-Z][a-z]/.test(text ?? "") ? text[0].toLowerCase() + text.slice(1) : text);

/** The months after `month` up to and including `last` ("2026-07", "2026-09" -> ["2026-08", "2026-09"]). */
function monthsAfter(month, last) {
  if (!month || !last) return [];
  const out = [];
  let [y, m] = month.split("-").map(Number);
  for (;;) {
    m += 1;
    if (m > 12) (m = 1), (y += 1);
    const next = `${y}-${String(m).padStart(2, "0")}`;
    if (next > last) return out;
    out.push(next);
  }
}

const radioOptions = new Map([
  ["Quarter", "quarter"],
  ["Rolling 12 months ending in the quarter", "rolling12"],
]);

function valueColumns(definition, cellOptions, { labelHeader = "Group", label = (d) => d.label } = {}) {
  const unit = definition.unit;
  return [
    { key: "label", label: labelHeader, rowHeader: true, cell: (d) => label(d) },
    { key: "value", label: "Value", num: true, cell: (d) => html`${valueCell(d, unit, cellOptions).node}${d.provisional || d.incomplete ? html`<br>${flagNodes(d)}` : ""}` },
    { key: "interval", label: "95% interval", num: true, cell: (d) => formatInterval(d, unit) },
    { key: "numerator", label: "Numerator", num: true, cell: (d) => (d.suppressed ? "*" : formatCount(d.numerator)) },
    { key: "denominator", label: "Denominator", num: true, cell: (d) => (d.suppressed ? "*" : formatCount(d.denominator)) },
    {
      key: "change",
      label: "Change from baseline",
      cell: (d) => (d.change != null ? html`${formatChange(d, definition)}${d.change_assessment ? html`<br><span class="muted">${ASSESSMENT_LABELS[d.change_assessment]}</span>` : ""}` : html`<span class="muted">${d.suppressed ? "*" : "not assessed"}</span>`),
    },
  ];
}

function valueCsvColumns(definition, labelOf) {
  return [
    { label: "metric_id", csv: (d) => d.metric_id },
    { label: "metric", csv: () => definition.name },
    { label: "period_type", csv: (d) => d.period_type },
    { label: "period", csv: (d) => d.period },
    { label: "breakdown", csv: (d) => d.breakdown },
    { label: "breakdown_value", csv: (d) => d.breakdown_value },
    { label: "label", csv: (d) => labelOf(d) },
    { label: "unit", csv: () => definition.unit },
    { label: "numerator", csv: (d) => (d.suppressed ? "*" : d.numerator) },
    { label: "denominator", csv: (d) => (d.suppressed ? "*" : d.denominator) },
    { label: "value", csv: (d) => (d.suppressed ? "*" : d.value) },
    { label: "ci_lower", csv: (d) => d.ci_lower },
    { label: "ci_upper", csv: (d) => d.ci_upper },
    { label: "baseline_value", csv: (d) => d.baseline_value },
    { label: "change", csv: (d) => d.change },
    { label: "change_lower", csv: (d) => d.change_lower },
    { label: "change_upper", csv: (d) => d.change_upper },
    { label: "change_assessment", csv: (d) => d.change_assessment },
    { label: "benchmark_value", csv: (d) => d.benchmark_value },
    { label: "benchmark_assessment", csv: (d) => d.benchmark_assessment },
    { label: "empty_reason", csv: (d) => d.empty_reason },
    { label: "suppressed", csv: (d) => d.suppressed },
    { label: "provisional", csv: (d) => d.provisional },
    { label: "incomplete", csv: (d) => d.incomplete },
    { label: "missing_submissions", csv: (d) => d.missing_submissions },
  ];
}

function hiddenSummary(rows) {
  const suppressed = rows.filter((d) => d.suppressed).length;
  const empty = rows.filter((d) => !d.suppressed && d.value == null);
  const reasons = [...new Set(empty.map((d) => EMPTY_REASON_SHORT[d.empty_reason] ?? d.empty_reason ?? "no value"))];
  const parts = [];
  if (suppressed) parts.push(`${suppressed} hidden by disclosure control (*)`);
  if (empty.length) parts.push(`${empty.length} with no value (${reasons.join("; ")})`);
  return parts.length ? `${parts.join(", ")}.` : "";
}

/**
 * The SPC chart of one monthly series up to a period's last month, in its figure (title, Making Data Count key,
 * text alternative, downloads): the family pages and the board pack draw it with this one function.
 * Returns null when the series has no value to show.
 */
/**
 * The funnel's x-axis: what the denominator counts, in the definition's own words ("Decedents", "Carers of
 * decedents"), its first clause only and never cut mid-word.
 */
/** The unit in words, for chart subtitles */
const UNIT_WORDS = { percent: "per cent of the denominator", per_decedent: "per decedent", per_1000_register_days: "per 1,000 register days", gbp_per_decedent: "£ per decedent" };

export function denominatorAxisLabel(definition) {
  if (definition.unit === "per_1000_register_days") return "Register days";
  const clause = String(definition.denominator ?? "").replace(/`/g, "").split(/[:(;.]/)[0].trim();
  if (!clause) return "Denominator";
  if (clause.length <= 48) return clause;
  const cut = clause.slice(0, 48);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

export function spcFigure({ definition, series, period, meta, seriesName = "the alliance", width, height, id = "spc" }) {
  const unit = definition.unit;
  const shown = series.filter((d) => d.value != null);
  if (!shown.length) return null;
  const point = spcPointFor(series, period);
  const special = shown.filter((d) => variationCategory(d.variation) !== "common");
  const count = (c) => special.filter((d) => variationCategory(d.variation) === c).length;
  // the limits in force at the latest month with a value (a hidden last month carries none of its own)
  const groupLast = series.findLast((d) => d.value != null) ?? series.at(-1);
  const target = definition.target?.target ?? null;
  const rebase = (meta.rebase ?? []).filter((r) => r.metric === definition.id);
  const title = `${definition.name}: monthly SPC chart for ${seriesName}`;
  const lines =
    groupLast.centre != null
      ? `Mean ${formatValue(groupLast.centre, unit)}; process limits ${formatValue(groupLast.lower_limit, unit)} to ${formatValue(groupLast.upper_limit, unit)}${groupLast.short_group ? " (fewer than 13 points: limits are provisional)" : ""}.`
      : groupLast.withheld_reason === "too_few_cases"
        ? "No mean or process limits: too few points or cases for SPC (fewer than 12 months, or a median of under 10 people a month)."
        : "No mean or process limits shown: they are hidden by disclosure control, because with the months hidden they would give back a small number.";
  const description = `Monthly values for ${seriesName}, ${monthLabel(shown[0].month)} to ${monthLabel(shown.at(-1).month)} (${shown.length} months). ${lines} ${special.length ? `${special.length} months show special cause variation: ${count("improvement")} improvement, ${count("concern")} concern, ${count("neither")} neither.` : "Every month shows common cause variation."} Latest month ${monthLabel(point.month)}: ${formatValue(point.value, unit)}, ${variationText(point.variation).toLowerCase()}.${
    target != null ? ` Target ${formatValue(target, unit)}: ${point.withheld_reason ? SPC_WITHHELD_WORDS[point.withheld_reason] ?? "assurance not shown" : assuranceText(point.assurance)}.` : ""
  }${rebase.length ? ` Limits recalculated at ${rebase.map((r) => `${monthLabel(r.month)} (${r.reason})`).join(", ")}.` : ""}${series.length > shown.length ? ` ${series.length - shown.length} ${series.length - shown.length === 1 ? "month hidden by disclosure control is" : "months hidden by disclosure control are"} left out.` : ""}`;
  const provisional = shown.some((d) => d.provisional === true || d.provisional === "true");
  const limitPeriod = series.some((d) => d.limits_from && d.limits_to);
  return chartFigure({
    id,
    title,
    subtitle: `Monthly, ${monthLabel(shown[0].month)} to ${monthLabel(shown.at(-1).month)}; ${UNIT_WORDS[unit] ?? unit}`,
    legend: mdcLegend(undefined, { spcLines: true, target: target != null, provisional, limitPeriod }),
    chart: spcChart(series, { unit, target, rebase, width, ...(height ? { height } : {}) }),
    description,
  });
}

function spcSection({ definition, metric, state, meta, label, invalidation }) {
  const unit = definition.unit;
  const [breakdown, value] = state.series.split("|");
  const last = lastMonthOfQuarter(state.period);
  const series = metric.spc.filter((d) => d.breakdown === breakdown && d.breakdown_value === value && d.month <= last);
  const seriesName = breakdown === "alliance" ? "the alliance" : `${lowerFirst(BREAKDOWN_LABELS[breakdown])} ${label(breakdown, value)}`;
  const title = `${definition.name}: monthly SPC chart for ${seriesName}`;
  if (!series.some((d) => d.value != null))
    return html`<section><h3>Statistical process control</h3><p class="note-box">No monthly values to chart for ${seriesName}: ${series.length ? "every month is hidden by disclosure control or empty" : "this metric has no SPC series for it"}.</p></section>`;
  const point = spcPointFor(series, state.period);
  const target = definition.target?.target ?? null;
  // months of the quarter after the series' last month: too recent for the metric's follow-up, so not charted
  const openMonths = definition.follow_up_days ? monthsAfter(series.at(-1)?.month, last) : [];
  const openNote = openMonths.length
    ? html`<p class="note-box" data-open-months=${openMonths.join(" ")}>${listWords(openMonths.map(monthLabel))}: not charted yet, ${emptyReasonWords({ empty_reason: "follow_up_open", period: openMonths.at(-1), period_type: "month" }, definition)}.</p>`
    : null;
  // the recalculations the last metrics run proposes for this series, within the months shown
  const suggestions = (definition.spc_suggestions ?? []).filter((s) => s.breakdown === breakdown && s.breakdown_value === value && s.month <= last);
  return html`<section>
    <h3>Statistical process control (Making Data Count)</h3>
    <div class="two-col" style="grid-template-columns: repeat(auto-fit, minmax(260px, max-content)); gap: 0.5rem 2rem;">
      ${variationIcon(point.variation)}
      ${assuranceIcon(target != null ? point.assurance : null, { hasTarget: target != null, withheld: point.withheld_reason })}
    </div>
    ${suggestions.map((s) => html`<div class=${s.accepted_by ? "note-box" : "warning-box"} data-spc-suggestion=${s.month}><p>${spcSuggestionWords(s, { hasTarget: target != null })}</p>${s.accepted_by ? "" : html`<pre><code>${s.config_line}</code></pre>`}</div>`)}
    ${openNote}
    ${resize((width) => spcFigure({ definition, series, period: state.period, meta, seriesName, width: Math.min(width, 1100) }), invalidation)}
    <details><summary>Show the monthly values as a table</summary>${dataTable({
      title: `${title}: monthly values`,
      rows: [...series].reverse(),
      columns: [
        { key: "month", label: "Month", rowHeader: true, cell: (d) => monthLabel(d.month) },
        { key: "value", label: "Value", num: true, cell: (d) => (d.value == null ? hiddenMonth(meta) : formatValue(d.value, unit)) },
        { key: "centre", label: "Mean", num: true, cell: (d) => formatValue(d.centre, unit) },
        { key: "lower_limit", label: "Lower limit", num: true, cell: (d) => formatValue(d.lower_limit, unit) },
        { key: "upper_limit", label: "Upper limit", num: true, cell: (d) => formatValue(d.upper_limit, unit) },
        { key: "special_cause", label: "Special cause rule", cell: (d) => (d.special_cause ? d.special_cause.replace(/_/g, " ") : "") },
        { key: "variation", label: "Variation", cell: (d) => (d.value == null ? "" : variationText(d.variation)) },
      ],
      csvColumns: [
        { label: "metric_id", csv: (d) => d.metric_id },
        { label: "breakdown", csv: (d) => d.breakdown },
        { label: "breakdown_value", csv: (d) => d.breakdown_value },
        { label: "month", csv: (d) => d.month },
        { label: "value", csv: (d) => (d.value == null ? "*" : d.value) },
        { label: "centre", csv: (d) => d.centre },
        { label: "lower_limit", csv: (d) => d.lower_limit },
        { label: "upper_limit", csv: (d) => d.upper_limit },
        { label: "special_cause", csv: (d) => d.special_cause },
        { label: "variation", csv: (d) => d.variation },
        { label: "assurance", csv: (d) => d.assurance },
        { label: "rebase_group", csv: (d) => d.rebase_group },
        { label: "short_group", csv: (d) => d.short_group },
      ],

      id: "spc-table",
    })}</details>
  </section>`;
}

function hiddenMonth(meta) {
  const why = `hidden by disclosure control: the month rests on ${meta.disclosure?.suppress?.[0] ?? 1} to ${meta.disclosure?.suppress?.[1] ?? 7} people`;
  return html`<span class="suppressed-value" title=${why}>*<span class="visually-hidden">: ${why}</span></span>`;
}

function assuranceText(assurance) {
  return { pass: "the process consistently passes it", fail: "the process consistently fails it", hit_and_miss: "hit and miss (the target lies within the process limits)" }[assurance] ?? "no assurance assessment";
}

/** The key to the trend chart: value, provisional, interval and the reference lines shown. */
function trendLegend({ baseline, target, benchmark }) {
  return html`<ul class="legend" aria-label="Key to the trend chart">
    <li><svg width="26" height="14" aria-hidden="true"><line x1="0" x2="26" y1="7" y2="7" stroke=${NHS.blue} stroke-width="2"></line><circle cx="13" cy="7" r="4" fill=${NHS.blue} stroke=${NHS.darkBlue}></circle></svg>Value (filled: final)</li>
    <li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="4" fill="#fff" stroke=${NHS.darkBlue} stroke-width="1.5"></circle></svg>Provisional</li>
    <li><svg width="14" height="14" aria-hidden="true"><line x1="7" x2="7" y1="0" y2="14" stroke=${NHS.blue} stroke-width="2" stroke-opacity="0.6"></line></svg>95% interval</li>
    ${baseline != null ? html`<li><svg width="26" height="14" aria-hidden="true"><line x1="0" x2="26" y1="7" y2="7" stroke=${NHS.darkGrey} stroke-width="1.5" stroke-dasharray="4,3"></line></svg>Baseline</li>` : ""}
    ${target != null ? html`<li><svg width="26" height="14" aria-hidden="true"><line x1="0" x2="26" y1="7" y2="7" stroke=${NHS.darkRed} stroke-width="1.5" stroke-dasharray="10,4"></line></svg>Target</li>` : ""}
    ${benchmark ? html`<li><svg width="26" height="14" aria-hidden="true"><line x1="0" x2="26" y1="7" y2="7" stroke=${NHS.purple} stroke-width="1.5" stroke-dasharray="2,2"></line></svg>Benchmark (${benchmark.source})</li>` : ""}
    <li><strong aria-hidden="true">*</strong> hidden by disclosure control; <strong aria-hidden="true">–</strong> no value</li>
  </ul>`;
}

/**
 * The alliance's quarterly (or rolling 12-month) trend up to a period, in its figure: the family pages and the
 * board pack draw it with this one function. rows: the alliance rows of one period type, oldest first.
 * Returns { figure, description } (figure null when no period has a value).
 */
export function trendFigure({ definition, rows, periodType, width, height, id = "trend" }) {
  const unit = definition.unit;
  const shown = rows.filter((d) => d.value != null);
  const latest = rows.at(-1);
  const baseline = latest?.baseline_value ?? rows.find((d) => d.baseline_value != null)?.baseline_value ?? null;
  const target = definition.target?.target ?? null;
  const benchmark = definition.benchmarks?.at(-1);
  const typeWords = periodType === "rolling12" ? "Rolling 12-month" : "Quarterly";
  const title = `${definition.name}: ${typeWords.toLowerCase()} trend for the alliance with 95% intervals`;
  const description = shown.length
    ? `${typeWords} values from ${periodLabel(shown[0].period, periodType)} to ${periodLabel(shown.at(-1).period, periodType)}: ${formatValue(shown[0].value, unit)} to ${formatValue(shown.at(-1).value, unit)}. ${
        baseline != null ? `Baseline ${formatValue(baseline, unit)}. ` : ""
      }${target != null ? `Target ${formatValue(target, unit)}. ` : ""}${benchmark ? `Benchmark ${formatValue(benchmark.value, unit)} (${benchmark.source}). ` : ""}Open circles are provisional. ${hiddenSummary(rows)}`
    : `No ${typeWords.toLowerCase()} values to chart. ${hiddenSummary(rows)}`;
  if (!shown.length) return { figure: null, description, title };
  const figure = chartFigure({
    id,
    title,
    subtitle: `${typeWords}, ${periodLabel(shown[0].period, periodType)} to ${periodLabel(shown.at(-1).period, periodType)}; ${UNIT_WORDS[unit] ?? unit}`,
    legend: trendLegend({ baseline, target, benchmark }),
    chart: trendChart(rows, { unit, baseline, target, benchmarkLabel: "Benchmark", width, ...(height ? { height } : {}) }),
    description,
  });
  return { figure, description, title };
}

function trendSection({ definition, metric, state, cellOptions, invalidation }) {
  const rows = metric.values
    .filter((d) => d.breakdown === "alliance" && d.period_type === state.periodType && d.period <= state.period)
    .sort((a, b) => (a.period < b.period ? -1 : 1));
  const unit = definition.unit;
  const typeWords = state.periodType === "rolling12" ? "Rolling 12-month" : "Quarterly";
  const chart = rows.some((d) => d.value != null)
    ? resize((width) => trendFigure({ definition, rows, periodType: state.periodType, width: Math.min(width, 1100) }).figure, invalidation)
    : html`<p class="note-box">${trendFigure({ definition, rows, periodType: state.periodType }).description}</p>`;
  const table = dataTable({
    title: `${definition.name}: ${typeWords.toLowerCase()} values for the alliance`,
    rows: [...rows].reverse().map((d) => ({ ...d, label: periodLabel(d.period, d.period_type) })),
    columns: [
      ...valueColumns(definition, cellOptions, { labelHeader: "Period" }),
      { key: "benchmark", label: "Benchmark", cell: (d) => (d.benchmark_value != null ? html`${formatValue(d.benchmark_value, unit)}${d.benchmark_assessment ? html`<br><span class="muted">${d.benchmark_assessment}</span>` : ""}` : "") },
    ],
    csvColumns: valueCsvColumns(definition, (d) => periodLabel(d.period, d.period_type)),

    id: "trend-table",
  });
  return html`<section><h3>Trend</h3>${chart}<details><summary>Show the trend as a table</summary>${table}</details></section>`;
}

function breakdownSection({ definition, metric, state, breakdown, heading, id, meta, label, cellOptions, invalidation }) {
  const unit = definition.unit;
  const labelOf = (d) => label(d.breakdown, d.breakdown_value);
  const rows = sortBreakdown(
    metric.values.filter((d) => d.breakdown === breakdown && d.period_type === state.periodType && d.period === state.period),
    breakdown,
    labelOf,
  ).map((d) => ({ ...d, label: labelOf(d) }));
  const overall = metric.values.find((d) => d.breakdown === "alliance" && d.period_type === state.periodType && d.period === state.period);
  const what = BREAKDOWN_LABELS[breakdown];
  const when = periodLabel(state.period, state.periodType);
  const unitWords = unit === "percent" ? "" : ` (${UNIT_LABELS[unit]})`;
  const title = `${definition.name}${unitWords} by ${lowerFirst(what)}, ${when}`;
  if (!rows.length) return html`<section><h3>${heading}</h3><p class="note-box">No ${lowerFirst(what)} breakdown for ${when}.</p></section>`;
  const shown = rows.filter((d) => d.value != null);
  const sorted = [...shown].sort((a, b) => b.value - a.value);
  const description = `${rows.length} ${rows.length === 1 ? "group" : "groups"}. ${
    sorted.length ? `Highest: ${sorted[0].label} ${formatValue(sorted[0].value, unit)}; lowest: ${sorted.at(-1).label} ${formatValue(sorted.at(-1).value, unit)}. ` : ""
  }${overall?.value != null ? `Alliance: ${formatValue(overall.value, unit)} (dashed line). ` : ""}Bars are 95% intervals. ${hiddenSummary(rows)}`;
  const emptyText = (d) => `no value: ${EMPTY_REASON_SHORT[d.empty_reason] ?? d.empty_reason ?? "not reported"}`;
  return html`<section data-breakdown=${breakdown}>
    <h3>${heading}</h3>
    ${resize(
      (width) =>
        chartFigure({
          id,
          title,
          subtitle: `${when}; ${UNIT_WORDS[unit] ?? unit}; bars are 95% intervals`,
          chart: breakdownChart(rows, { unit, overall: overall?.value ?? null, labelOf: (d) => d.label, width: Math.min(width, 1000), emptyText, suppressedText: `* ${hiddenWords(null, meta.disclosure)}` }),
          description,
        }),
      invalidation,
    )}
    ${dataTable({
      title: `${title}: table`,
      rows,
      columns: valueColumns(definition, cellOptions, { labelHeader: what }),
      csvColumns: valueCsvColumns(definition, labelOf),
      note: suppressionNote(meta),

      id: `${id}-table`,
    })}
  </section>`;
}

function funnelSection({ definition, metric, state, label, invalidation }) {
  const unit = definition.unit;
  const rows = metric.values.filter((d) => d.breakdown === "practice" && d.period_type === state.periodType && d.period === state.period);
  if (!rows.length) return null;
  const when = periodLabel(state.period, state.periodType);
  const overall = metric.values.find((d) => d.breakdown === "alliance" && d.period_type === state.periodType && d.period === state.period);
  const labelOf = (d) => label("practice", d.breakdown_value);
  if (overall?.value == null || definition.interval === "none" || unit === "gbp_per_decedent")
    return html`<section><h3>Practices compared</h3><p class="note-box">No funnel plot for ${when}: ${overall?.value == null ? "the alliance value is not available" : "this metric has no interval method, so practices are compared in the breakdown above"}.</p></section>`;
  const plotted = rows.filter((d) => d.value != null && d.denominator > 0).map((d) => ({ ...d, position: funnelPosition(d, overall.value, unit) }));
  const outside = plotted.filter((d) => d.position.endsWith("99.8"));
  const title = `${definition.name}: funnel plot of practices, ${when}`;
  const description = `${plotted.length} practices plotted by their denominator against the alliance value ${formatValue(overall.value, unit)}, with 95% and 99.8% control limits. ${
    outside.length ? `Outside the 99.8% limits: ${outside.map((d) => `${labelOf(d)} ${formatValue(d.value, unit)} (${d.position.startsWith("above") ? "high" : "low"})`).join("; ")}.` : "No practice lies outside the 99.8% limits."
  } ${rows.length - plotted.length ? `${rows.length - plotted.length} practices are not plotted (hidden by disclosure control or no value).` : ""}`;
  const legend = html`<ul class="legend" aria-label="Key to the funnel plot">${["within", "above95", "above99.8"].map((p) => {
    const f = FUNNEL_POSITIONS[p];
    const shape = f.symbol === "square" ? svg`<rect x="2" y="2" width="10" height="10" fill=${f.fill} stroke=${f.stroke}></rect>` : f.symbol === "triangle" ? svg`<path d="M7 1.5 L12.5 12 L1.5 12 Z" fill=${f.fill} stroke=${f.stroke}></path>` : svg`<circle cx="7" cy="7" r="5" fill=${f.fill} stroke=${f.stroke}></circle>`;
    return html`<li><svg width="14" height="14" aria-hidden="true">${shape}</svg>${f.label.replace(" (high)", "")}</li>`;
  })}</ul>`;
  return html`<section>
    <h3>Practices compared (funnel plot)</h3>
    ${resize(
      (width) =>
        chartFigure({
          id: "funnel",
          title,
          subtitle: `${periodLabel(state.period, state.periodType)}; ${UNIT_WORDS[unit] ?? unit}; each point a practice`,
          legend,
          chart: funnelChart(rows, { unit, centre: overall.value, labelOf, width: Math.min(width, 1000), denominatorLabel: denominatorAxisLabel(definition) }),
          description,
        }),
      invalidation,
    )}
  </section>`;
}

/**
 * The funnel plot's place until the reader asks for it: it needs every practice's figures, which the page
 * fetches only on request (or with the practice breakdown), so that it opens quickly at any scale.
 */
function funnelOnRequest(ctx, sections) {
  const button = html`<button type="button">Show the funnel plot of practices</button>`;
  const section = html`<section data-funnel="on-request">
    <h3>Practices compared (funnel plot)</h3>
    <p>Each practice's value against its denominator, with 95% and 99.8% control limits. The practices' figures are fetched when asked for.</p>
    ${button}
  </section>`;
  button.onclick = async () => {
    button.disabled = true;
    const metric = await loadMetricData(ctx, sections.definition.id, [...sections.metric.loaded, "practice"]);
    const when = periodLabel(sections.state.period, sections.state.periodType);
    section.replaceWith(
      funnelSection({ ...sections, metric, label: metric.label }) ?? html`<section><h3>Practices compared</h3><p class="note-box">No practice values for ${when}.</p></section>`,
    );
  };
  return section;
}

function definitionSummary(definition, base) {
  return html`<dl class="definition">
    <dt>Numerator</dt><dd>${richText(definition.numerator)}</dd>
    <dt>Denominator</dt><dd>${richText(definition.denominator)}</dd>
    <dt>Unit and direction</dt><dd>${UNIT_LABELS[definition.unit] ?? definition.unit}; ${DIRECTION_LABELS[definition.direction]}</dd>
    <dt>Date basis</dt><dd>${richText(definition.date_basis)}</dd>
    <dt>More</dt><dd><a href=${pageHref("definitions", base, { hash: definition.id })}>Full definition of ${definition.id}</a></dd>
  </dl>`;
}

/**
 * What a family page's cells share: the site data, the family, its metrics and their data (from the page's own
 * file), the quarters with data (latest first), and the labeller. file: FileAttachment of data/families/<path>.json;
 * breakdownFiles: BREAKDOWN_FILES of breakdown-files.js, for the figures fetched on demand.
 */
export async function familyContext(familyPath, file, breakdownFiles) {
  const family = FAMILIES.find((f) => f.path === familyPath) ?? familyInfo(familyPath);
  const [site, data] = await Promise.all([loadSite(), loadFamilyData(file)]);
  const { meta, definitions } = site;
  const metrics = definitions.metrics.filter((m) => m.family === family.id);
  return {
    site,
    meta,
    family,
    familyFile: familyFileName(family),
    breakdownFiles,
    metrics,
    data,
    quarters: quartersOf(site.values).reverse(),
    label: labeller(meta),
    cellOptions: { disclosure: meta.disclosure, emptyReasons: meta.empty_reasons },
  };
}

/** The page's heading and introduction, and the browser tab's title (the route is a parameter, so it is set here). */
export function familyHeader(ctx) {
  const { family, metrics, meta } = ctx;
  document.title = `${family.title} | ${document.title.replace(/^.*\| /, "")}`;
  return html`<div class="family-page" data-family=${family.id}>
    <h1 id="family-title">${family.title}</h1>
    <p>${family.intro ?? ""}</p>
    ${metrics.length ? html`<p class="lede">${family.title}: ${metrics.map((m) => m.name.toLowerCase()).join("; ")}.</p>` : html`<p class="warning-box">No metrics in the family ${family.title}.</p>`}
    ${dateBasis(meta)}
  </div>`;
}

/**
 * The page's filters: metric, quarter and period type, starting from the address (a board link, a shared link).
 * Returns the inputs (for Generators.input in the page) and the group to display, with the live status line the
 * metric cell updates.
 */
export function familyInputs(ctx) {
  const { metrics, quarters, site } = ctx;
  const metric = Inputs.select(
    metrics.map((m) => m.id),
    { label: "Metric", value: fromUrl("metric", metrics.map((m) => m.id), metrics[0]?.id), format: (id) => `${site.byId.get(id).name} (${id})` },
  );
  const period = Inputs.select(quarters, { label: "Quarter", value: fromUrl("period", quarters, quarters[0]), format: (q) => quarterLabel(q) });
  const periodType = labelledRadios(Inputs.radio(radioOptions, { label: "Period type", value: fromUrl("type", ["quarter", "rolling12"], "quarter") }));
  const status = html`<p class="visually-hidden" role="status"></p>`;
  return { metric, period, periodType, status, group: html`<div><div class="filters" role="group" aria-label="Filters">${metric}${period}${periodType}</div>${status}</div>` };
}

/** The chosen metric, quarter and period type kept in the address, so a copied link opens the same view. */
export function keepFamilyView({ metric, period, periodType }) {
  keepInUrl("metric", metric);
  keepInUrl("period", period);
  keepInUrl("type", periodType === "quarter" ? null : periodType);
}

/** The family's scorecard for the chosen period. */
export function familySummary(ctx, { period, periodType }) {
  const rows = scorecardRows(ctx.site, period, periodType).filter((r) => r.definition.family === ctx.family.id);
  return html`<div><h2>Summary for the period</h2>${scorecardTable(ctx.site, rows, {
    period,
    periodType,
    base: "../",
    grouped: false,
    id: "family-summary",
    title: `${ctx.family.title}: every metric for the alliance, ${periodLabel(period, periodType)}`,
  })}</div>`;
}

/**
 * The chosen metric's own filters: a breakdown by place, an equity breakdown and the SPC series, each only where
 * the metric has them. Returns the inputs (null where absent) and the group to display.
 */
export function metricInputs(ctx, metricId) {
  const definition = ctx.site.byId.get(metricId);
  const metric = ctx.data.get(metricId);
  const places = PLACE_BREAKDOWNS.filter((b) => definition.breakdowns.includes(b));
  const equities = EQUITY_BREAKDOWNS.filter((b) => definition.breakdowns.includes(b));
  // the scaled breakdowns' series come after the alliance's and localities', as in the published order
  const seriesKeys = [...new Set(metric.spc.map((d) => `${d.breakdown}|${d.breakdown_value}`)), ...metric.scaledSeries];
  const place = places.length ? Inputs.select(places, { label: "Breakdown by place", format: (b) => BREAKDOWN_LABELS[b] }) : null;
  const equity = equities.length ? Inputs.select(equities, { label: "Equity breakdown", format: (b) => BREAKDOWN_LABELS[b] }) : null;
  const series =
    seriesKeys.length > 1
      ? Inputs.select(seriesKeys, {
          label: "SPC series",
          value: seriesKeys.includes("alliance|all") ? "alliance|all" : seriesKeys[0],
          format: (k) => {
            const [b, v] = k.split("|");
            return b === "alliance" ? "Alliance" : `${BREAKDOWN_LABELS[b]}: ${ctx.label(b, v)}`;
          },
        })
      : null;
  const inputs = [place, equity, series].filter(Boolean);
  return {
    place,
    equity,
    series,
    seriesDefault: seriesKeys[0] ?? "alliance|all",
    group: inputs.length ? html`<div class="filters" role="group" aria-label=${`Breakdowns and SPC series for ${definition.name}`}>${inputs}</div>` : html`<div></div>`,
  };
}

/** The scaled breakdowns (PCN, practice) a view shows: its breakdown by place and its SPC series, where scaled. */
export function viewBreakdowns(ctx, { metric, place, series }) {
  const definition = ctx.site.byId.get(metric);
  const shown = [place, series?.split("|")[0]];
  return SCALED_BREAKDOWNS.filter((b) => shown.includes(b) && definition.breakdowns.includes(b));
}

/**
 * One metric's data for a view: the family file's, with the given scaled breakdowns' files fetched and added
 * (and, with the practices, their names). Returns { id, values, spc, scaledSeries, loaded, label }: loaded, the
 * scaled breakdowns it holds; label, the labeller that names them.
 */
export async function loadMetricData(ctx, metricId, breakdowns) {
  const first = ctx.data.get(metricId);
  const [files, practices] = await Promise.all([
    Promise.all(breakdowns.map((b) => loadBreakdownFile(ctx.breakdownFiles, breakdownFileName(ctx.familyFile, metricId, b)))),
    breakdowns.includes("practice") ? loadPractices() : null,
  ]);
  return {
    ...first,
    values: first.values.concat(...files.map((f) => f.values)),
    spc: first.spc.concat(...files.map((f) => f.spc)),
    loaded: new Set(breakdowns),
    label: practices ? labeller({ ...ctx.meta, practices }) : ctx.label,
  };
}

/**
 * One metric in full for the chosen view: headline, definition, SPC, trend, breakdowns and funnel. metric: its
 * data for the view (loadMetricData); view: { metric, period, periodType, place, equity, series }; status: the
 * live line to update; invalidation: the cell's, so each chart stops following the page width when it re-runs.
 */
export function metricArticle(ctx, metric, view, { status, invalidation } = {}) {
  const { meta, cellOptions } = ctx;
  const { label } = metric;
  const definition = ctx.site.byId.get(view.metric);
  const state = { ...view, series: view.series ?? "alliance|all" };
  const sections = { definition, metric, state, meta, label, cellOptions, invalidation };
  const alliance = metric.values.find((d) => d.breakdown === "alliance" && d.period_type === state.periodType && d.period === state.period);
  const statement = changeStatement(alliance, definition);
  const place = state.place ? breakdownSection({ ...sections, breakdown: state.place, heading: `By ${lowerFirst(BREAKDOWN_LABELS[state.place])}`, id: "breakdown" }) : null;
  const equity = state.equity ? breakdownSection({ ...sections, breakdown: state.equity, heading: `Equity: by ${lowerFirst(BREAKDOWN_LABELS[state.equity])}`, id: "equity" }) : null;
  if (status)
    status.textContent = `Showing ${definition.name}, ${periodLabel(state.period, state.periodType)}${state.place ? `, by ${lowerFirst(BREAKDOWN_LABELS[state.place])}` : ""}${state.equity ? ` and ${lowerFirst(BREAKDOWN_LABELS[state.equity])}` : ""}.`;
  return html`<article data-metric=${definition.id}>
    <h2 id="metric-detail">${definition.name} <span class="metric-id">${definition.id}</span></h2>
    <p class="lede">${periodTypeLabel(state.periodType)}: ${periodLabel(state.period, state.periodType)}. Alliance value ${valueCell(alliance, definition.unit, cellOptions).node}${
      alliance?.ci_lower != null ? ` (95% interval ${formatInterval(alliance, definition.unit)})` : ""
    }.${statement ? ` ${statement.text}` : ""}${alliance?.change_lower != null ? ` Change ${formatChange(alliance, definition)} (${formatChangeInterval(alliance, definition)}).` : ""}</p>
    ${definitionSummary(definition, "../")}
    ${spcSection(sections)}
    ${trendSection(sections)}
    ${place}
    ${equity}
    ${definition.breakdowns.includes("practice") ? (metric.loaded.has("practice") ? funnelSection(sections) : funnelOnRequest(ctx, sections)) : null}
  </article>`;
}
