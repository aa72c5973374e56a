// Charts as pure functions of their data: each returns Plot.plot(...) (an SVG element). The figure around it
// (title, key, text alternative, downloads) is added by figure.js.
import * as Plot from "@observablehq/plot";
import { monthDate, quarterRange } from "./data.js";
import { formatValue, UNIT_LABELS } from "./format.js";
import { MDC_COLOURS, MDC_OUTLINES, MDC_SYMBOLS, NHS, variationCategory } from "./mdc.js";

const FONT = "Arial, 'Helvetica Neue', Helvetica, sans-serif";
const STYLE = { fontFamily: FONT, fontSize: "12px", color: NHS.text, background: "#ffffff", overflow: "visible" };

/**
 * Axis tick labels in the metric's unit. A percentage axis gets as many decimals as its span needs, so a
 * metric near 0.5% reads "0.4%, 0.5%, 0.6%", not "0%, 0%, 1%".
 */
export function tickFormat(unit, domain = null) {
  if (unit === "percent") {
    const span = domain ? Math.abs(domain[1] - domain[0]) * 100 : 100;
    const digits = span >= 8 ? 0 : span >= 0.8 ? 1 : 2;
    const f = new Intl.NumberFormat("en-GB", { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
    return (v) => f.format(v);
  }
  return (v) => formatValue(v, unit);
}

/** "2024-11" -> "2024-12" */
export function nextMonth(month) {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/**
 * Every calendar month from the series' first to its last, the series' own row where it has one and an empty
 * one (value null) where it has none, so lines break at hidden, empty and left-out months instead of joining
 * across them.
 */
export function continuousMonths(series) {
  const byMonth = new Map(series.filter((d) => d.month).map((d) => [d.month, d]));
  const months = [...byMonth.keys()].sort();
  if (!months.length) return [];
  const out = [];
  for (let m = months[0]; m <= months.at(-1); m = nextMonth(m)) out.push(byMonth.get(m) ?? { month: m, value: null, centre: null, upper_limit: null, lower_limit: null, gap: true });
  return out;
}

export function yLabel(unit) {
  return unit === "percent" ? "Per cent" : UNIT_LABELS[unit] ? `${UNIT_LABELS[unit][0].toUpperCase()}${UNIT_LABELS[unit].slice(1)}` : null;
}

function extent(values) {
  const finite = values.filter((v) => v != null && Number.isFinite(v));
  if (!finite.length) return [0, 1];
  return [Math.min(...finite), Math.max(...finite)];
}

function paddedDomain(values, unit) {
  let [lo, hi] = extent(values);
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 0.05;
  lo -= pad;
  hi += pad;
  if (lo > 0 && lo < pad * 3) lo = 0; // near zero: start at zero
  if (unit === "percent") {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  } else lo = Math.max(0, lo);
  return [lo, hi];
}

/**
 * SPC (XmR) chart in the Making Data Count style: the monthly points coloured and shaped by their variation
 * category (one colour spec with the icons), the mean as a solid line and the process limits dashed, each
 * labelled with its value, the target (when there is one) and any rebase points.
 */
export function spcChart(series, { unit, target = null, rebase = [], width = 800, height = 320, ariaLabel } = {}) {
  // a proportion's limits are shown capped at 0% and 100%
  const cap = (v) => (v == null || unit !== "percent" ? v : Math.min(1, Math.max(0, v)));
  const points = continuousMonths(series).map((d) => ({
    ...d,
    upper_limit: cap(d.upper_limit),
    lower_limit: cap(d.lower_limit),
    date: monthDate(d.month),
    category: variationCategory(d.variation) ?? "common",
    provisional: d.provisional === true || d.provisional === "true",
  }));
  const withValue = points.filter((d) => d.value != null);
  const groups = [...new Set(points.filter((d) => !d.gap).map((d) => d.rebase_group))];
  const lastOfGroup = groups.map((g) => points.filter((d) => d.rebase_group === g && !d.gap).at(-1)).filter(Boolean);
  const lastGroup = lastOfGroup.at(-1);
  const limitLabels = lastGroup
    ? [
        { y: lastGroup.upper_limit, label: `Upper limit ${formatValue(lastGroup.upper_limit, unit)}` },
        { y: lastGroup.centre, label: `Mean ${formatValue(lastGroup.centre, unit)}` },
        { y: lastGroup.lower_limit, label: `Lower limit ${formatValue(lastGroup.lower_limit, unit)}` },
      ].filter((d) => d.y != null)
    : [];
  if (target != null) limitLabels.push({ y: target, label: `Target ${formatValue(target, unit)}`, target: true });
  // keep the labels from overlapping: at least 13px apart
  const domain = paddedDomain([...withValue.map((d) => d.value), ...points.map((d) => d.upper_limit), ...points.map((d) => d.lower_limit), target], unit);
  const innerHeight = height - 50;
  const pxPerUnit = innerHeight / (domain[1] - domain[0] || 1);
  const sorted = [...limitLabels].sort((a, b) => b.y - a.y);
  let previous = Infinity;
  for (const l of sorted) {
    const px = (domain[1] - l.y) * pxPerUnit;
    const dy = Math.max(px, previous === Infinity ? px : previous + 13) - px;
    l.labelY = l.y - dy / pxPerUnit;
    previous = px + dy;
  }
  const rebaseMonths = rebase
    .filter((r) => !r.keep && points.some((p) => p.month === r.month))
    .map((r) => ({ ...r, date: monthDate(r.month), label: `Limits recalculated${r.reason ? `: ${r.reason}` : ""}` }));
  // the months each group's limits were computed from (limits_from..limits_to), shaded
  const limitPeriods = [
    ...new Map(
      points.filter((d) => d.limits_from && d.limits_to).map((d) => [`${d.limits_from}|${d.limits_to}`, { from: monthDate(d.limits_from), to: monthDate(nextMonth(d.limits_to)) }]),
    ).values(),
  ];
  // a line broken at each empty month: lines are drawn through NaN as gaps
  const gapped = (key) => (d) => (d[key] == null ? NaN : d[key]);
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginRight: 150,
    marginBottom: 36,
    style: STYLE,
    ariaLabel,
    x: { type: "utc", label: null, tickFormat: "%b %Y", ticks: Math.max(2, Math.floor(width / 110)) },
    marginTop: rebaseMonths.length ? 44 : 20,
    y: { domain, label: yLabel(unit), tickFormat: tickFormat(unit, domain), grid: true, nice: false },
    marks: [
      Plot.rectX(limitPeriods, { x1: "from", x2: "to", fill: NHS.paleGrey, fillOpacity: 0.7 }),
      Plot.text(limitPeriods, { x: (d) => new Date((d.from.getTime() + d.to.getTime()) / 2), frameAnchor: "bottom", dy: -4, text: () => "Limits set from these months", fill: NHS.secondaryText, fontSize: 10 }),
      Plot.ruleX(rebaseMonths, { x: "date", stroke: NHS.secondaryText, strokeDasharray: "2,3" }),
      Plot.text(rebaseMonths, { x: "date", frameAnchor: "top", text: "label", dy: -8, lineAnchor: "bottom", lineWidth: 14, textAnchor: "start", dx: 3, fill: NHS.secondaryText, fontSize: 10 }),
      Plot.lineY(points, { x: "date", y: gapped("upper_limit"), z: "rebase_group", stroke: NHS.darkGrey, strokeDasharray: "6,4", strokeWidth: 1.25 }),
      Plot.lineY(points, { x: "date", y: gapped("lower_limit"), z: "rebase_group", stroke: NHS.darkGrey, strokeDasharray: "6,4", strokeWidth: 1.25 }),
      Plot.lineY(points, { x: "date", y: gapped("centre"), z: "rebase_group", stroke: NHS.text, strokeWidth: 1.5 }),
      target != null ? Plot.ruleY([target], { stroke: NHS.darkRed, strokeDasharray: "10,4", strokeWidth: 1.5 }) : null,
      Plot.lineY(points, { x: "date", y: gapped("value"), stroke: NHS.midGrey, strokeWidth: 1.25 }),
      Plot.dot(withValue, {
        x: "date",
        y: "value",
        r: 3.6,
        symbol: (d) => MDC_SYMBOLS[d.category],
        // a provisional month is an open point: it can still change when late records arrive
        fill: (d) => (d.provisional ? "#ffffff" : MDC_COLOURS[d.category]),
        stroke: (d) => MDC_OUTLINES[d.category],
        strokeWidth: (d) => (d.provisional ? 1.6 : 0.8),
        title: (d) => `${d.month}: ${formatValue(d.value, unit)}${d.provisional ? " (provisional)" : ""}${d.special_cause ? ` (special cause: ${d.special_cause.replace(/_/g, " ")})` : ""}`,
      }),
      Plot.text(limitLabels.filter((d) => !d.target), { x: () => points.at(-1)?.date, y: "labelY", text: "label", textAnchor: "start", dx: 8, fill: NHS.text }),
      Plot.text(limitLabels.filter((d) => d.target), { x: () => points.at(-1)?.date, y: "labelY", text: "label", textAnchor: "start", dx: 8, fill: NHS.darkRed, fontWeight: 700 }),
    ].filter(Boolean),
  });
}

/** x position of a quarterly or rolling-12 period: the middle of its last quarter. */
export function periodDate(period) {
  const r = quarterRange(period);
  return r ? new Date((r.start.getTime() + r.end.getTime()) / 2) : null;
}

/**
 * Quarterly (or rolling 12-month) trend with 95% intervals, the baseline, the benchmark and the target as
 * labelled lines. Provisional values are hollow; suppressed periods are marked "*" on the axis.
 */
export function trendChart(rows, { unit, baseline = null, target = null, benchmarkLabel = "Benchmark", width = 800, height = 300, ariaLabel } = {}) {
  const data = rows.map((d) => ({ ...d, date: periodDate(d.period) })).filter((d) => d.date);
  const shown = data.filter((d) => d.value != null);
  const hidden = data.filter((d) => d.value == null);
  const benchmark = data.filter((d) => d.benchmark_value != null);
  const domain = paddedDomain([...shown.flatMap((d) => [d.value, d.ci_lower, d.ci_upper]), baseline, target, ...benchmark.map((d) => d.benchmark_value)], unit);
  const lines = [];
  if (baseline != null) lines.push({ y: baseline, label: `Baseline ${formatValue(baseline, unit)}`, stroke: NHS.darkGrey, dash: "4,3" });
  if (target != null) lines.push({ y: target, label: `Target ${formatValue(target, unit)}`, stroke: NHS.darkRed, dash: "10,4" });
  const lastBenchmark = benchmark.at(-1);
  if (lastBenchmark) lines.push({ y: lastBenchmark.benchmark_value, label: `${benchmarkLabel} ${formatValue(lastBenchmark.benchmark_value, unit)}`, stroke: NHS.purple, dash: "2,2", benchmark: true });
  const innerHeight = height - 50;
  const pxPerUnit = innerHeight / (domain[1] - domain[0] || 1);
  let previous = Infinity;
  for (const l of [...lines].sort((a, b) => b.y - a.y)) {
    const px = (domain[1] - l.y) * pxPerUnit;
    const dy = Math.max(px, previous === Infinity ? px : previous + 13) - px;
    l.labelY = l.y - dy / pxPerUnit;
    previous = px + dy;
  }
  const lastDate = data.at(-1)?.date;
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginRight: 170,
    marginBottom: 36,
    style: STYLE,
    ariaLabel,
    x: { type: "utc", label: null, tickFormat: "%b %Y", ticks: Math.max(2, Math.floor(width / 110)) },
    y: { domain, label: yLabel(unit), tickFormat: tickFormat(unit, domain), grid: true, nice: false },
    marks: [
      ...lines.filter((l) => !l.benchmark).map((l) => Plot.ruleY([l.y], { stroke: l.stroke, strokeDasharray: l.dash, strokeWidth: 1.5 })),
      Plot.lineY(benchmark, { x: "date", y: "benchmark_value", curve: "step", stroke: NHS.purple, strokeDasharray: "2,2", strokeWidth: 1.5 }),
      Plot.ruleX(shown, { x: "date", y1: "ci_lower", y2: "ci_upper", stroke: NHS.blue, strokeOpacity: 0.55, strokeWidth: 2 }),
      Plot.lineY(shown, { x: "date", y: "value", stroke: NHS.blue, strokeWidth: 1.5 }),
      Plot.dot(shown, {
        x: "date",
        y: "value",
        r: 4,
        fill: (d) => (d.provisional ? "#ffffff" : NHS.blue),
        stroke: NHS.darkBlue,
        strokeWidth: 1.5,
        title: (d) => `${d.period}: ${formatValue(d.value, unit)}${d.ci_lower != null ? ` (95% interval ${formatValue(d.ci_lower, unit)} to ${formatValue(d.ci_upper, unit)})` : ""}${d.provisional ? ", provisional" : ""}`,
      }),
      Plot.text(hidden, { x: "date", frameAnchor: "bottom", dy: -4, text: (d) => (d.suppressed ? "*" : "–"), fill: NHS.text, fontWeight: 700, fontSize: 14 }),
      Plot.text(lines, { x: () => lastDate, y: "labelY", dx: 10, text: "label", textAnchor: "start", fill: (d) => d.stroke, fontWeight: 700 }),
    ],
  });
}

