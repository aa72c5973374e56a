// Before/after statements in plain English: a metric's value for a period against its baseline, with the
// interval and whether the change is significant. Plain text (no DOM), so the board pack page and the
// evidence-pack command write the same words from the same published row.
import { longDate, periodLabel, quarterRange } from "./data.js";
import { formatCount, formatValue } from "./format.js";
import { emptyReasonWords, hiddenWords as labelHiddenWords } from "./labels.js";

const number1 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const number2 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "−5.2 percentage points", "+0.4 percentage points" */
function points(change) {
  const pp = change * 100;
  return `${pp > 0 ? "+" : pp < 0 ? "−" : ""}${number1.format(Math.abs(pp))} percentage points`;
}

function signedPoints(v) {
  const pp = v * 100;
  return `${pp < 0 ? "−" : pp > 0 ? "+" : ""}${number1.format(Math.abs(pp))}`;
}

/**
 * Hidden by disclosure control, in words (the people range comes from the config). With the row, a secondary
 * cell says it protects a small number elsewhere rather than claiming to rest on few people.
 */
export function hiddenWords(disclosure, row) {
  const [lo, hi] = disclosure?.suppress ?? [1, 7];
  if (row?.empty_reason === "suppressed_secondary")
    return `hidden by disclosure control (*): ${labelHiddenWords(row, disclosure)}, so neither it nor its comparison is published`;
  if (row) return `hidden by disclosure control (*): the figure rests on ${lo} to ${hi} people, so neither it nor its comparison is published`;
  return `hidden by disclosure control (*): the figure rests on ${lo} to ${hi} people, or is hidden to protect such a figure elsewhere, so neither it nor its comparison is published`;
}

/** The value with its interval and counts: "41.2% (95% confidence interval 38.0% to 44.5%; 213 of 517)". */
export function valueWords(row, definition) {
  const unit = definition.unit;
  const value = formatValue(row.value, unit, { withUnit: true });
  const interval = row.ci_lower != null && row.ci_upper != null ? `95% confidence interval ${formatValue(row.ci_lower, unit)} to ${formatValue(row.ci_upper, unit)}` : null;
  const counts =
    row.numerator != null && row.denominator != null
      ? unit === "percent"
        ? `${formatCount(row.numerator)} of ${formatCount(row.denominator)}`
        : `numerator ${formatCount(row.numerator)}, denominator ${formatCount(row.denominator)}`
      : null;
  const detail = [interval, counts].filter(Boolean).join("; ");
  return detail ? `${value} (${detail})` : value;
}

/** Does a quarter, or the rolling 12 months ending with it, overlap a date window {from, to} (ISO dates)? */
export function periodOverlaps(period, periodType, window) {
  const r = quarterRange(period);
  if (!r || !window) return false;
  const start = periodType === "rolling12" ? new Date(Date.UTC(r.end.getUTCFullYear(), r.end.getUTCMonth() - 11, 1)) : r.start;
  const iso = (d) => d.toISOString().slice(0, 10);
  return iso(start) <= window.to && iso(r.end) >= window.from;
}

/** Why a change is not judged, in words. */
export function notAssessedWords(row, definition, { overlapsBaseline = false } = {}) {
  if (definition.direction === "context") return "This is a context measure with no better direction, so the change is not judged better or worse.";
  if (!definition.change_assessed) return "This measure's change is shown without a significance test.";
  if (overlapsBaseline) return "The period overlaps the baseline window, so it is not compared with it.";
  if (row.baseline_value == null) return "There is no published baseline value to compare with (it is empty, or hidden by disclosure control).";
  return "The change is not assessed for this period.";
}

/** The change against baseline with its interval: a difference in percentage points, or a ratio. */
export function changeWords(row, definition) {
  if (row.change == null) return null;
  if (definition.change_scale === "difference") {
    const interval = row.change_lower != null && row.change_upper != null ? ` (95% confidence interval ${signedPoints(row.change_lower)} to ${signedPoints(row.change_upper)} points)` : "";
    return `a change of ${points(row.change)}${interval}`;
  }
  const percent = Math.round((row.change - 1) * 100);
  const relative = percent === 0 ? "about the same as" : `${Math.abs(percent)}% ${percent > 0 ? "higher than" : "lower than"}`;
  const interval = row.change_lower != null && row.change_upper != null ? ` (95% confidence interval ${number2.format(row.change_lower)} to ${number2.format(row.change_upper)})` : "";
  return `${number2.format(row.change)} times the baseline${interval}, ${relative} the baseline`;
}

