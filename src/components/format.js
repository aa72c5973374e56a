// Formatting values by unit, and saying why a value is missing: suppressed values show "*", empty ones their
// reason, never a misleading 0.
import { html } from "htl";
import { EMPTY_REASON_SHORT, hiddenWords } from "./labels.js";

const percent1 = new Intl.NumberFormat("en-GB", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent0 = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 });
const number2 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const number1 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

export const UNIT_LABELS = {
  percent: "%",
  per_decedent: "per decedent",
  per_1000_register_days: "per 1,000 register days",
  gbp_per_decedent: "£ per decedent",
};

/** A value in the metric's unit: 46.3%, 2.14 per decedent, £3,210. */
export function formatValue(value, unit, { precise = true, withUnit = false } = {}) {
  if (value == null || !Number.isFinite(value)) return "";
  switch (unit) {
    case "percent":
      return (precise ? percent1 : percent0).format(value);
    case "gbp_per_decedent":
      return pounds.format(value);
    case "per_decedent":
    case "per_1000_register_days":
      return `${number2.format(value)}${withUnit ? ` ${UNIT_LABELS[unit]}` : ""}`;
    default:
      return number2.format(value);
  }
}

/**
 * Two values for one sentence (baseline and now), at the same precision as the tables (46.4% and 28.1%, not 46%
 * and 28%), so a headline and the scorecard beside it read the same figures.
 */
export function formatPair(a, b, unit) {
  return [formatValue(a, unit), formatValue(b, unit)];
}

export function formatCount(n) {
  return n == null || !Number.isFinite(n) ? "" : integer.format(n);
}

export function formatInterval(row, unit) {
  if (row.ci_lower == null || row.ci_upper == null) return "";
  return `${formatValue(row.ci_lower, unit)} to ${formatValue(row.ci_upper, unit)}`;
}

/** The change against baseline: percentage points for proportions, a ratio for rates and pounds. */
export function formatChange(row, definition) {
  if (row.change == null) return "";
  if (definition.change_scale === "difference") {
    const pp = row.change * 100;
    return `${pp > 0 ? "+" : pp < 0 ? "−" : ""}${number1.format(Math.abs(pp))} percentage points`;
  }
  return `${number2.format(row.change)} × baseline`;
}

export function formatChangeInterval(row, definition) {
  if (row.change_lower == null || row.change_upper == null) return "";
  if (definition.change_scale === "difference") {
    const f = (v) => `${v < 0 ? "−" : ""}${number1.format(Math.abs(v * 100))}`;
    return `${f(row.change_lower)} to ${f(row.change_upper)} pp`;
  }
  return `${number2.format(row.change_lower)} to ${number2.format(row.change_upper)}`;
}

export const ASSESSMENT_LABELS = {
  improved: "Significant improvement",
  worse: "Significant deterioration",
  no_significant_change: "No significant change",
};

export const DIRECTION_LABELS = {
  up: "Higher is better",
  down: "Lower is better",
  context: "Context (no better direction)",
};

// The reason wording lives once, in labels.js; re-exported for the components that import it from here.
export { EMPTY_REASON_SHORT };

/**
 * What a value cell shows: the value; "*" when suppressed (with the reason for screen readers and as a tooltip);
 * the reason when empty. `text` is the same thing for CSV files.
 */
export function valueCell(row, unit, { disclosure, emptyReasons } = {}) {
  if (!row) return { node: html`<span class="empty-value">No row for this period</span>`, text: "", kind: "missing" };
  if (row.suppressed) {
    // a secondary cell protects a small number elsewhere: it does not itself rest on 1 to 7 people
    const why = hiddenWords(row, disclosure);
    return {
      node: html`<span class="suppressed-value" title=${why}>*<span class="visually-hidden">: ${why}</span></span>`,
      text: "*",
      kind: "suppressed",
    };
  }
  if (row.value == null) {
    const reason = row.empty_reason;
    const short = EMPTY_REASON_SHORT[reason] ?? (reason ? reason.replace(/_/g, " ") : "no value reported");
    const long = emptyReasons?.[reason] ?? short;
    return { node: html`<span class="empty-value" title=${long}>No value: ${short}</span>`, text: "", kind: "empty", reason: short };
  }
  // the unit in the cell itself: "1.59 per decedent", not a bare "1.59"
  const text = formatValue(row.value, unit, { withUnit: true });
  return { node: document.createTextNode(text), text, kind: "value" };
}

/** Flags carried by a value: provisional, incomplete (with the missing submissions). */
export function flagsOf(row) {
  const flags = [];
  if (row?.provisional) flags.push({ label: "Provisional", title: "Provisional: late records can still arrive by resubmission until two quarters after the period ends" });
  if (row?.incomplete) flags.push({ label: "Incomplete", title: `Incomplete: expected submissions missing (${row.missing_submissions ?? "not listed"})` });
  return flags;
}

export function flagNodes(row) {
  return flagsOf(row).map((f) => html`<span class="flag" title=${f.title}>${f.label}</span>`);
}

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** Definition text with `code` spans shown as code. */
export function richText(text) {
  if (!text) return "";
  const parts = String(text).split(/`([^`]+)`/);
  return html`${parts.map((part, i) => (i % 2 ? html`<code>${part}</code>` : part))}`;
}