/**
 * A breakdown as a dot plot with 95% intervals, the alliance value as a labelled reference line. Suppressed
 * rows say so in words where the dot would be; empty rows give their reason.
 */
export function breakdownChart(rows, { unit, overall = null, labelOf = (d) => d.breakdown_value, width = 800, ariaLabel, emptyText = () => "no value", suppressedText = "* suppressed (fewer than 8 people)" } = {}) {
  const data = rows.map((d) => ({ ...d, label: labelOf(d) }));
  const labels = data.map((d) => d.label);
  const shown = data.filter((d) => d.value != null);
  const hidden = data.filter((d) => d.value == null);
  const longest = Math.max(40, ...labels.map((l) => String(l).length));
  const marginLeft = Math.min(260, 12 + longest * 6.6);
  const [lo, hi] = extent([...shown.flatMap((d) => [d.value, d.ci_lower, d.ci_upper]), overall]);
  const domain = unit === "percent" ? [0, Math.min(1, Math.max(hi * 1.08, 0.1))] : [0, (hi || 1) * 1.08];
  void lo;
  return Plot.plot({
    width,
    height: Math.max(90, data.length * 26 + 60),
    marginLeft,
    marginRight: 30,
    marginTop: 28,
    style: STYLE,
    ariaLabel,
    x: { domain, label: null, tickFormat: tickFormat(unit, domain), grid: true, axis: "top" },
    y: { domain: labels, label: null, tickSize: 0 },
    marks: [
      overall != null ? Plot.ruleX([overall], { stroke: NHS.text, strokeDasharray: "4,3" }) : null,
      overall != null ? Plot.text([overall], { x: (d) => d, frameAnchor: "bottom", dy: 14, text: (d) => `Alliance ${formatValue(d, unit)}`, fill: NHS.text, fontWeight: 700 }) : null,
      Plot.ruleY(shown, { y: "label", x1: "ci_lower", x2: "ci_upper", stroke: NHS.blue, strokeWidth: 2, strokeOpacity: 0.6 }),
      Plot.dot(shown, {
        y: "label",
        x: "value",
        r: 4.5,
        fill: (d) => (d.provisional ? "#ffffff" : NHS.blue),
        stroke: NHS.darkBlue,
        strokeWidth: 1.5,
        title: (d) => `${d.label}: ${formatValue(d.value, unit)}${d.ci_lower != null ? ` (95% interval ${formatValue(d.ci_lower, unit)} to ${formatValue(d.ci_upper, unit)})` : ""}`,
      }),
      Plot.text(hidden, { y: "label", x: domain[0], dx: 6, textAnchor: "start", text: (d) => (d.suppressed ? suppressedText : emptyText(d)), fill: NHS.secondaryText, fontStyle: "italic" }),
    ].filter(Boolean),
  });
}