/** The significance verdict, with the direction that makes it good or bad. */
export function significanceWords(row, definition) {
  const better = definition.direction === "up" ? "higher" : "lower";
  switch (row.change_assessment) {
    case "improved":
      return `The interval excludes no change, so the change is statistically significant (at the 5% level). ${capitalise(better)} is better for this measure: a significant improvement.`;
    case "worse":
      return `The interval excludes no change, so the change is statistically significant (at the 5% level). ${capitalise(better)} is better for this measure: a significant deterioration.`;
    case "no_significant_change":
      return "The interval includes no change, so the difference is not statistically significant: chance variation alone could explain it.";
    default:
      return null;
  }
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** Partner names for "ACUTE:2024-25-Q2;HOSPICE2:2024-25-Q1" (names from the meta partners). */
export function missingSubmissionsWords(text, partnerName = (code) => code) {
  const tokens = String(text ?? "")
    .split(";")
    .map((t) => t.trim())
    .filter(Boolean);
  return tokens.map((t) => {
    const [partner, period] = t.split(":");
    return `${partnerName(partner)} (${(period ?? "").replace(/-Q/, " Q")})`;
  });
}

/** Provisional and incomplete, in words. */
export function flagWords(row, { partnerName } = {}) {
  const out = [];
  if (row?.incomplete) {
    const missing = missingSubmissionsWords(row.missing_submissions, partnerName);
    out.push(`This figure is incomplete: ${missing.length ? `the submission${missing.length === 1 ? "" : "s"} expected from ${missing.join(", ")} ${missing.length === 1 ? "was" : "were"}` : "an expected submission was"} missing when it was computed, so it may change when the data arrive.`);
  }
  if (row?.provisional) out.push("It is provisional: late records can still arrive by resubmission until two quarters after the period ends.");
  return out;
}

/**
 * The before/after statement for one published row (the alliance total of a period):
 *   { kind: improved | worse | no_significant_change | not_assessed | hidden | empty, text }
 * options: periodType, baseline {from, to}, disclosure, emptyReasons (definitions.json), partnerName
 */
export function beforeAfterStatement(row, definition, { periodType = "quarter", baseline, disclosure, emptyReasons = {}, partnerName } = {}) {
  const subject = `${definition.name} (${definition.id})`;
  const when = row ? periodLabel(row.period, periodType) : "";
  if (!row) return { kind: "empty", text: `${subject}: no published value for this period.` };
  const flags = flagWords(row, { partnerName });
  if (row.suppressed) return { kind: "hidden", text: [`${subject}, ${when}: ${hiddenWords(disclosure, row)}.`, ...flags].join(" ") };
  if (row.value == null) {
    // Open follow-up and missing submissions are said in the metric's own words; other reasons as definitions.json gives them.
    const reason = ["follow_up_open", "missing_submission"].includes(row.empty_reason) || !emptyReasons[row.empty_reason]
      ? emptyReasonWords(row, definition, { disclosure, periodType })
      : emptyReasons[row.empty_reason];
    return { kind: "empty", text: [`${subject}, ${when}: no value, because ${reason}.`, ...flags].join(" ") };
  }
  const window = baseline ? `${longDate(baseline.from)} to ${longDate(baseline.to)}` : "the baseline window";
  const parts = [`${subject}, ${when}: ${valueWords(row, definition)}.`];
  if (row.baseline_value != null) parts.push(`Baseline (${window}): ${formatValue(row.baseline_value, definition.unit, { withUnit: true })}.`);
  const significance = significanceWords(row, definition);
  const change = changeWords(row, definition);
  if (change && significance) parts.push(`That is ${change}. ${significance}`);
  else {
    if (change) parts.push(`That is ${change}.`);
    parts.push(notAssessedWords(row, definition, { overlapsBaseline: periodOverlaps(row.period, periodType, baseline) }));
  }
  parts.push(...flags);
  return { kind: significance ? row.change_assessment : "not_assessed", text: parts.join(" ") };
}
