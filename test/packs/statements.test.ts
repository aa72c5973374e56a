import { describe, expect, it } from "vitest";
import { beforeAfterStatement, changeWords, flagWords, periodOverlaps } from "../../src/components/statements.js";

const percent = { id: "POD-01", name: "Deaths in hospital", unit: "percent", direction: "down", change_scale: "difference", change_assessed: true };
const rate = { id: "HOSP-03", name: "Emergency admissions in last year of life", unit: "per_decedent", direction: "down", change_scale: "ratio", change_assessed: true };
const options = { periodType: "quarter", baseline: { from: "2019-04-01", to: "2020-03-31" }, disclosure: { suppress: [1, 7] }, emptyReasons: { zero_denominator: "the denominator is 0" }, partnerName: (c: string) => ({ ACUTE: "Mid-Shire Hospitals" })[c] ?? c };

const row = (extra: Record<string, unknown>) => ({
  metric_id: "POD-01",
  period_type: "quarter",
  period: "2024-25-Q3",
  numerator: 316,
  denominator: 913,
  value: 0.3461,
  ci_lower: 0.316,
  ci_upper: 0.3776,
  baseline_value: 0.4642,
  change: -0.1181,
  change_lower: -0.1526,
  change_upper: -0.0825,
  change_assessment: "improved",
  incomplete: false,
  missing_submissions: null,
  provisional: false,
  suppressed: false,
  empty_reason: null,
  ...extra,
}) as Record<string, string | number | boolean | null>;

describe("before and after statements", () => {
  it("gives the value, interval, counts, baseline, change with its interval, and a significant improvement for a falling 'lower is better' metric", () => {
    const s = beforeAfterStatement(row({}), percent, options);
    expect(s.kind).toBe("improved");
    expect(s.text).toBe(
      "Deaths in hospital (POD-01), 2024-25 Q3 (Oct to Dec 2024): 34.6% (95% confidence interval 31.6% to 37.8%; 316 of 913). Baseline (1 April 2019 to 31 March 2020): 46.4%. That is a change of −11.8 percentage points (95% confidence interval −15.3 to −8.3 points). The interval excludes no change, so the change is statistically significant (at the 5% level). Lower is better for this measure: a significant improvement.",
    );
  });

  it("says a change whose interval includes no change is not significant", () => {
    const s = beforeAfterStatement(row({ change: -0.01, change_lower: -0.05, change_upper: 0.03, change_assessment: "no_significant_change" }), percent, options);
    expect(s.kind).toBe("no_significant_change");
    expect(s.text).toMatch(/includes no change, so the difference is not statistically significant/);
  });

  it("writes rates as a ratio of the baseline", () => {
    expect(changeWords(row({ change: 0.78, change_lower: 0.74, change_upper: 0.82 }), rate)).toBe("0.78 times the baseline (95% confidence interval 0.74 to 0.82), 22% lower than the baseline");
    const s = beforeAfterStatement(row({ value: 1.64, ci_lower: 1.55, ci_upper: 1.73, baseline_value: 2.1, change: 0.78, change_lower: 0.74, change_upper: 0.82 }), rate, options);
    expect(s.text).toMatch(/1\.64 per decedent \(95% confidence interval 1\.55 to 1\.73; numerator 316, denominator 913\)/);
    expect(s.text).toMatch(/a significant improvement/);
  });

  it("gives no figure for a hidden value: only that disclosure control hides it", () => {
    const s = beforeAfterStatement(row({ suppressed: true, value: null, numerator: null, denominator: null, ci_lower: null, ci_upper: null, change: null, change_assessment: null }), percent, options);
    expect(s.kind).toBe("hidden");
    expect(s.text).toMatch(/hidden by disclosure control \(\*\): the figure rests on 1 to 7 people/);
    expect(s.text).not.toMatch(/\d+\.\d%/);
  });

  it("says why an empty value is empty", () => {
    const s = beforeAfterStatement(row({ value: null, empty_reason: "zero_denominator", change: null, change_assessment: null }), percent, options);
    expect(s).toEqual({ kind: "empty", text: "Deaths in hospital (POD-01), 2024-25 Q3 (Oct to Dec 2024): no value, because the denominator is 0." });
  });

  it("explains a change that is not judged: context metrics, and periods overlapping the baseline", () => {
    const context = { ...percent, id: "POD-03", name: "Deaths in a care home", direction: "context", change_assessed: false };
    expect(beforeAfterStatement(row({ change_assessment: null }), context, options).text).toMatch(/context measure with no better direction/);
    const overlapping = beforeAfterStatement(row({ period: "2019-20-Q2", change: null, change_lower: null, change_upper: null, change_assessment: null }), percent, options);
    expect(overlapping.kind).toBe("not_assessed");
    expect(overlapping.text).toMatch(/overlaps the baseline window/);
  });

  it("says when a figure is incomplete (naming the partner and quarter) or provisional", () => {
    const flags = flagWords(row({ incomplete: true, missing_submissions: "ACUTE:2024-25-Q2", provisional: true }), { partnerName: options.partnerName });
    expect(flags).toEqual([
      "This figure is incomplete: the submission expected from Mid-Shire Hospitals (2024-25 Q2) was missing when it was computed, so it may change when the data arrive.",
      "It is provisional: late records can still arrive by resubmission until two quarters after the period ends.",
    ]);
  });

  it("knows which periods overlap the baseline window", () => {
    const window = { from: "2019-04-01", to: "2020-03-31" };
    expect(periodOverlaps("2020-21-Q1", "quarter", window)).toBe(false);
    expect(periodOverlaps("2020-21-Q1", "rolling12", window)).toBe(true);
    expect(periodOverlaps("2021-22-Q1", "rolling12", window)).toBe(false);
    expect(periodOverlaps("2019-20-Q4", "quarter", window)).toBe(true);
  });
});
