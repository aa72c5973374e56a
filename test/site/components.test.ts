import { describe, expect, it } from "vitest";
import { attentionReasons, missingSubmissionsText } from "../../src/components/board.js";
import { continuousMonths, nextMonth, tickFormat } from "../../src/components/charts.js";
import { fileName } from "../../src/components/csv.js";
import { pageHref } from "../../src/components/data.js";
import { wrapWords } from "../../src/components/downloads.js";
import { formatPair } from "../../src/components/format.js";

/** The site's pure helpers: the pieces whose old versions gave the defects issue 15 lists. */

describe("links for any static host", () => {
  it("end in .html, with the query and hash after it", () => {
    expect(pageHref("contract", "./")).toBe("./contract.html");
    expect(pageHref("families/place-of-death", "../", { query: { metric: "POD-01", period: "2024-25-Q3" } })).toBe("../families/place-of-death.html?metric=POD-01&period=2024-25-Q3");
    expect(pageHref("definitions", "../", { hash: "POD-01" })).toBe("../definitions.html#POD-01");
    expect(pageHref("board-pack", "./", { query: { period: "2024-25-Q3" } })).toBe("./board-pack.html?period=2024-25-Q3");
  });
});

describe("headlines at the table's precision", () => {
  it("keeps the decimal the scorecard shows (46.4% to 28.1%, not 46% to 28%)", () => {
    expect(formatPair(0.4642, 0.2811, "percent")).toEqual(["46.4%", "28.1%"]);
    expect(formatPair(1.594, 3.351, "per_decedent")).toEqual(["1.59", "3.35"]);
  });
});

describe("SPC chart months", () => {
  it("fills every month between the first and last, so lines break at hidden or left-out months", () => {
    const filled = continuousMonths([
      { month: "2024-11", value: 0.4 },
      { month: "2025-02", value: 0.5 },
      { month: "2024-12", value: null },
    ]);
    expect(filled.map((d) => d.month)).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
    expect(filled.map((d) => d.value)).toEqual([0.4, null, null, 0.5]);
    expect(filled[2]!.gap).toBe(true);
    expect(nextMonth("2024-12")).toBe("2025-01");
  });

  it("labels a percentage axis with the decimals its span needs", () => {
    const small = tickFormat("percent", [0.003, 0.009]);
    expect([0.004, 0.005, 0.006].map(small)).toEqual(["0.40%", "0.50%", "0.60%"]);
    const mid = tickFormat("percent", [0.4, 0.46]);
    expect([0.41, 0.42].map(mid)).toEqual(["41.0%", "42.0%"]);
    const wide = tickFormat("percent", [0, 1]);
    expect(wide(0.5)).toBe("50%");
  });
});

describe("file and chart text", () => {
  it("cuts a long file name between words", () => {
    const name = fileName("Any emergency admission in last 90 days of life: monthly SPC chart for primary care network NORTH-PCN-1", "csv");
    expect(name.length).toBeLessThanOrEqual(84);
    expect(name).toMatch(/^any-emergency-admission-in-last-90-days-of-life-monthly-spc-chart-for-primary\.csv$/);
  });

  it("wraps a chart's title between words", () => {
    expect(wrapWords("Deaths in hospital: monthly SPC chart for the alliance", 20)).toEqual(["Deaths in hospital:", "monthly SPC chart", "for the alliance"]);
  });
});

describe("needs attention", () => {
  const meta = { partners: [{ code: "HOSPICE1", name: "St Aidan's Hospice" }], empty_reasons: { follow_up_open: "too recent: the follow-up window has not closed" } };
  const definition = { id: "BRV-01", name: "Bereavement contact within 8 weeks", unit: "percent", change_scale: "difference" };

  it("says why, naming the partner of a missing submission and the target", () => {
    const reasons = attentionReasons(
      { definition, row: { value: 0.62, target: 0.7, rag: "red", incomplete: true, missing_submissions: "HOSPICE1:2025-26-Q2" }, point: { variation: "concern_low", month: "2025-09", value: 0.6, special_cause: "run" } },
      meta,
    );
    expect(reasons.map((r) => r.kind)).toEqual(["concern", "red", "incomplete"]);
    expect(reasons[1]!.text).toBe("Red: 62.0% against a target of 70.0%.");
    expect(reasons[2]!.text).toContain("St Aidan's Hospice (2025-26 Q2)");
    expect(reasons[0]!.text).toContain("a run of points on one side of the centre line");
  });

  it("raises withheld assurance and a figure that is too recent, in the product's own words", () => {
    const reasons = attentionReasons({ definition, row: { value: null, empty_reason: "follow_up_open" }, point: { variation: "improvement_high", withheld_reason: "limits_out_of_date" } }, meta);
    expect(reasons.map((r) => r.kind)).toEqual(["withheld", "empty"]);
    expect(reasons[1]!.text).toBe("No figure for the period: too recent: the follow-up window has not closed.");
  });

  it("has nothing to say about a metric that is fine", () => {
    expect(attentionReasons({ definition, row: { value: 0.8, target: 0.7, rag: "green", change_assessment: "improved" }, point: { variation: "improvement_high", assurance: "pass" } }, meta)).toEqual([]);
  });

  it("lists several missing submissions by partner name", () => {
    expect(missingSubmissionsText("HOSPICE1:2025-26-Q2;ACUTE:2025-26-Q1", meta.partners)).toBe("St Aidan's Hospice (2025-26 Q2) and ACUTE (2025-26 Q1)");
  });
});