/** Control limits of a funnel plot around `centre` for a unit at denominator n, at normal deviate z. */
export function funnelLimits(centre, n, z, unit) {
  if (!(n > 0)) return [null, null];
  if (unit === "percent") {
    const se = Math.sqrt((centre * (1 - centre)) / n);
    return [Math.max(0, centre - z * se), Math.min(1, centre + z * se)];
  }
  // rates: Poisson, in the unit's scale (per 1,000 for register days)
  const scale = unit === "per_1000_register_days" ? 1000 : 1;
  const rate = centre / scale;
  const se = Math.sqrt(rate / n);
  return [Math.max(0, (rate - z * se) * scale), (rate + z * se) * scale];
}

export function funnelPosition(d, centre, unit) {
  const [lo998, hi998] = funnelLimits(centre, d.denominator, 3.09, unit);
  const [lo95, hi95] = funnelLimits(centre, d.denominator, 1.96, unit);
  if (d.value > hi998) return "above99.8";
  if (d.value < lo998) return "below99.8";
  if (d.value > hi95) return "above95";
  if (d.value < lo95) return "below95";
  return "within";
}

export const FUNNEL_POSITIONS = {
  within: { label: "Within the 95% limits", symbol: "circle", fill: NHS.midGrey, stroke: NHS.darkGrey },
  above95: { label: "Between the 95% and 99.8% limits (high)", symbol: "triangle", fill: NHS.lightBlue, stroke: NHS.darkBlue },
  below95: { label: "Between the 95% and 99.8% limits (low)", symbol: "triangle", fill: NHS.lightBlue, stroke: NHS.darkBlue },
  "above99.8": { label: "Outside the 99.8% limits (high)", symbol: "square", fill: NHS.blue, stroke: NHS.darkBlue },
  "below99.8": { label: "Outside the 99.8% limits (low)", symbol: "square", fill: NHS.blue, stroke: NHS.darkBlue },
};

