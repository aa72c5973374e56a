// The definitions page: every metric's definition and method, the shared rules, and a glossary.
import { html } from "htl";
import { familyInfo, FAMILIES, longDate } from "./data.js";
import { dataTable } from "./figure.js";
import { DIRECTION_LABELS, formatValue, richText, UNIT_LABELS } from "./format.js";
import { BREAKDOWN_LABELS } from "./labels.js";

const INTERVALS = { wilson: "Wilson score", byar: "Byar (exact Poisson below 10 events)", none: "None" };

function nationalText(m) {
  if (!m.national) return "none published";
  const n = m.national;
  return `${n.value != null ? formatValue(n.value, m.unit) : ""}${n.period ? ` (${n.period})` : ""}. ${n.source ?? ""}${n.note ? ` ${n.note}` : ""}`.replace(/^\. /, "");
}

/**
 * A metric's definition as [label, text] pairs in plain text (`backticks` mark field names; Notes is a list):
 * the definitions page, the board pack's appendix and the evidence packs all write it from here.
 */
export function definitionFields(m) {
  return [
    ["Family", familyInfo(m.family).title],
    ["Numerator", m.numerator],
    ["Denominator", m.denominator],
    ["Exclusions", m.exclusions],
    ["Unit", m.unit_label ?? UNIT_LABELS[m.unit] ?? m.unit],
    ["Direction", DIRECTION_LABELS[m.direction] ?? m.direction],
    ["Interval method", m.interval_method ?? INTERVALS[m.interval] ?? m.interval],
    ["Change from baseline", `${m.change_method ?? ""}${m.change_assessed ? "" : " (no significance assessment)"}`],
    ["Baseline window", `${longDate(m.baseline?.from)} to ${longDate(m.baseline?.to)}: ${m.baseline?.rule ?? ""}`],
    ["Date basis", m.date_basis],
    ["Unit of analysis", m.unit_of_analysis ?? ""],
    ["Look-back", m.lookback_days ? `${m.lookback_days} days before the period start` : "none"],
    ["Point in time", m.point_in_time ? "yes: measured at the end of each period" : "no: counted over the period"],
    ["Source datasets", (m.datasets ?? []).join(", ")],
    ["Breakdowns", (m.breakdowns ?? []).map((b) => BREAKDOWN_LABELS[b] ?? b).join(", ")],
    ["Contract target", m.target ? `${formatValue(m.target.target, m.unit)} (amber within ${m.unit === "percent" ? `${(m.target.tolerance * 100).toFixed(1)} percentage points` : formatValue(m.target.tolerance, m.unit)})` : "none"],
    ["Benchmarks", m.benchmarks?.length ? m.benchmarks.map((b) => `${formatValue(b.value, m.unit)} from ${longDate(b.applies_from)} (${b.source})`).join("; ") : "none"],
    ["National value and source", nationalText(m)],
    ["SPC rebase", m.rebase?.length ? m.rebase.map((r) => `${r.month}: ${r.reason}`).join("; ") : "none"],
    ["Notes", m.notes?.length ? m.notes : "none"],
  ];
}

export function metricDefinition(m, { headingLevel = 3 } = {}) {
  const value = (v) => (Array.isArray(v) ? html`<ul>${v.map((n) => html`<li>${richText(n)}</li>`)}</ul>` : richText(v));
  const heading = headingLevel === 4 ? html`<h4 id=${m.id}>${m.name} <span class="metric-id">${m.id}</span></h4>` : html`<h3 id=${m.id}>${m.name} <span class="metric-id">${m.id}</span></h3>`;
  return html`<section class="metric-definition" aria-labelledby=${m.id}>
    ${heading}
    <dl class="definition">${definitionFields(m).map(([k, v]) => html`<div><dt>${k}</dt><dd>${value(v)}</dd></div>`)}</dl>
  </section>`;
}

export function definitionsByFamily(definitions) {
  return FAMILIES.map((f) => ({ family: f, metrics: definitions.metrics.filter((m) => m.family === f.id) })).filter((g) => g.metrics.length);
}