/**
 * Funnel plot for practices: each practice's value against its denominator, with 95% and 99.8% control limits
 * around the alliance value. Practices outside the 99.8% limits are named on the chart.
 */
export function funnelChart(rows, { unit, centre, labelOf = (d) => d.breakdown_value, width = 800, height = 360, ariaLabel, denominatorLabel = "Denominator" } = {}) {
  const data = rows
    .filter((d) => d.value != null && d.denominator > 0)
    .map((d) => ({ ...d, label: labelOf(d), position: funnelPosition(d, centre, unit) }));
  const maxN = Math.max(10, ...data.map((d) => d.denominator)) * 1.05;
  const minN = Math.max(1, Math.min(...data.map((d) => d.denominator), maxN) * 0.9);
  const steps = 80;
  const curve = [];
  for (let i = 0; i <= steps; i++) {
    const n = minN + ((maxN - minN) * i) / steps;
    const [l95, u95] = funnelLimits(centre, n, 1.96, unit);
    const [l998, u998] = funnelLimits(centre, n, 3.09, unit);
    curve.push({ n, l95, u95, l998, u998 });
  }
  const domain = paddedDomain([...data.map((d) => d.value), centre, ...curve.slice(Math.floor(steps / 4)).flatMap((c) => [c.l998, c.u998])], unit);
  // limits beyond the chart are left out (a gap), not flattened against its edge
  const clip = (v) => (v == null || v > domain[1] || v < domain[0] ? NaN : v);
  const outliers = data.filter((d) => d.position.endsWith("99.8"));
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginRight: 110,
    marginBottom: 40,
    style: STYLE,
    ariaLabel,
    x: { domain: [0, maxN], label: denominatorLabel, grid: true },
    y: { domain, label: yLabel(unit), tickFormat: tickFormat(unit, domain), grid: true, nice: false },
    marks: [
      Plot.ruleY([centre], { stroke: NHS.text, strokeWidth: 1.5 }),
      Plot.lineY(curve, { x: "n", y: (c) => clip(c.u95), stroke: NHS.darkGrey, strokeDasharray: "6,4" }),
      Plot.lineY(curve, { x: "n", y: (c) => clip(c.l95), stroke: NHS.darkGrey, strokeDasharray: "6,4" }),
      Plot.lineY(curve, { x: "n", y: (c) => clip(c.u998), stroke: NHS.darkGrey, strokeDasharray: "2,2" }),
      Plot.lineY(curve, { x: "n", y: (c) => clip(c.l998), stroke: NHS.darkGrey, strokeDasharray: "2,2" }),
      Plot.text(
        [
          { y: clip(curve.at(-1).u95), label: "95% limit" },
          { y: clip(curve.at(-1).u998), label: "99.8% limit" },
          { y: centre, label: `Alliance ${formatValue(centre, unit)}` },
        ].filter((d) => Number.isFinite(d.y)),
        { x: maxN, y: "y", text: "label", dx: 6, textAnchor: "start", fill: NHS.text },
      ),
      Plot.dot(data, {
        x: "denominator",
        y: "value",
        r: 4.5,
        symbol: (d) => FUNNEL_POSITIONS[d.position].symbol,
        fill: (d) => FUNNEL_POSITIONS[d.position].fill,
        stroke: (d) => FUNNEL_POSITIONS[d.position].stroke,
        title: (d) => `${d.label}: ${formatValue(d.value, unit)} of ${d.denominator} (${FUNNEL_POSITIONS[d.position].label.toLowerCase()})`,
      }),
      Plot.text(outliers, { x: "denominator", y: "value", text: "label", dy: -10, fill: NHS.text, fontWeight: 700 }),
    ],
  });
}

/** A small line of the monthly values with the last point marked: for the board table. */
export function sparkline(series, { width = 120, height = 30, ariaLabel } = {}) {
  const data = series.filter((d) => d.value != null).map((d) => ({ ...d, date: monthDate(d.month), category: variationCategory(d.variation) ?? "common" }));
  const last = data.at(-1);
  return Plot.plot({
    width,
    height,
    margin: 3,
    marginRight: 6,
    style: { ...STYLE, overflow: "visible" },
    ariaLabel,
    axis: null,
    x: { type: "utc" },
    y: { domain: extent(data.map((d) => d.value)), nice: false },
    marks: [
      Plot.lineY(data, { x: "date", y: "value", stroke: NHS.darkGrey, strokeWidth: 1 }),
      last ? Plot.dot([last], { x: "date", y: "value", r: 3, fill: MDC_COLOURS[last.category], stroke: MDC_OUTLINES[last.category], symbol: MDC_SYMBOLS[last.category] }) : null,
    ].filter(Boolean),
  });
}