export function definitionsTable(definitions) {
  return dataTable({
    title: "Every metric at a glance",
    groups: definitionsByFamily(definitions).map((g) => ({ label: g.family.title, rows: g.metrics })),
    columns: [
      { key: "name", label: "Metric", rowHeader: true, cell: (m) => html`<a href=${`#${m.id}`}>${m.name}</a> <span class="metric-id">${m.id}</span>` },
      { key: "unit", label: "Unit", cell: (m) => UNIT_LABELS[m.unit] ?? m.unit },
      { key: "direction", label: "Direction", cell: (m) => DIRECTION_LABELS[m.direction] },
      { key: "interval", label: "Interval", cell: (m) => INTERVALS[m.interval] ?? m.interval },
      { key: "target", label: "Target", num: true, cell: (m) => (m.target ? formatValue(m.target.target, m.unit) : "none") },
      { key: "national", label: "National value", num: true, cell: (m) => (m.national?.value != null ? formatValue(m.national.value, m.unit) : "none") },
    ],
    csvColumns: [
      { label: "metric_id", csv: (m) => m.id },
      { label: "name", csv: (m) => m.name },
      { label: "family", csv: (m) => familyInfo(m.family).title },
      { label: "numerator", csv: (m) => m.numerator },
      { label: "denominator", csv: (m) => m.denominator },
      { label: "exclusions", csv: (m) => m.exclusions },
      { label: "unit", csv: (m) => m.unit },
      { label: "direction", csv: (m) => m.direction },
      { label: "interval_method", csv: (m) => m.interval_method },
      { label: "change_method", csv: (m) => m.change_method },
      { label: "baseline_from", csv: (m) => m.baseline?.from },
      { label: "baseline_to", csv: (m) => m.baseline?.to },
      { label: "date_basis", csv: (m) => m.date_basis },
      { label: "lookback_days", csv: (m) => m.lookback_days },
      { label: "point_in_time", csv: (m) => m.point_in_time },
      { label: "datasets", csv: (m) => (m.datasets ?? []).join("; ") },
      { label: "breakdowns", csv: (m) => (m.breakdowns ?? []).join("; ") },
      { label: "target", csv: (m) => m.target?.target },
      { label: "tolerance", csv: (m) => m.target?.tolerance },
      { label: "national_value", csv: (m) => m.national?.value },
      { label: "national_period", csv: (m) => m.national?.period },
      { label: "national_source", csv: (m) => m.national?.source },
    ],
    id: "definitions",
  });
}

export const GLOSSARY = [
  ["Palliative care", "Care that relieves the symptoms and stress of a serious illness that cannot be cured, for the person and those close to them, at any stage of that illness and alongside other treatment. Specialist palliative care is given by teams whose main work it is (hospices, hospital and community specialist teams); general palliative care by everyone else (GPs, district nurses, care homes)."],
  ["End of life", "The last part of life, usually taken as the last 12 months (the GMC's definition, also used for the palliative care register): people likely to die within a year, including those whose death is expected within days or hours, with advanced incurable conditions or general frailty, at risk of dying from a sudden acute crisis, or with a life-threatening acute condition."],
  ["Last days of life", "The final days, usually the last two to three days and at most the last week or two, when death is expected imminently. NICE guideline NG31 covers care in this period. In this site's hospital metrics the look-backs are the last 90 days and the last year of life (see each definition)."],
  ["Palliative care register", "The GP practice's register of people identified as likely to be in their last year of life (the QOF palliative care register), the starting point for care planning."],
  ["Advance care plan (ACP) and ReSPECT", "A record of a person's wishes and preferences for future care made while they can express them. ReSPECT (Recommended Summary Plan for Emergency Care and Treatment) records recommendations for an emergency, including about resuscitation."],
  ["Preferred place of death", "Where the person said they would like to die, as last recorded before death."],
  ["Usual place of residence", "Home, a care home or a religious establishment: the place the person usually lived (ONS's definition used in the OHID profiles)."],
  ["Keyworker", "A named professional who coordinates the person's care and is their first point of contact."],
  ["IPOS", "The Integrated Palliative care Outcome Scale: a short assessment of the symptoms and concerns that matter most to people with advanced illness; a lower total means a lower burden."],
  ["Date basis", "Deaths are counted in the period in which they happened (date of death), not when they were registered. National figures from ONS and OHID are by registration date, so they will not match exactly."],
  ["Baseline", "The metric pooled over the agreed baseline window, against which change is judged."],
  ["Significant change", "A change from baseline whose 95% interval excludes no change (zero difference, or a ratio of one), judged with the metric's direction."],
  ["95% interval", "The range within which the true value is likely to lie, given the chance variation in small numbers (Wilson score intervals for proportions; Byar's method for rates)."],
  ["Statistical process control (SPC)", "A chart of monthly values with their mean and process limits (XmR chart). Points within the limits with no pattern show common cause variation; points outside them, or runs and trends, show special cause variation."],
  ["Making Data Count", "NHS England's approach to presenting SPC to boards, with its variation icons (is the process changing, and is that good or bad?) and assurance icons (will the process reliably meet its target?)."],
  ["Variation icon", "Grey: common cause, no significant change. Blue: special cause improvement. Orange: special cause concern. Purple: special cause where higher or lower is neither better nor worse. H or L marks whether values are higher or lower."],
  ["Assurance icon", "P (blue): the process consistently passes the target. F (orange): it consistently fails it. ? (grey): hit and miss, the target lies within the process limits."],
  ["RAG", "Red, amber, green against a contract target: green meets it; amber misses it by no more than the agreed tolerance; red misses it by more; grey when the value cannot be judged."],
  ["Rolling 12 months", "The 12 months ending with a quarter: steadier than a single quarter for small numbers."],
  ["Provisional", "A value that may still change: late records arrive by resubmission until two quarters after the period ends."],
  ["Incomplete", "A value one of whose expected partner submissions is missing; the data quality page lists which."],
  ["Disclosure control (*)", "Figures resting on 1 to 7 people are hidden and shown as *, with a second cell hidden where the first could be worked out from a total. This protects the people behind small numbers."],
  ["Funnel plot", "Each practice's value plotted against its size, with control limits that narrow as numbers grow: practices outside the 99.8% limits differ from the alliance by more than chance is likely to explain."],
  ["PCN", "Primary care network: GP practices working together for a population of about 30,000 to 50,000 people."],
  ["IMD quintile", "The Index of Multiple Deprivation of the area where the person lived, in fifths: 1 is the most deprived, 5 the least."],
];

export function glossary() {
  return html`<dl class="definition glossary">${GLOSSARY.map(([term, text]) => html`<div><dt id=${`glossary-${term.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-$/, "")}`}>${term}</dt><dd>${text}</dd></div>`)}</dl>`;
}

export function sharedRules(definitions) {
  const d = definitions;
  const items = [
    ["Periods", d.periods?.rule],
    ["Financial year", d.periods?.financial_year],
    ["Baseline", d.baseline?.rule],
    ["Incomplete", d.completeness?.incomplete],
    ["Rolling 12 months", d.completeness?.rolling12],
    ["Provisional", d.completeness?.provisional],
    ["Look-back", d.completeness?.lookback],
    ["Breakdowns", d.breakdowns?.rule],
    ["Ethnic groups", d.breakdowns?.ethnic_groups],
    ["Targets (RAG)", d.comparisons?.target],
    ["Benchmarks", d.comparisons?.benchmark],
    ["SPC", d.comparisons?.spc],
    ["Disclosure control", d.disclosure?.rule],
    ...Object.entries(d.empty_reasons ?? {}).map(([k, v]) => [`Empty value: ${k.replace(/_/g, " ")}`, v]),
  ].filter(([, v]) => v);
  return html`<dl class="definition">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${richText(v)}</dd></div>`)}</dl>`;
}
